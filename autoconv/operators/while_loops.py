"""`while` loops: plain Python while the test is a Python value, a staged `while_loop` as
soon as it is a traced one."""

from __future__ import annotations

from typing import Any, Callable

from autoconv.graph import nest
from autoconv.graph.tracing import checkpoint
from autoconv.operators import lists
from autoconv.operators.loop_state import UnrollCounter, staged_loop
from autoconv.operators.tensors import is_tensor
from autoconv.operators.undefined import Undefined


def while_stmt(
    loop_test: Callable[[], Any],
    loop_body: Callable[[], None],
    get_state: Callable[[], tuple],
    set_state: Callable[[tuple], None],
    symbol_names: tuple[str, ...],
    opts: dict,
) -> None:
    counter = UnrollCounter()
    while True:
        before_test = checkpoint()
        test = lists.truth(loop_test())
        if is_tensor(test):
            # The remaining iterations (all of them, or those after the test became an
            # array) are staged from the current state. The staged loop evaluates the test
            # again: what this evaluation added to the graph goes, so that its effects
            # (random draws, prints) happen once.
            if before_test is not None:
                before_test.discard(_tensors(get_state()))
            staged_loop("while", lambda _: lists.truth(loop_test()), _run(loop_body), (), get_state, set_state, symbol_names, opts)
            return
        if not test:
            return
        loop_body()
        counter.tick()


def _tensors(state: tuple) -> list[Any]:
    """The values in the carried state, with the values undefined variables stand in for."""
    found = []
    for leaf in nest.flatten(state):
        found += _tensors(leaf.like) if isinstance(leaf, Undefined) else [leaf]
    return found


def _run(loop_body: Callable[[], None]) -> Callable[[tuple], tuple]:
    def body(extra: tuple) -> tuple:
        loop_body()
        return ()

    return body
