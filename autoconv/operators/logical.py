"""`and`, `or`, `not`: Python's short-circuit semantics on Python values; on traced values
the right operand becomes a staged branch, evaluated only when needed at run time."""

from __future__ import annotations

from typing import Any, Callable

import numpy as np

from autoconv.graph import control_flow
from autoconv.operators.tensors import is_tensor


def _as_bool(x: Any) -> Any:
    if is_tensor(x):
        return x if x.dtype == np.bool_ else x != 0
    return bool(x)


def and_(a: Callable[[], Any], b: Callable[[], Any]) -> Any:
    left = a()
    if is_tensor(left):
        return control_flow.cond(_as_bool(left), lambda: _as_bool(b()), lambda: False)
    return b() if left else left


def or_(a: Callable[[], Any], b: Callable[[], Any]) -> Any:
    left = a()
    if is_tensor(left):
        return control_flow.cond(_as_bool(left), lambda: True, lambda: _as_bool(b()))
    return left if left else b()


def and_value(a: Callable[[], Any], b: Callable[[], Any]) -> Any:
    """`a and b` where its value counts: `b` if `a` is true, else `a` (staged between the two)."""
    left = a()
    if is_tensor(left):
        return control_flow.cond(_as_bool(left), b, lambda: left)
    return b() if left else left


def or_value(a: Callable[[], Any], b: Callable[[], Any]) -> Any:
    """`a or b` where its value counts: `a` if `a` is true, else `b` (staged between the two)."""
    left = a()
    if is_tensor(left):
        return control_flow.cond(_as_bool(left), lambda: left, b)
    return left if left else b()


def not_(x: Any) -> Any:
    if is_tensor(x):
        return np.logical_not(x)
    return not x
