"""Staging a loop over the variables converted code carries through `get_state`/`set_state`.

Shared by `while_stmt` and `for_stmt`: a variable without a value on entry (`Undefined`)
is not a loop variable; inside the loop and after it, it stays undefined, so reading it
before assigning it in an iteration, or after the loop, reports where it came from.
"""

from __future__ import annotations

import warnings
from typing import Any, Callable

from autoconv.errors import LoopVarError, StagingError, user_location
from autoconv.graph import control_flow, nest
from autoconv.operators.conditionals import RETURN_VALUE, unsupported_enclosing
from autoconv.operators.tensors import is_tracing
from autoconv.operators.undefined import Undefined, UndefinedReturnValue

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
    init = tuple(get_state())
    carried = [i for i, v in enumerate(init) if not isinstance(v, Undefined)]
    n = len(extra)

    def full_state(values: tuple) -> tuple:
        state: list[Any] = [_undefined_in_loop(name, kind, where) for name in names]
        for i, v in zip(carried, values):
            state[i] = v
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
    try:
        final = control_flow.while_loop(cond_fn, body_fn, loop_vars)
    except LoopVarError as e:
        labels = ["the loop index"] * n + [names[i] for i in carried]
        raise _loop_var_error(e, loop_vars, labels, kind, where) from None
    set_state(full_state(tuple(final[n:])))
    return tuple(final[:n])


def _undefined_in_loop(name: str, kind: str, where: str) -> Undefined:
    if name == RETURN_VALUE:
        return UndefinedReturnValue(f"a return statement inside a staged {kind} loop", where)
    return Undefined(name, f"is first defined inside a staged {kind} loop", where)


def _loop_var_error(e: LoopVarError, loop_vars: tuple, labels: list[str], kind: str, where: str) -> StagingError:
    owners = [label for value, label in zip(loop_vars, labels) for _ in nest.flatten(value)]
    label = owners[e.index] if 0 <= e.index < len(owners) else "a loop variable"
    what = label if label.startswith("the ") else f"variable {label!r}"
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
