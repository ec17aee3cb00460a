"""Telling traced values from Python values."""

from __future__ import annotations

from typing import Any

from autoconv.graph import Tensor
from autoconv.graph.tracing import current_graph


def is_tensor(x: Any) -> bool:
    """Whether `x` is a traced value: control flow on it must be staged."""
    return isinstance(x, Tensor)


def is_tracing() -> bool:
    return current_graph() is not None
