"""Graphviz text for a graph: one node per operation, edges labelled with tensor types,
`cond`/`while` sub-graphs as nested clusters.

    print(to_dot(graph))        # then: dot -Tsvg graph.dot > graph.svg
"""

from __future__ import annotations

from autoconv.graph.ir import Graph, Operation, Tensor
from autoconv.graph.text import format_value


def to_dot(graph: Graph) -> str:
    lines = ["digraph autoconv {", "  rankdir=TB;", '  node [shape=box, fontname="monospace"];']
    _Writer(lines).graph(graph, "g", 1)
    lines.append("}")
    return "\n".join(lines)


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


class _Writer:
    def __init__(self, lines: list[str]):
        self.lines = lines
        self.nodes: dict[object, str] = {}

    def node(self, key: object, label: str, pad: str, shape: str = "box") -> str:
        name = self.nodes[key] = f"n{len(self.nodes)}"
        self.lines.append(f"{pad}{name} [label={_quote(label)}, shape={shape}];")
        return name

    def source(self, t: Tensor) -> str:
        return self.nodes[t.op if t.op is not None else t]

    def graph(self, graph: Graph, prefix: str, depth: int) -> None:
        pad = "  " * depth
        for i, t in enumerate(graph.inputs):
            self.node(t, f"input {i}: {t.type_str}", pad, "ellipse")
        for k, op in enumerate(graph.operations):
            self.operation(op, f"{prefix}_{k}", depth)
        outs = [x for x in graph.outputs]
        ret = self.node(("return", id(graph)), "return", pad, "ellipse")
        for i, x in enumerate(outs):
            if isinstance(x, Tensor):
                self.lines.append(f"{pad}{self.source(x)} -> {ret} [label={_quote(f'{i}: {x.type_str}')}];")

    def operation(self, op: Operation, prefix: str, depth: int) -> None:
        pad = "  " * depth
        literals = [format_value(x) for x in op.inputs if not isinstance(x, Tensor)]
        attrs = [f"{k}={format_value(v)}" for k, v in op.attrs.items() if not isinstance(v, Graph)]
        label = "\n".join([op.type] + ([", ".join(literals)] if literals else []) + attrs)
        name = self.node(op, label, pad)
        for x in op.tensor_inputs:
            self.lines.append(f"{pad}{self.source(x)} -> {name} [label={_quote(x.type_str)}];")
        for c in op.control_inputs:
            self.lines.append(f"{pad}{self.nodes[c]} -> {name} [style=dashed];")
        for key, sub in op.attrs.items():
            if isinstance(sub, Graph):
                cluster = f"cluster_{prefix}_{key}"
                self.lines.append(f"{pad}subgraph {cluster} {{")
                self.lines.append(f"{pad}  label={_quote(f'{op.type} {key}')};")
                self.graph(sub, f"{prefix}_{key}", depth + 1)
                self.lines.append(f"{pad}}}")
