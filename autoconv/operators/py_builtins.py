"""Builtins that converted code calls through `converted_call`: on Python values they are
the builtins themselves; on traced values they stage (a `range` with a traced bound, the
`len` of a traced array...)."""

from __future__ import annotations

import builtins
import operator
from typing import Any

import numpy as np

from autoconv.errors import StagingError, user_location
from autoconv.graph import control_flow, ops
from autoconv.operators.iterables import (
    StagedEnumerate,
    StagedReversed,
    StagedZip,
    TensorRange,
    as_staged,
)
from autoconv.operators.lists import ListProbe
from autoconv.operators.tensors import is_tensor


def range_(*args: Any) -> Any:
    if not any(is_tensor(a) for a in args):
        return builtins.range(*args)
    args = tuple(_index(a) for a in args)
    if len(args) == 1:
        return TensorRange(0, args[0], 1)
    start, stop, *step = args
    return TensorRange(start, stop, step[0] if step else 1)


def _index(x: Any) -> Any:
    """`x` as `range` takes it, through `__index__`: a Python int (a weak value if traced),
    so the bounds and the index never overflow a small integer dtype."""
    if not is_tensor(x):
        return operator.index(x)
    if x.dtype.kind not in "iu" or x.shape != ():
        raise TypeError(f"range() takes integers, not a traced {x.dtype.name} array of shape {x.shape} "
                        f"(at {user_location()})")
    return x if x.weak else ops.make("pyop", (x,), {"op": "int"})


def len_(x: Any) -> Any:
    if isinstance(x, ListProbe):
        return x.length()
    if is_tensor(x) and x.shape == ():
        raise TypeError(f"len() of unsized object (a 0-d traced array, at {user_location()})")
    staged = as_staged(x) if not isinstance(x, (list, tuple, dict, str)) else None
    if staged is not None:
        length = staged.length()
        # A Python int, as `len` returns (weak under NEP 50).
        return length if not is_tensor(length) or length.weak else ops.make("pyop", (length,), {"op": "int"})
    return builtins.len(x)


def reversed_(seq: Any) -> Any:
    if isinstance(seq, (StagedEnumerate, StagedZip)):
        kind = "enumerate" if isinstance(seq, StagedEnumerate) else "zip"
        raise TypeError(f"'{kind}' object is not reversible (at {user_location()})")
    staged = as_staged(seq) if not isinstance(seq, (list, tuple, dict, str)) else None
    if staged is None:
        return builtins.reversed(seq)
    return StagedReversed(staged)


def enumerate_(iterable: Any, start: Any = 0) -> Any:
    staged = as_staged(iterable)
    if staged is None:
        return builtins.enumerate(iterable, start)
    return StagedEnumerate(staged, start)


def zip_(*iterables: Any, **kwargs: Any) -> Any:
    staged = [as_staged(it) for it in iterables]
    if not iterables or any(s is None for s in staged):
        return builtins.zip(*iterables, **kwargs)
    return StagedZip(staged)


def _convert(builtin: type) -> Any:
    def convert(x: Any = builtin(), *args: Any) -> Any:
        if is_tensor(x) and not args and x.shape == ():
            # `int(t)` is a Python int: a weak value, as NEP 50 treats Python scalars.
            return ops.make("pyop", (x,), {"op": builtin.__name__})
        return builtin(x, *args)

    convert.__name__ = builtin.__name__ + "_"
    return convert


int_ = _convert(builtins.int)
float_ = _convert(builtins.float)
bool_ = _convert(builtins.bool)


def abs_(x: Any) -> Any:
    # A weak value stands for a Python scalar: Python's abs keeps it one.
    return np.abs(x) if is_tensor(x) and not x.weak else builtins.abs(x)


def _extremum(builtin: Any, reduce: Any, replaces: Any) -> Any:
    def extremum(*args: Any, key: Any = None, **kwargs: Any) -> Any:
        if len(args) == 1 and not is_tensor(args[0]):
            items = list(args[0])  # `max([a, b])`, `max(v * 2 for v in x)`: once, as Python would
            if not items or not any(is_tensor(v) for v in items + [key(v) for v in items if key]):
                return builtin(items, key=key, **kwargs) if key is not None else builtin(items, **kwargs)
            args = tuple(items)
        elif kwargs or not any(is_tensor(a) for a in args) and key is None:
            return builtin(*args, key=key, **kwargs) if key is not None else builtin(*args, **kwargs)
        if len(args) == 1 and key is None:
            # `min(t)` iterates over the first axis of `t` (NaN aside, its reduction).
            return reduce(args[0], axis=0)
        if len(args) == 1:
            raise StagingError(f"{builtin.__name__}() of a traced array with key= at {user_location()}: "
                               "iterate with a for loop, or use np.argmax/np.argmin")
        # Pairwise, keeping the first of equal values (as Python does).
        result = args[0]
        result_key = key(result) if key is not None else result
        for a in args[1:]:
            a_key = key(a) if key is not None else a
            take = replaces(a_key, result_key)
            result = _pick(builtin.__name__, take, a, result)
            result_key = _pick(builtin.__name__, take, a_key, result_key) if key is not None else result
        return result

    extremum.__name__ = builtin.__name__ + "_"
    return extremum


