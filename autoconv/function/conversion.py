"""Where `ac.function` meets the other stages: source conversion before tracing, and the
optimizer after it."""

from __future__ import annotations

import dis
import warnings
from typing import Any, Callable

from autoconv.errors import ConversionError, StagingError
from autoconv.graph import nest
from autoconv.graph.ir import Graph


def convert_for_tracing(fn: Callable[..., Any]) -> Callable[..., Any]:
    """The AutoGraph-converted `fn`, or `fn` itself when it has no source to convert."""
    try:
        from autoconv.autograph import api
    except ImportError:
        return fn
    try:
        converted = api.convert(fn)
    except ConversionError as exc:
        if "no source" not in str(exc).lower():
            raise
        warnings.warn(f"{getattr(fn, '__name__', fn)!r} runs unconverted: {exc}", stacklevel=5)
        return fn
    from autoconv.operators import Undefined, UndefinedReturnValue

    code = getattr(fn, "__code__", None)
    where = f"{code.co_filename}:{code.co_firstlineno}" if code is not None else "?"
    label = getattr(fn, "__qualname__", "function")

    def checked(*args: Any, **kwargs: Any) -> Any:
        # A variable left undefined by staged control flow must not leave as a result.
        out = converted(*args, **kwargs)
        for leaf in nest.flatten(out):
            if isinstance(leaf, UndefinedReturnValue):
                raise StagingError(f"{label} (defined at {where}) returns a value only on some paths through "
                                   f"staged control flow ({leaf.reason or 'no return ran'} at {leaf.where})")
            if isinstance(leaf, Undefined):
                why = leaf.reason or "has no value on some path"
                raise StagingError(f"variable {leaf.name!r} {why} ({leaf.where}) and used at "
                                   f"{_return_location(converted, where)}, where {label} returns it")
        return out
    return checked


def _return_location(fn: Any, fallback: str) -> str:
    """`file:line` of the `return` of converted `fn` (its lines are the user's), if it has one."""
    code = getattr(fn, "__code__", None)
    if code is None:
        return fallback
    lines, line = set(), None
    for instruction in dis.get_instructions(code):
        positions = getattr(instruction, "positions", None)  # Python 3.11+
        if positions is not None:
            line = positions.lineno
        elif instruction.starts_line is not None:
            line = instruction.starts_line
        if instruction.opname in ("RETURN_VALUE", "RETURN_CONST") and line is not None:
            lines.add(line)
    return f"{code.co_filename}:{lines.pop()}" if len(lines) == 1 else fallback


def optimizer_for(pf: Any) -> Callable[[Graph], tuple[Graph, Any]] | None:
    try:
        from autoconv.optimize import optimize
    except ImportError:
        return None
    return lambda graph: optimize(graph, jit_compile=pf.jit_compile)
