"""`if` statements and conditional expressions: plain Python on Python values, a staged
`cond` on traced ones."""

from __future__ import annotations

from typing import Any, Callable

import numpy as np

from autoconv.errors import BranchMismatchError, StagingError, raised_for_run_time, user_location
from autoconv.graph import control_flow, nest, ops
from autoconv.operators import lists
from autoconv.operators.tensors import containers_of_the_caller, is_tensor
from autoconv.operators.undefined import ReturnOfUndefined, Undefined, UndefinedReturnValue, placeholder_like

RETURN_VALUE = "retval_"  # the name converted code gives the value it returns


def if_stmt(
    cond: Any,
    if_body: Callable[[], None],
    else_body: Callable[[], None],
    get_state: Callable[[], tuple],
    set_state: Callable[[tuple], None],
    symbol_names: tuple[str, ...],
    nouts: int,
    enclosing: str | None = None,
) -> None:
    """Run `if_body` or `else_body`; the first `nouts` variables of the state are outputs."""
    cond = lists.truth(cond)
    if is_tensor(cond):
        _staged_if(cond, if_body, else_body, get_state, set_state, symbol_names, nouts, enclosing)
    elif cond:
        if_body()
    else:
        else_body()


def deferring(fn: Callable[[], Any], stand_in: Callable[[], Any]) -> Callable[[], Any]:
    """`fn` as a staged branch: an error it raises while traced that the program would raise
    only when it runs that branch (a `raise`, a complaint of NumPy's) becomes a `raise`
    operation there, and the branch gives `stand_in()` (a value of the other branch's type)."""
    def branch() -> Any:
        try:
            return fn()
        except Exception as exc:
            if not _raise_when_run(exc):
                raise
            return stand_in()
    return branch


def _raise_when_run(exc: Exception) -> bool:
    """Stage a `raise` of `exc` in the current graph if the program would raise it only when
    it runs this code (see `raised_for_run_time`); whether it did."""
    location = raised_for_run_time(exc)
    if location is not None:
        ops.raise_(exc, location)
    return location is not None


def if_exp(cond: Any, if_true: Callable[[], Any], if_false: Callable[[], Any], source: str) -> Any:
    """`if_true() if cond else if_false()`."""
    cond = lists.truth(cond)
    if not is_tensor(cond):
        return if_true() if cond else if_false()
    try:
        # (A side whose error is deferred gives zeros of the other side's type: that side is
        # traced into it too, and pruned.)
        return control_flow.cond(cond, deferring(if_true, lambda: placeholder_like(if_false())),
                                 deferring(if_false, lambda: placeholder_like(if_true())))
    except BranchMismatchError as e:
        raise StagingError(
            f"the two sides of the staged conditional expression `{source}` at {user_location()} "
            f"do not match: {e}"
        ) from None


def unsupported_enclosing(kind: str, enclosing: str) -> StagingError:
    return StagingError(
        f"{'an' if kind[0] in 'aeiou' else 'a'} {kind} statement whose condition is an array, inside a {enclosing} statement, at "
        f"{user_location()}: try/with around staged control flow is not supported; move the "
        f"{enclosing} outside the function or the {kind} outside the {enclosing}"
    )


def _own_copy(value: Any) -> Any:
    if lists.is_plain_list(value):
        return list(value)
    if isinstance(value, np.ndarray):
        return value.copy()
    return value


def _describe_name(name: str) -> str:
    return "the return value" if name == RETURN_VALUE else f"variable {name!r}"