def _pick(name: str, take: Any, new: Any, old: Any) -> Any:
    """`new if take else old`, as Python's min/max keep whichever operand they return: the
    result has that operand's dtype, so the operands must share one."""
    a, b = _scalar_type(new), _scalar_type(old)
    if a is not None and b is not None and a[0] != b[0]:
        raise StagingError(
            f"{name}() at {user_location()} compares values of different dtypes ({_kind(a)} and "
            f"{_kind(b)}): Python returns "
            f"one of them, keeping its dtype, so the result dtype would depend on values known only "
            f"when the graph runs; give both operands one dtype (e.g. with .astype)"
        )
    if not is_tensor(take):
        return new if take else old
    return control_flow.cond(take, lambda: new, lambda: old)


def _scalar_type(x: Any) -> tuple[np.dtype, bool] | None:
    """(dtype, weak): a Python scalar's dtype is its NumPy default."""
    if is_tensor(x):
        return x.dtype, x.weak
    if isinstance(x, (np.ndarray, np.generic)):
        return x.dtype, False
    if ops.is_python_scalar(x):
        return np.asarray(x).dtype, True
    return None


def _kind(t: tuple[np.dtype, bool]) -> str:
    return f"Python {t[0].type(0).item().__class__.__name__}" if t[1] else t[0].name


min_ = _extremum(builtins.min, np.min, lambda new, old: new < old)
max_ = _extremum(builtins.max, np.max, lambda new, old: new > old)


def sum_(iterable: Any, start: Any = 0) -> Any:
    """`sum(t)`: `start + t[0] + t[1] + ...` over the first axis, added in that order."""
    if not is_tensor(iterable):
        return builtins.sum(iterable, start)
    t = iterable
    # NEP 50: a Python scalar (or a weak value standing for one) does not widen the dtype.
    weak = is_tensor(start) and start.weak
    dtype = np.result_type(t.dtype, start.dtype.type(0).item() if weak else getattr(start, "dtype", start))
    if dtype.kind in "biu":
        # Integer addition wraps the same in any order.
        return np.sum(t, axis=0, dtype=dtype) + start
    # Floating-point sums depend on the order: accumulate left to right, as Python does.
    trailing = tuple(t.shape[1:])
    if not (ops.is_python_scalar(start) and start == 0) and None not in trailing:
        head = np.zeros((1, *trailing), dtype) + start
        t = np.concatenate([head if head.dtype == dtype else ops.astype(head, dtype), t])
        start = 0
    total = np.sum(np.cumsum(t, axis=0, dtype=dtype)[-1:], axis=0, dtype=dtype)
    return total if ops.is_python_scalar(start) and start == 0 else start + total


def _truth_of_items(builtin: Any, reduce: Any) -> Any:
    def over_items(iterable: Any) -> Any:
        if not is_tensor(iterable):
            items = list(iterable)  # `any([a > 0, b > 0])`, `all(v > 0 for v in xs)`
            if not any(is_tensor(v) for v in items):
                return builtin(items)
            for v in items:
                if is_tensor(v) and v.shape != ():
                    raise StagingError(f"{builtin.__name__}() of a traced array of shape {v.shape} at "
                                       f"{user_location()}: its truth is ambiguous (Python raises); use "
                                       "np.any/np.all")
            iterable = np.stack([ops.astype(v, bool) if is_tensor(v) else np.bool_(builtins.bool(v))
                                 for v in items])
        if len(iterable.shape) != 1:
            raise StagingError(f"{builtin.__name__}() of a traced array of shape {iterable.shape} at {user_location()}: "
                               "Python would take the truth of each row; use np.any/np.all with an axis")
        # A 1-d array's items are scalars: Python's answer is NumPy's, as a Python bool.
        return ops.make("pyop", (reduce(iterable),), {"op": "bool"})

    over_items.__name__ = builtin.__name__ + "_"
    return over_items


any_ = _truth_of_items(builtins.any, np.any)
all_ = _truth_of_items(builtins.all, np.all)


def isinstance_(obj: Any, classinfo: Any) -> bool:
    """A traced value is what it holds when the graph runs: an array (a Python scalar when
    it stands for one)."""
    if not is_tensor(obj):
        return builtins.isinstance(obj, classinfo)
    example = obj.dtype.type(0).item() if obj.weak else np.zeros((), obj.dtype)
    return builtins.isinstance(example, classinfo)


OVERLOADS: dict[Any, Any] = {
    builtins.range: range_,
    builtins.len: len_,
    builtins.enumerate: enumerate_,
    builtins.reversed: reversed_,
    builtins.zip: zip_,
    builtins.int: int_,
    builtins.float: float_,
    builtins.bool: bool_,
    builtins.min: min_,
    builtins.max: max_,
    builtins.sum: sum_,
    builtins.abs: abs_,
    builtins.isinstance: isinstance_,
    builtins.any: any_,
    builtins.all: all_,
}
