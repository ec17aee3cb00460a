"""`for` loops: Python iteration over Python iterables (unrolled while tracing); a staged
`while_loop` over an index for traced arrays, ranges with traced bounds, and their
`enumerate`/`zip`."""

from __future__ import annotations

from typing import Any, Callable

import numpy as np

from autoconv.errors import StagingError, user_location
from autoconv.operators.conditionals import if_stmt
from autoconv.operators.iterables import StagedEnumerate, StagedIterable, TensorItems, as_staged
from autoconv.operators.loop_state import UnrollCounter, staged_loop
from autoconv.operators.tensors import is_tensor


# A Python loop whose early exit became an array is unrolled item by item, each a staged
# `if`: past this many items, tracing stops with an error rather than run on.
GUARDED_ITERATIONS_LIMIT = 10_000


def for_stmt(
    iterated: Any,
    extra_test: Callable[[], Any] | None,
    loop_body: Callable[[Any], None],
    get_state: Callable[[], tuple],
    set_state: Callable[[tuple], None],
    symbol_names: tuple[str, ...],
    opts: dict,
) -> None:
    staged = as_staged(iterated)
    live = _live_items(opts.get("live"), symbol_names, get_state)
    if staged is not None:
        _staged_for(staged, extra_test, loop_body, get_state, set_state, symbol_names, opts, live)
        return
    iterator = iter(iterated)
    if live is not None and isinstance(_innermost(iterated), np.ndarray):
        iterator = _reading_live(iterated, live)
    counter = UnrollCounter()
    while True:
        # The extra test (a `break` or `return` flag) runs before the next item is taken,
        # as Python takes no item after a `break`.
        if extra_test is not None:
            keep_going = extra_test()
            if is_tensor(keep_going):
                _guarded_rest(iterator, extra_test, loop_body, get_state, set_state, symbol_names)
                return
            if not keep_going:
                return
        try:
            item = next(iterator)
        except StopIteration:
            return
        loop_body(item)
        counter.tick()


def _guarded_rest(iterator, extra_test, loop_body, get_state, set_state, names) -> None:
    """The rest of a Python loop whose break flag became an array: each iteration is a
    staged if on the flag."""
    counter = UnrollCounter()
    for item in iterator:
        if_stmt(extra_test(), lambda: loop_body(item), lambda: None, get_state, set_state, names, len(names))
        counter.tick()
        if counter.count > GUARDED_ITERATIONS_LIMIT:
            raise StagingError(
                f"the loop at {user_location()} goes over a Python iterable, and whether it stops early "
                f"(`break` or `return`) depends on an array: tracing unrolls it, and it has more than "
                f"{GUARDED_ITERATIONS_LIMIT} items (an endless iterator?). Loop over a range with an "
                "array bound (or an array) instead, so the loop is staged")


def _staged_for(
    staged: StagedIterable,
    extra_test: Callable[[], Any] | None,
    loop_body: Callable[[Any], None],
    get_state: Callable[[], tuple],
    set_state: Callable[[tuple], None],
    names: tuple[str, ...],
    opts: dict,
    live: Callable[[], Any] | None = None,
) -> None:
    length = staged.length()

    def test(extra: tuple) -> Any:
        (i,) = extra
        in_range = i < length
        if extra_test is None:
            return in_range
        keep_going = extra_test()
        if not is_tensor(keep_going):
            return in_range if keep_going else False
        return np.logical_and(in_range, keep_going)

    def body(extra: tuple) -> tuple:
        (i,) = extra
        loop_body((staged if live is None else _on(staged, live())).item(i))
        return (i + 1,)

    staged_loop("for", test, body, (0,), get_state, set_state, names, opts)


# `for v in x` (or `enumerate(x)`) whose body updates items of `x`: Python's iterator reads
# each item from the array as it is then (the converter names `x` as opts["live"]).

def _live_items(name: str | None, names: tuple[str, ...], get_state: Callable[[], tuple]) -> Any:
    """A function giving the current value of the variable the loop iterates, or None."""
    if name is None or name not in names:
        return None
    index = names.index(name)
    return lambda: get_state()[index]


def _innermost(iterated: Any) -> Any:
    return iterated.inner if isinstance(iterated, StagedEnumerate) else iterated


def _on(staged: StagedIterable, current: Any) -> StagedIterable:
    """`staged` iterating over `current` (the array's value now) instead."""
    if isinstance(staged, StagedEnumerate):
        return StagedEnumerate(_on(staged.inner, current), staged.start)
    return TensorItems(current) if isinstance(staged, TensorItems) else staged


def _reading_live(iterated: Any, live: Callable[[], Any]) -> Any:
    """Python iteration over a NumPy array, each item read from the variable's value then."""
    for k in range(len(iterated)):
        yield live()[k]
