"""`and`, `or`, `not`: Python's short-circuit semantics on Python values; on traced values
the right operand becomes a staged branch, evaluated only when needed at run time."""

from __future__ import annotations

from typing import Any, Callable

import numpy as np

from autoconv.graph import control_flow
from autoconv.errors import StagingError, user_location
from autoconv.operators import lists
from autoconv.operators.conditionals import deferring
from autoconv.operators.undefined import placeholder_like
from autoconv.operators.tensors import is_tensor


def _as_bool(x: Any) -> Any:
    x = lists.truth(x)
    if is_tensor(x):
        return x if x.dtype == np.bool_ else x != 0
    return bool(x)


def and_(a: Callable[[], Any], b: Callable[[], Any]) -> Any:
    left = a()
    if is_tensor(left):
        return control_flow.cond(_as_bool(left), deferring(lambda: _as_bool(b()), lambda: False), lambda: False)
    return b() if left else left


def or_(a: Callable[[], Any], b: Callable[[], Any]) -> Any:
    left = a()
    if is_tensor(left):
        return control_flow.cond(_as_bool(left), lambda: True, deferring(lambda: _as_bool(b()), lambda: True))
    return left if left else b()


def and_value(a: Callable[[], Any], b: Callable[[], Any]) -> Any:
    """`a and b` where its value counts: `b` if `a` is true, else `a` (staged between the two)."""
    left = a()
    if is_tensor(left):
        return control_flow.cond(_as_bool(left), deferring(b, lambda: placeholder_like(left)), lambda: left)
    return b() if left else left


def or_value(a: Callable[[], Any], b: Callable[[], Any]) -> Any:
    """`a or b` where its value counts: `a` if `a` is true, else `b` (staged between the two)."""
    left = a()
    if is_tensor(left):
        return control_flow.cond(_as_bool(left), lambda: left, deferring(b, lambda: placeholder_like(left)))
    return left if left else b()


def in_(x: Any, container: Any) -> Any:
    """`x in container`: Python's own test, or on traced values the staged `any(x == item)`
    (an array container: NumPy's `(container == x).any()`)."""
    if is_tensor(container):
        return np.any(container == x)
    if not is_tensor(x) and not (isinstance(container, (list, tuple)) and any(map(is_tensor, container))):
        return x in container
    if isinstance(container, dict) or not isinstance(container, (list, tuple, set, frozenset, range)):
        raise StagingError(f"`in` of a traced value in a {type(container).__name__} at {user_location()}: only "
                           "a list, tuple, set, range or array can be searched by value while tracing")
    if is_tensor(x) and x.shape != ():
        raise StagingError(f"`in` of a traced array of shape {x.shape} at {user_location()}: Python would take the "
                           "truth of each comparison, which is ambiguous for arrays")
    found: Any = False
    for item in container:
        if item is x:
            return True  # Python's `in` tests identity first (NaN is in (NaN,))
        if is_tensor(x) and not is_tensor(item) and not isinstance(item, (bool, int, float, complex, np.generic)):
            continue  # `3 == "auto"` is False for NumPy too
        found = np.logical_or(found, x == item)
    return found


def not_in(x: Any, container: Any) -> Any:
    return not_(in_(x, container))


def not_(x: Any) -> Any:
    x = lists.truth(x)
    if is_tensor(x):
        return np.logical_not(x)
    return not x
