"""`x[key] = v`, as converted code writes it: `x = set_item(x, key, v)`."""

from __future__ import annotations

from typing import Any

import numpy as np

from autoconv.graph import ops
from autoconv.operators.tensors import is_tensor, is_tracing


def get_item(target: Any, key: Any) -> Any:
    """`target[key]`; a traced key into an array that is not traced reads a traced item."""
    if type(target) is np.ndarray and is_tracing() and _traced(key):
        return ops.getitem(target, key)
    return target[key]


def _traced(key: Any) -> bool:
    if isinstance(key, (tuple, list)):
        return any(_traced(k) for k in key)
    if isinstance(key, slice):
        return any(is_tensor(p) for p in (key.start, key.stop, key.step))
    return is_tensor(key)


def set_shape(target: Any, shape: Any) -> Any:
    """`x.shape = s`: an array is reshaped in place (as NumPy does); a traced one gets a new
    value of that shape."""
    if is_tensor(target):
        return np.reshape(target, shape)
    target.shape = shape
    return target


def set_item(target: Any, key: Any, value: Any) -> Any:
    """An array, list or dict updated in place (aliases see it, as in Python); while tracing,
    a traced array or a list/dict replaced by an updated copy (traced arrays are immutable,
    and staged branches must not share a container)."""
    if is_tensor(target):
        return ops.setitem(target, key, value)
    if isinstance(target, np.ndarray) and (is_tensor(value) or is_tensor(key)):
        # A concrete array receiving a traced value becomes traced from here on.
        return ops.setitem(target, key, value)
    if isinstance(target, (dict, list, np.ndarray)) and is_tracing():
        # Each branch of a staged `if` (and each traced loop body) starts from the same
        # container: updating a copy keeps their states apart, like any carried variable.
        target = target.copy()
    target[key] = value
    return target
