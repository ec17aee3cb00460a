"""Builtins that converted code calls through `converted_call`: on Python values they are
the builtins themselves; on traced values they stage (a `range` with a traced bound, the
`len` of a traced array...)."""

from __future__ import annotations

import builtins
from typing import Any

import numpy as np

from autoconv.operators.iterables import StagedEnumerate, StagedZip, TensorRange, as_staged
from autoconv.operators.tensors import is_tensor


def range_(*args: Any) -> Any:
    if not any(is_tensor(a) for a in args):
        return builtins.range(*args)
    if len(args) == 1:
        return TensorRange(0, args[0], 1)
    start, stop, *step = args
    return TensorRange(start, stop, step[0] if step else 1)


def len_(x: Any) -> Any:
    staged = as_staged(x) if not isinstance(x, (list, tuple, dict, str)) else None
    if staged is not None:
        return staged.length()
    return builtins.len(x)


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


def _cast(builtin: type, dtype: type) -> Any:
    def cast(x: Any = 0, *args: Any) -> Any:
        if is_tensor(x) and not args:
            return x.astype(dtype)
        return builtin(x, *args)

    cast.__name__ = builtin.__name__ + "_"
    return cast


int_ = _cast(builtins.int, np.int64)
float_ = _cast(builtins.float, np.float64)
bool_ = _cast(builtins.bool, np.bool_)


def _extremum(builtin: Any, reduce: Any, pairwise: Any) -> Any:
    def extremum(*args: Any, **kwargs: Any) -> Any:
        if kwargs or not any(is_tensor(a) for a in args):
            return builtin(*args, **kwargs)
        if len(args) == 1:
            return reduce(args[0], axis=0)
        result = args[0]
        for a in args[1:]:
            result = pairwise(result, a)
        return result

    extremum.__name__ = builtin.__name__ + "_"
    return extremum


min_ = _extremum(builtins.min, np.min, np.minimum)
max_ = _extremum(builtins.max, np.max, np.maximum)


def sum_(iterable: Any, start: Any = 0) -> Any:
    if is_tensor(iterable):
        return np.sum(iterable, axis=0) + start
    return builtins.sum(iterable, start)


OVERLOADS: dict[Any, Any] = {
    builtins.range: range_,
    builtins.len: len_,
    builtins.enumerate: enumerate_,
    builtins.zip: zip_,
    builtins.int: int_,
    builtins.float: float_,
    builtins.bool: bool_,
    builtins.min: min_,
    builtins.max: max_,
    builtins.sum: sum_,
}
