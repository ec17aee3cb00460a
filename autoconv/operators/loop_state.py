"""Staging a loop over the variables converted code carries through `get_state`/`set_state`.

Shared by `while_stmt` and `for_stmt`: a variable without a value on entry (`Undefined`)
is not a loop variable; inside the loop and after it, it stays undefined, so reading it
before assigning it in an iteration, or after the loop, reports where it came from.
"""

from __future__ import annotations

import warnings
from typing import Any, Callable

import numpy as np

from autoconv.errors import AutoConvError, LoopVarError, StagingError, user_location
from autoconv.graph import Graph, Tensor, control_flow, nest, ops
from autoconv.graph.tracing import tracing
from autoconv.operators import lists
from autoconv.operators.conditionals import RETURN_VALUE, unsupported_enclosing
from autoconv.operators.tensors import containers_of_the_caller, is_tracing
from autoconv.operators.undefined import Undefined, UndefinedReturnValue, placeholder_like

UNROLL_WARNING_ITERATIONS = 1000


def staged_loop(
    kind: str,
    test: Callable[[tuple], Any],
    body: Callable[[tuple], tuple],
    extra: tuple,
    get_state: Callable[[], tuple],
    set_state: Callable[[tuple], None],
    names: tuple[str, ...],
    opts: dict,
) -> tuple:
    """Stage `while test(extra): extra = body(extra)` over the carried state too.

    `extra` are loop variables of the operator's own (a for loop's index); their final
    values are returned.
    """
    if opts.get("enclosing"):
        raise unsupported_enclosing(kind, opts["enclosing"])
    where = user_location()
    before = tuple(get_state())
    with containers_of_the_caller():
        return _staged(kind, test, body, extra, before, get_state, set_state, names, where)


def _staged(kind, test, body, extra, before, get_state, set_state, names, where) -> tuple:
    rebuilt = _rebuilt_lists(kind, body, extra, before, get_state, set_state, names, where)
    init, invariants = _typed_state(kind, body, extra, before, get_state, set_state, names, where, rebuilt)
    carried = [i for i, v in enumerate(init) if not isinstance(v, Undefined)]
    grown = {i for i, v in enumerate(before)
             if lists.is_plain_list(v) and i not in rebuilt or lists.is_list_tensor(v)}
    n = len(extra)

    def full_state(values: tuple) -> tuple:
        state: list[Any] = [_undefined_in_loop(name, kind, where) for name in names]
        for i, v in zip(carried, values):
            state[i] = lists.as_list_tensor(v) if i in grown else v
        return tuple(state)

    def cond_fn(*loop_vars: Any) -> Any:
        set_state(full_state(loop_vars[n:]))
        return test(loop_vars[:n])

    def body_fn(*loop_vars: Any) -> tuple:
        set_state(full_state(loop_vars[n:]))
        new_extra = body(loop_vars[:n])
        state = get_state()
        return tuple(new_extra) + tuple(state[i] for i in carried)

    loop_vars = tuple(extra) + tuple(init[i] for i in carried)
    leaf_invariants = [None] * len(nest.flatten(tuple(extra))) + [
        invariant for i in carried for invariant in [invariants.get(i)] * len(nest.flatten(init[i]))]
    try:
        final = control_flow.while_loop(cond_fn, body_fn, loop_vars, shape_invariants=leaf_invariants)
    except LoopVarError as e:
        labels = ["the loop index"] * n + [names[i] for i in carried]
        raise _loop_var_error(e, loop_vars, labels, kind, where) from None
    set_state(full_state(tuple(final[n:])))
    return tuple(final[:n])


def _rebuilt_lists(kind, body, extra, init, get_state, set_state, names, where) -> frozenset[int]:
    """The lists in `init` that the loop body replaces by new lists of the same length
    (`st = [st[1], st[0] + st[1]]`): carried as lists of loop variables, not as tensor lists.
    Found by a throwaway trace of one iteration, when there are non-empty lists."""
    candidates = [i for i, v in enumerate(init) if lists.is_plain_list(v) and v]
    if not candidates:
        return frozenset()
    try:
        after = _trace_one_iteration(kind, body, extra, init, {}, get_state, set_state, names, where)
    except Exception:
        return frozenset()  # (read at a traced index, say): the tensor list it has always been
    finally:
        set_state(init)
    return frozenset(i for i in candidates if lists.is_plain_list(after[i]) and len(after[i]) == len(init[i]))


