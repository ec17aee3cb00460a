"""`lst.append(v)`, as converted code writes it: `lst = list_append(lst, v)`."""

from __future__ import annotations

from typing import Any

import numpy as np

from autoconv.operators.tensors import is_tensor


def list_append(target: Any, value: Any) -> Any:
    """A Python list gets the item appended in place (the same object, as in Python); a
    traced array, standing for a list a staged loop carries, grows by one row."""
    if is_tensor(target):
        return np.concatenate([target, np.expand_dims(value, 0)])
    target.append(value)
    return target
