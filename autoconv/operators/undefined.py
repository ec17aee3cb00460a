"""Placeholders for variables that have no value on some path.

Converted code sets a variable to `Undefined` where staged control flow needs a value it does
not have (a variable first assigned inside a branch or a loop). Using it in any way raises
a StagingError that names the variable, where it became undefined, and where it was used.
"""

from __future__ import annotations

from typing import Any, NoReturn

import numpy as np

from autoconv.errors import StagingError, user_location
from autoconv.graph import Tensor, nest, ops


class Undefined:
    """The value of variable `name`, unset since `where` for the given `reason`.

    `like` is a value the variable takes on another path (the branch of a staged `if` that
    assigns it), or None: a staged loop reads it to give a return value its type up front.
    """

    __slots__ = ("name", "reason", "where", "like")

    def __init__(self, name: str, reason: str | None = None, where: str | None = None, like: Any = None):
        self.name = name
        self.reason = reason
        self.where = where if where is not None else user_location()
        self.like = like

    def __repr__(self) -> str:
        return f"Undefined({self.name!r})"

    def error(self) -> StagingError:
        use = user_location()
        if self.reason is None:
            return StagingError(
                f"variable {self.name!r} is used at {use} but no value was assigned to it "
                f"(it is unset since {self.where})"
            )
        return StagingError(f"variable {self.name!r} {self.reason} ({self.where}) and used at {use}")

    def _raise(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise self.error()

    def __getattr__(self, attr: str) -> NoReturn:
        if attr.startswith("__array") or attr.startswith("_autoconv"):
            raise AttributeError(attr)  # lets NumPy fall through to __array__ below
        raise self.error()

    __bool__ = __iter__ = __len__ = __call__ = __getitem__ = __setitem__ = __delitem__ = _raise
    __contains__ = __int__ = __float__ = __complex__ = __index__ = __array__ = _raise
    __eq__ = __ne__ = __lt__ = __le__ = __gt__ = __ge__ = _raise  # type: ignore[assignment]
    __add__ = __radd__ = __sub__ = __rsub__ = __mul__ = __rmul__ = __truediv__ = _raise
    __rtruediv__ = __floordiv__ = __rfloordiv__ = __mod__ = __rmod__ = __pow__ = __rpow__ = _raise
    __matmul__ = __rmatmul__ = __and__ = __rand__ = __or__ = __ror__ = __xor__ = __rxor__ = _raise
    __lshift__ = __rlshift__ = __rshift__ = __rrshift__ = __neg__ = __pos__ = __abs__ = _raise
    __invert__ = __iadd__ = __isub__ = __imul__ = __itruediv__ = __round__ = _raise
    __array_ufunc__ = __array_function__ = _raise
    __hash__ = object.__hash__


class UndefinedReturnValue(Undefined):
    """The return value of a function before any `return` ran."""

    __slots__ = ()

    def __init__(self, reason: str | None = None, where: str | None = None, like: Any = None):
        super().__init__("retval_", reason, where, like)

    def __repr__(self) -> str:
        return "UndefinedReturnValue()"

    def error(self) -> StagingError:
        return StagingError(
            f"the function returns a value only on some paths through staged control flow "
            f"({self.reason or 'unset'} at {self.where}); used at {user_location()}"
        )


class ReturnOfUndefined(UndefinedReturnValue):
    """The return value on a path where a `return` ran with a variable that had no value: unlike
    a return value no `return` set, it is never stood in for (with zeros) where paths meet."""

    __slots__ = ()


def check_defined(value: Any) -> Any:
    """`value`, unless it is Undefined (then its error): for values leaving converted code."""
    if isinstance(value, Undefined):
        raise value.error()
    if isinstance(value, tuple):
        for v in value:
            if isinstance(v, Undefined):
                raise v.error()
    return value


def placeholder_like(like: Any) -> Any:
    """Zeros of the type of `like` (nested): the value a return value has on the paths where
    it is never read, so that staged control flow can carry it."""
    return nest.map_structure(_zero_like, like)


def _zero_like(x: Any) -> Any:
    if isinstance(x, Tensor):
        if x.weak:
            return x.dtype.type(0).item()
        # An unknown size starts at 0: staged control flow relaxes it to unknown.
        return np.zeros(tuple(0 if d is None else d for d in x.shape), x.dtype)
    if isinstance(x, np.generic):
        return x.dtype.type(0)
    if isinstance(x, np.ndarray):
        return np.zeros_like(x)
    if ops.is_python_scalar(x):
        return type(x)(0)
    return x