def _typed_state(kind, body, extra, init, get_state, set_state, names, where,
                 rebuilt: frozenset[int] = frozenset()) -> tuple[tuple, dict]:
    """The state a staged loop starts from, with what it cannot carry as it is given a type:
    a Python list becomes a tensor list, and a return value not set yet (a `return` inside
    the loop) starts as zeros of the type the loop returns. Types the state alone does not
    tell (the items of an empty list, the return value) come from a throwaway trace of one
    iteration. Also returns the shape each empty list is carried as (its length and the
    dims of its items the trace does not know, unknown)."""
    state = list(init)
    probes: dict[int, lists.ListProbe] = {}
    for i, value in enumerate(init):
        if lists.is_plain_list(value) and i not in rebuilt:
            element = lists.list_element_type(value) if value else None
            if element is not None:
                state[i] = lists.to_tensor_list(value, element)
            elif not value:
                probes[i] = lists.ListProbe(names[i])
    returns = [i for i, name in enumerate(names) if name == RETURN_VALUE and isinstance(init[i], Undefined)]
    if not probes and not returns:
        return tuple(state), {}
    learned = _trace_one_iteration(kind, body, extra, state, probes, get_state, set_state, names, where)
    set_state(init)
    invariants: dict[int, tuple] = {}
    for i, probe in probes.items():
        if probe.appended:
            element = lists.common_element_type(probe.name, probe.appended, where)
            state[i] = lists.empty_tensor_list(element)
            invariants[i] = (None, *element[1])
    if returns and any(p.read and p.appended for p in probes.values()):
        # The body read a list as an array before its item type was known: trace it again
        # with the type, for the type of what it returns.
        again = {i: p for i, p in probes.items() if not p.appended}
        learned = _trace_one_iteration(kind, body, extra, state, again, get_state, set_state, names, where)
        set_state(init)
    for i in returns:
        value = learned[i]
        like = value.like if isinstance(value, Undefined) else value
        if like is not None and not isinstance(like, Undefined):
            state[i] = placeholder_like(like)
    return tuple(state), invariants


def _trace_one_iteration(kind, body, extra, state, probes, get_state, set_state, names, where) -> tuple:
    """The state after tracing the body once into a scratch graph that is then dropped."""
    scratch = Graph("scratch")
    with tracing(scratch):
        values = []
        for i, (name, value) in enumerate(zip(names, state)):
            if i in probes:
                values.append(probes[i])
            elif isinstance(value, Undefined):
                values.append(_undefined_in_loop(name, kind, where))
            else:
                values.append(nest.map_structure(lambda x: _placeholder(scratch, x), value))
        set_state(tuple(values))
        try:
            body(tuple(_placeholder(scratch, x) for x in extra))
        except Exception as e:
            if not probes or isinstance(e, AutoConvError):
                raise
            name = next(iter(probes.values())).name
            raise lists.probe_error(name, kind, where, e) from None
        return tuple(get_state())


def _placeholder(graph: Graph, x: Any) -> Any:
    """An input of `graph` with the type a staged loop carries `x` as."""
    if isinstance(x, Tensor):
        return graph.add_input(x.dtype, x.shape, x.weak)
    if isinstance(x, (np.ndarray, np.generic)) or ops.is_python_scalar(x):
        t = control_flow.to_tensor(x)
        return graph.add_input(t.dtype, t.shape, t.weak)
    return x


def _undefined_in_loop(name: str, kind: str, where: str) -> Undefined:
    if name == RETURN_VALUE:
        return UndefinedReturnValue(f"a return statement inside a staged {kind} loop", where)
    return Undefined(name, f"is first defined inside a staged {kind} loop", where)


def _loop_var_error(e: LoopVarError, loop_vars: tuple, labels: list[str], kind: str, where: str) -> StagingError:
    owners = [label for value, label in zip(loop_vars, labels) for _ in nest.flatten(value)]
    position = getattr(e, "position", None)
    if position is not None and position < len(labels):
        label = labels[position]
    else:
        label = owners[e.index] if 0 <= e.index < len(owners) else "a loop variable"
    if label == RETURN_VALUE:
        return StagingError(
            f"the function returns {control_flow.describe(e.after)} from inside the staged {kind} loop "
            f"at {where}, but {control_flow.describe(e.before)} when the loop finishes without "
            "returning: the return value must have one dtype (and kind of value) on every path"
        )
    what = label if label.startswith("the ") else f"variable {label!r}"
    if isinstance(e.after, Undefined):  # it took the value of a variable that has none there
        source = e.after.name if e.after.name not in (label, None) else None
        why = f"{e.after.reason} ({e.after.where})" if e.after.reason else f"has no value (since {e.after.where})"
        return StagingError(
            f"{what} has no value after an iteration of the staged {kind} loop at {where}: "
            + (f"it takes the value of {source!r}, which {why}" if source else f"it {why}"))
    return StagingError(
        f"{what} changes in the staged {kind} loop at {where}: "
        f"{control_flow.describe(e.before)} before the loop, {control_flow.describe(e.after)} "
        f"after an iteration; a loop variable must keep its dtype (and kind of value) ({e})"
    )


class UnrollCounter:
    """Counts Python iterations of a loop; warns once when tracing unrolls too many."""

    __slots__ = ("count",)

    def __init__(self) -> None:
        self.count = 0

    def tick(self) -> None:
        self.count += 1
        if self.count == UNROLL_WARNING_ITERATIONS + 1:
            if is_tracing():
                warnings.warn(
                    f"the loop at {user_location()} ran more than {UNROLL_WARNING_ITERATIONS} "
                    "iterations in Python while tracing, adding each one to the graph; give the "
                    "loop an array bound (e.g. `range(n)` with `n` an array) so it is staged",
                    stacklevel=3,
                )
