"""`x[key] = v`, as converted code writes it: `x = set_item(x, key, v)`."""

from __future__ import annotations

from typing import Any

import numpy as np

from autoconv.graph import ops
from autoconv.operators.tensors import is_tensor


def set_item(target: Any, key: Any, value: Any) -> Any:
    """An array or list updated in place (aliases see it, as in Python); a traced array
    replaced by an updated copy (traced arrays are immutable)."""
    if is_tensor(target):
        return ops.setitem(target, key, value)
    if isinstance(target, np.ndarray) and (is_tensor(value) or is_tensor(key)):
        # A concrete array receiving a traced value becomes traced from here on.
        return ops.setitem(target, key, value)
    target[key] = value
    return target
