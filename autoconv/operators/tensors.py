"""Telling traced values from Python values."""

from __future__ import annotations

from typing import Any

from autoconv.graph import Tensor
from autoconv.graph.tracing import current_context, current_graph


def is_tensor(x: Any) -> bool:
    """Whether `x` is a traced value: control flow on it must be staged."""
    return isinstance(x, Tensor)


def is_tracing() -> bool:
    return current_graph() is not None


def inside_staged_control_flow() -> bool:
    """Whether tracing is inside a staged if or loop (a graph within the function's graph)."""
    ctx = current_context()
    return ctx is not None and ctx.parent is not None