def _staged_if(cond, if_body, else_body, get_state, set_state, names, nouts, enclosing) -> None:
    if enclosing is not None:
        raise unsupported_enclosing("if", enclosing)
    where = user_location()
    init = tuple(get_state())
    dropped: set[int] = set()  # outputs Undefined in a branch
    grown: dict[int, lists.ElementType] = {}  # lists the branches leave with different lengths
    # A return value one branch does not set: the function returns on every path (else it
    # would start as None), so where the branch leaves it unset, it is never read.
    filled: dict[int, Any] = {}
    seen: dict[str, tuple] = {}

    raised: dict[str, Exception] = {}  # branch -> what user code raised in it while traced
    guessed: list[str] = []  # raising branches traced before the other one

    def branch(body: Callable[[], None], label: str) -> Callable[[], tuple]:
        def run() -> tuple:
            # Each branch appends to its own copy of a list, and updates its own copy of an
            # array in place (`k += 1`): both branches are traced.
            set_state(tuple(_own_copy(v) for v in init))
            try:
                body()
            except Exception as exc:
                # `if x < 0: raise ValueError(...)` (or NumPy would complain there): the branch
                # raises when the graph takes it. Its outputs are never read; they take the
                # types of the other branch's. (Both branches raise: so does Python, always.)
                if raised or not _raise_when_run(exc):
                    raise
                raised[label] = exc
                other = seen.get("false" if label == "true" else "true")
                if other is None:
                    guessed.append(label)  # the other branch is not traced yet: try again after it
                state = [placeholder_like(v) if v is not None and not isinstance(v, Undefined) else i
                         for i, v in zip(init, other or [None] * len(init))]
                seen[label] = tuple(state)
                return tuple(v for i, v in enumerate(state[:nouts]) if i not in dropped)
            state = list(get_state())
            seen[label] = tuple(state)
            for i, element in grown.items():
                if lists.is_plain_list(state[i]):
                    state[i] = lists.to_tensor_list(state[i], element)
            for i, like in filled.items():
                if isinstance(state[i], Undefined):
                    state[i] = placeholder_like(like)
            return tuple(v for i, v in enumerate(state[:nouts]) if i not in dropped)

        return run

    for _ in range(2 * nouts + 1):
        raised.clear()
        try:
            with containers_of_the_caller():
                outputs = control_flow.cond(cond, branch(if_body, "true"), branch(else_body, "false"))
            break
        except BranchMismatchError as e:
            if "true" not in seen or "false" not in seen:
                raise
            true_state, false_state = seen["true"][:nouts], seen["false"][:nouts]
            if "true" in raised:  # a raising branch's outputs follow the other branch
                true_state = false_state
            elif "false" in raised:
                false_state = true_state
            newly = _undefined_in_a_branch(true_state, false_state) - dropped - filled.keys()
            # (a return value unset in a branch, not one set there to a variable without a value)
            likes = {i: _like(true_state[i], false_state[i]) for i in newly if names[i] == RETURN_VALUE
                     and all(isinstance(v, UndefinedReturnValue) and not isinstance(v, ReturnOfUndefined)
                             for v in (true_state[i], false_state[i]) if isinstance(v, Undefined))}
            likes = {i: like for i, like in likes.items() if like is not None}
            lengths = _grown_lists(true_state, false_state, names, where)
            lengths = {i: t for i, t in lengths.items() if i not in grown}
            if not newly and not lengths and not guessed:
                raise _mismatch_error(e, seen, names, nouts, dropped, where) from None
            guessed.clear()
            dropped |= newly - likes.keys()
            filled.update(likes)
            grown.update(lengths)
    outputs = iter(outputs)
    final = []
    for i, name in enumerate(names):
        if i >= nouts:
            final.append(init[i])
        elif i in dropped:
            final.append(_one_branch_undefined(name, where, seen["true"][i], seen["false"][i]))
        else:
            final.append(next(outputs))
    set_state(tuple(final))


def _undefined_in_a_branch(true_state: tuple, false_state: tuple) -> set[int]:
    return {
        i
        for i, (a, b) in enumerate(zip(true_state, false_state))
        if isinstance(a, Undefined) or isinstance(b, Undefined)
    }


def _grown_lists(true_state: tuple, false_state: tuple, names: tuple, where: str) -> dict[int, lists.ElementType]:
    """Lists the two branches leave with different lengths, or that one branch leaves as a
    tensor list (a staged loop in it grew the list), with their item type: those become
    tensor lists."""
    grown = {}
    for i, (a, b) in enumerate(zip(true_state, false_state)):
        if lists.is_plain_list(a) and lists.is_plain_list(b) and len(a) != len(b):
            elements = [lists.element_type(v) for v in a + b]
        elif lists.is_plain_list(a) != lists.is_plain_list(b) and (is_tensor(a) or is_tensor(b)):
            items, array = (a, b) if lists.is_plain_list(a) else (b, a)
            elements = [(array.dtype, tuple(array.shape[1:]))] + [lists.element_type(v) for v in items]
        else:
            continue
        if all(e is not None for e in elements):
            grown[i] = lists.common_element_type(names[i], elements, where)
    return grown


