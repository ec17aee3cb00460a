"""Where `ac.function` meets the other stages: source conversion before tracing, and the
optimizer after it."""

from __future__ import annotations

import warnings
from typing import Any, Callable

from autoconv.errors import ConversionError
from autoconv.graph.ir import Graph


def convert_for_tracing(fn: Callable[..., Any]) -> Callable[..., Any]:
    """The AutoGraph-converted `fn`, or `fn` itself when it has no source to convert."""
    try:
        from autoconv.autograph import api
    except ImportError:
        return fn
    try:
        return api.convert(fn)
    except ConversionError as exc:
        if "no source" not in str(exc).lower():
            raise
        warnings.warn(f"{getattr(fn, '__name__', fn)!r} runs unconverted: {exc}", stacklevel=5)
        return fn


def optimizer_for(pf: Any) -> Callable[[Graph], tuple[Graph, Any]] | None:
    try:
        from autoconv.optimize import optimize
    except ImportError:
        return None
    return lambda graph: optimize(graph, jit_compile=pf.jit_compile)
