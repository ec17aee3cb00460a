"""Trace types: what a call's arguments look like to the trace cache.

Arrays (and nested lists of numbers) are typed by (dtype, shape); Python scalars, strings,
None and tuples of them by value; other objects by identity.
"""

from __future__ import annotations

import weakref
from typing import Any, Sequence

import numpy as np

from autoconv.errors import AutoConvError

_PY_VALUES = (bool, int, float, complex, str, bytes, type(None))


class TensorSpec:
    """The type of an array argument: dtype and shape, `None` for any size along a dim."""

    __slots__ = ("shape", "dtype", "name")

    def __init__(self, shape: Sequence[int | None] | None, dtype: Any = np.float32, name: str | None = None):
        if shape is None:
            raise AutoConvError("TensorSpec needs a shape (rank-polymorphic specs are not supported)")
        self.shape = tuple(None if d is None else int(d) for d in shape)
        self.dtype = np.dtype(dtype)
        self.name = name

    @classmethod
    def from_array(cls, x: Any) -> "TensorSpec":
        return cls(np.shape(x), np.asarray(x).dtype)

    def matches(self, other: "TensorSpec") -> bool:
        """Same dtype and rank, and every dim equal where both are known."""
        return self.dtype == other.dtype and len(self.shape) == len(other.shape) and all(
            a is None or b is None or a == b for a, b in zip(self.shape, other.shape))

    def is_compatible_with(self, x: Any) -> bool:
        shape = np.shape(x)
        return len(shape) == len(self.shape) and all(s is None or s == d for s, d in zip(self.shape, shape))

    def __eq__(self, other: object) -> bool:
        return isinstance(other, TensorSpec) and (self.shape, self.dtype) == (other.shape, other.dtype)

    def __hash__(self) -> int:
        return hash((self.shape, self.dtype))

    def __repr__(self) -> str:
        dims = ", ".join("None" if d is None else str(d) for d in self.shape)
        name = f", name={self.name!r}" if self.name else ""
        return f"TensorSpec(shape=({dims}{',' if len(self.shape) == 1 else ''}), dtype={self.dtype.name}{name})"

    def __str__(self) -> str:
        dims = ",".join("?" if d is None else str(d) for d in self.shape)
        return f"{self.dtype.name}[{dims}]"


class _Identity:
    """An object typed by identity, held weakly where it can be."""

    __slots__ = ("ref", "ident", "label")

    def __init__(self, obj: Any):
        try:
            self.ref: Any = weakref.ref(obj)
        except TypeError:
            self.ref = lambda obj=obj: obj
        self.ident = id(obj)
        self.label = type(obj).__name__

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Identity) and self.ident == other.ident and self.ref() is not None and self.ref() is other.ref()

    def __hash__(self) -> int:
        return self.ident

    def __repr__(self) -> str:
        return f"<{self.label} object>"


class _Bits(float):
    """A Python float as a trace key: equal to the same bits only (0.0 and -0.0 give different
    results, so they trace apart; NaN finds its trace again)."""

    def __eq__(self, other: object) -> bool:
        return type(other) is _Bits and self.hex() == other.hex()

    def __ne__(self, other: object) -> bool:
        return not self == other

    def __hash__(self) -> int:
        return hash(self.hex())


class _ComplexBits(complex):
    """A Python complex as a trace key, its parts compared as `_Bits`."""

    def __eq__(self, other: object) -> bool:
        return type(other) is _ComplexBits and _Bits(self.real) == _Bits(other.real) and _Bits(self.imag) == _Bits(other.imag)

    def __ne__(self, other: object) -> bool:
        return not self == other

    def __hash__(self) -> int:
        return hash((self.real.hex(), self.imag.hex()))


def _is_array_like_list(x: list) -> bool:
    try:
        arr = np.asarray(x)
    except (ValueError, TypeError):
        return False
    return arr.dtype != object


def trace_type(x: Any) -> Any:
    """A hashable description of `x` for the trace cache."""
    if isinstance(x, np.ndarray):
        return TensorSpec(x.shape, x.dtype)
    if isinstance(x, np.generic):
        return TensorSpec((), x.dtype)
    if type(x) in _PY_VALUES:
        return ("value", type(x), _Bits(x) if type(x) is float else _ComplexBits(x) if type(x) is complex else x)
    if isinstance(x, tuple):
        return (type(x), tuple(trace_type(v) for v in x))
    if isinstance(x, list):
        if _is_array_like_list(x):
            arr = np.asarray(x)
            return TensorSpec(arr.shape, arr.dtype)
        return (list, tuple(trace_type(v) for v in x))
    if isinstance(x, dict):
        # In order (it shows in results); keys typed as values are (`0.0` and `-0.0`, `1` and `True` apart).
        return (dict, tuple((trace_type(k), trace_type(v)) for k, v in x.items()))
    return _Identity(x)


def value_of(t: Any) -> Any:
    """The Python value a `("value", type, value)` trace type was made from (a dict key)."""
    if isinstance(t, tuple) and len(t) == 3 and t[0] == "value":
        value = t[2]
        return float(value) if type(value) is _Bits else complex(value) if type(value) is _ComplexBits else value
    return t


def describe_type(t: Any) -> str:
    if isinstance(t, TensorSpec):
        return f"array {t}"
    if isinstance(t, tuple) and len(t) == 3 and t[0] == "value":
        return f"Python value {t[2]!r}"
    if isinstance(t, _Identity):
        return f"object {t!r}"
    return repr(t)
