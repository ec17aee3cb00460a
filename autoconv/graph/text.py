"""The readable text form of graphs, one line per operation, like a jaxpr:

    graph(%0:int32[10,10]) {
      %1:int32[10,10] = const [[1 0 ...]]
      %2:int32[10,10] = matmul %0, %1
      return %2
    }

Tensors are numbered in order of appearance when printed, so the text is deterministic.
Sub-graphs of `cond`/`while` are indented under their operation.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from autoconv.graph.ir import Graph, Operation, Tensor

INDENT = "  "


class Namer:
    """Hands out `%0, %1, ...` to tensors in the order they are first printed."""

    def __init__(self) -> None:
        self.names: dict[Tensor, str] = {}

    def __call__(self, t: Tensor) -> str:
        name = self.names.get(t)
        if name is None:
            name = self.names[t] = f"%{len(self.names)}"
        return name

    def typed(self, t: Tensor) -> str:
        return f"{self(t)}:{t.type_str}"


def format_value(value: Any) -> str:
    if isinstance(value, Tensor):
        return repr(value)
    if isinstance(value, np.ndarray):
        if value.size <= 8:
            body = np.array2string(value, separator=" ").replace("\n", "")
            return body if value.ndim else f"{value.dtype.name}({body})"
        return f"<{value.dtype.name}[{','.join(map(str, value.shape))}]>"
    if isinstance(value, np.dtype):
        return value.name
    if isinstance(value, type) and issubclass(value, np.generic):
        return np.dtype(value).name
    if isinstance(value, slice):
        parts = [format_value(p) if p is not None else "" for p in (value.start, value.stop, value.step)]
        return ":".join(parts[:2] if value.step is None else parts)
    if isinstance(value, tuple):
        return "(" + ", ".join(format_value(v) for v in value) + ("," if len(value) == 1 else "") + ")"
    if value is Ellipsis:
        return "..."
    if isinstance(value, type):
        return value.__name__
    if callable(value) and hasattr(value, "__name__"):
        owner = getattr(value, "__self__", None)
        prefix = type(owner).__name__ + "." if owner is not None and not isinstance(owner, type(np)) else "np.random."
        return prefix + value.__name__
    return repr(value)


def _operand(x: Any, name: Namer) -> str:
    return name(x) if isinstance(x, Tensor) else format_value(x)


def _op_line(op: Operation, name: Namer) -> str:
    args = ", ".join(_operand(x, name) for x in op.inputs)
    attrs = " ".join(f"{k}={format_value(v)}" for k, v in op.attrs.items() if not isinstance(v, Graph))
    if op.type == "const":
        rhs = f"const {format_value(op.attrs['value'])}"
    else:
        rhs = " ".join(p for p in (op.type, args, attrs) if p)
    if not op.outputs:
        return rhs
    lhs = ", ".join(name.typed(t) for t in op.outputs)
    return f"{lhs} = {rhs}"


def _graph_lines(graph: Graph, name: Namer, depth: int, label: str) -> list[str]:
    pad = INDENT * depth
    params = ", ".join(name.typed(t) for t in graph.inputs)
    lines = [f"{pad}{label}({params}) {{"]
    for op in graph.operations:
        lines.append(pad + INDENT + _op_line(op, name))
        for key, sub in op.attrs.items():
            if isinstance(sub, Graph):
                lines.extend(_graph_lines(sub, name, depth + 2, key))
    outs = ", ".join(_operand(x, name) for x in graph.outputs)
    lines.append(f"{pad}{INDENT}return {outs}".rstrip())
    lines.append(pad + "}")
    return lines


def format_graph(graph: Graph) -> str:
    return "\n".join(_graph_lines(graph, Namer(), 0, graph.name))


def format_operation(op: Operation) -> str:
    return _op_line(op, Namer())