def _like(true_value: Any, false_value: Any) -> Any:
    """A value the variable has on a path through the branches, or None."""
    for v in (true_value, false_value):
        if not isinstance(v, Undefined):
            return v
    return next((v.like for v in (true_value, false_value) if v.like is not None), None)


def _one_branch_undefined(name: str, where: str, true_value: Any, false_value: Any) -> Undefined:
    """The value after a staged if of a variable undefined in at least one branch."""
    like = _like(true_value, false_value)
    undefined = [v for v in (true_value, false_value) if isinstance(v, Undefined)]
    # `x = y` in a branch where `y` has no value yet: `y` is the one to name.
    source = next((v for v in undefined if v.name not in (name, None) and v.name != RETURN_VALUE), None)
    if name == RETURN_VALUE:
        reason = "a staged if returns in only one branch"
        if source is not None:
            reason = (f"a branch of a staged if returns {source.name!r}, which {source.reason or 'has no value there'} "
                      f"({source.where})")
            return ReturnOfUndefined(reason, where)
        carried = next((v for v in undefined if isinstance(v, ReturnOfUndefined)), None)
        if carried is not None:
            return ReturnOfUndefined(carried.reason, carried.where)
        return UndefinedReturnValue(reason, where, like)
    if source is not None:
        return Undefined(name, f"takes in one branch of a staged if the value of {source.name!r}, which "
                               f"{source.reason or 'has no value there'} ({source.where})", where, like)
    own = next((v for v in undefined if v.name == name and v.reason), None)
    if own is not None:  # say why it has no value (a staged loop defined it first, say)
        return Undefined(name, f"{own.reason} ({own.where}), so has a value in only one branch of a staged if",
                         where, like)
    return Undefined(name, "is defined in only one branch of a staged if", where, like)


def _mismatch_error(e: BranchMismatchError, seen: dict, names: tuple, nouts: int, dropped: set, where: str) -> StagingError:
    """Name the variable whose values the two branches disagree on."""
    true_state, false_state = seen.get("true", ()), seen.get("false", ())
    for i in range(min(nouts, len(true_state), len(false_state))):
        if i in dropped:
            continue
        a, b = true_state[i], false_state[i]
        if nest.structure(a) != nest.structure(b):
            return StagingError(
                f"the branches of the staged if at {where} give {_describe_name(names[i])} different "
                f"structures: {nest.describe(a)} in the true branch, {nest.describe(b)} in the false "
                "branch (branches return different structures)"
            )
        for x, y in zip(nest.flatten(a), nest.flatten(b)):
            mismatch = _leaf_mismatch(x, y)
            if mismatch:
                hint = ""
                if names[i] == RETURN_VALUE and (a is None or b is None):
                    hint = (" (None where the function ends without a return statement: "
                            "a staged return needs a value of one dtype on every path)")
                return StagingError(
                    f"the branches of the staged if at {where} give {_describe_name(names[i])} "
                    f"incompatible values: {mismatch}{hint}"
                )
    name = _name_of_leaf(e.index, true_state, names, nouts)
    what = f" for {_describe_name(name)}" if name is not None else ""
    return StagingError(f"the branches of the staged if at {where} do not match{what}: {e}")


def _name_of_leaf(index: int, state: tuple, names: tuple, nouts: int) -> str | None:
    """The variable whose value holds leaf `index` of the flattened branch outputs."""
    start = 0
    for i in range(min(nouts, len(state))):
        count = len(nest.flatten(state[i]))
        if start <= index < start + count:
            return names[i]
        start += count
    return None


def _leaf_mismatch(a: Any, b: Any) -> str | None:
    describe = control_flow.describe
    tensorizable = control_flow.is_tensorizable
    if tensorizable(a) and tensorizable(b):
        da, db = _dtype(a), _dtype(b)
        if da is not None and db is not None and da != db:
            return f"{describe(a)} in the true branch, {describe(b)} in the false branch (dtypes differ)"
        if len(_shape(a)) != len(_shape(b)):
            return f"{describe(a)} in the true branch, {describe(b)} in the false branch (ranks differ)"
        return None
    if a is b:
        return None
    return f"{describe(a)} in the true branch, {describe(b)} in the false branch"


def _dtype(x: Any) -> Any:
    if hasattr(x, "dtype"):
        return x.dtype
    return None if isinstance(x, (bool, int, float, complex)) else np.asarray(x).dtype


def _shape(x: Any) -> tuple:
    return tuple(x.shape) if hasattr(x, "shape") else np.shape(x)
