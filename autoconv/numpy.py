"""What NumPy cannot dispatch to a traced value: creation functions whose shape is traced,
`np.array` of a list holding traced values, and functional item assignment.

Each function behaves exactly like NumPy's when given only concrete values.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from autoconv.graph import ops
from autoconv.graph.ir import Tensor
from autoconv.graph.tracing import current_graph

__all__ = ["arange", "array", "asarray", "empty", "full", "ones", "setitem", "zeros"]


def _dims(shape: Any) -> tuple:
    return tuple(shape) if isinstance(shape, (tuple, list)) else (shape,)


def _traced(*values: Any) -> bool:
    return current_graph() is not None and any(ops._contains_tensor(v) for v in values)


def _create(name: str, shape: Any, dtype: Any, **attrs: Any) -> Any:
    dims = _dims(shape)
    if not _traced(*dims):
        return getattr(np, name)(dims, dtype=dtype, **attrs) if name != "full" else np.full(dims, dtype=dtype, **attrs)
    return ops.make(name, dims, {"dtype": np.dtype(dtype) if dtype is not None else np.dtype(float), **attrs})


def zeros(shape: Any, dtype: Any = float) -> Any:
    return _create("zeros", shape, dtype)


def ones(shape: Any, dtype: Any = float) -> Any:
    return _create("ones", shape, dtype)


def empty(shape: Any, dtype: Any = float) -> Any:
    return _create("empty", shape, dtype)


def full(shape: Any, fill_value: Any, dtype: Any = None) -> Any:
    dims = _dims(shape)
    if not _traced(*dims, fill_value):
        return np.full(dims, fill_value, dtype=dtype)
    if isinstance(fill_value, Tensor):
        # np.full takes the fill value's dtype (a Python scalar's default one) unless given.
        value = ops.astype(fill_value, np.dtype(dtype) if dtype is not None else fill_value.dtype)
        return np.broadcast_to(value, dims) if not _traced(*dims) else zeros(dims, value.dtype) + value
    return ops.make("full", dims, {"fill_value": fill_value, "dtype": np.dtype(dtype) if dtype else None})


def arange(*bounds: Any, dtype: Any = None) -> Any:
    if not _traced(*bounds):
        return np.arange(*bounds, dtype=dtype)
    return ops.make("arange", bounds, {"dtype": np.dtype(dtype)} if dtype is not None else {})


def array(obj: Any, dtype: Any = None) -> Any:
    """`np.array(obj, dtype)`, also when `obj` is (a nested list of) traced values."""
    if not _traced(obj):
        return np.array(obj, dtype=dtype)
    result = ops.stack_nested(obj) if isinstance(obj, (list, tuple)) else ops.as_tensor(obj)
    return result if dtype is None or np.dtype(dtype) == result.dtype else ops.astype(result, dtype)


def asarray(obj: Any, dtype: Any = None) -> Any:
    if not _traced(obj):
        return np.asarray(obj, dtype=dtype)
    return array(obj, dtype)


def setitem(x: Any, key: Any, value: Any) -> Any:
    """`x[key] = value` returning the result: in place for arrays, a new tensor when traced."""
    if not _traced(x, key, value):
        x[key] = value
        return x
    return ops.setitem(x, key, value)
