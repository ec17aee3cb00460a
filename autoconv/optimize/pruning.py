"""`prune`: drop operations that neither the outputs nor a stateful operation depend on.

Also inside `cond`/`while` sub-graphs, and a captured input that no sub-graph reads any
more is no longer passed in. Loop variables stay: each is an output of its loop.
"""

from __future__ import annotations

from typing import Callable, Sequence

from autoconv.graph.ir import Graph, Operation, Tensor
from autoconv.optimize.rebuild import Builder, is_stateful, rebuild_if


def prune(graph: Graph) -> Graph:
    live: dict[Graph, set[Operation]] = {}  # per graph of the input

    def live_in(g: Graph) -> set[Operation]:
        if g not in live:
            live[g] = live_operations(g)
        return live[g]

    def dead(op: Operation) -> bool:
        if not op.outputs:
            return not is_stateful(op)
        return op not in live_in(op.outputs[0].graph)

    def wanted(op: Operation) -> bool:
        return dead(op) or (op.type in ("cond", "while") and len(_kept(op, live_in)) < len(_passed(op, op.inputs)))

    def rewrite(b: Builder, op: Operation, inputs: tuple) -> Sequence[Tensor] | None:
        if dead(op):
            b.note(f"dropped {op.type}")
            return ()
        if op.type in ("cond", "while"):
            return _without_unused_captures(b, op, inputs, _kept(op, live_in))
        return None

    return rebuild_if(graph, wanted, rewrite)


def live_operations(graph: Graph) -> set[Operation]:
    """Operations the outputs or any stateful operation depend on, in this graph."""
    found: set[Operation] = set()
    stack = [t.op for t in graph.outputs if isinstance(t, Tensor) and t.op is not None]
    stack += [op for op in graph.operations if is_stateful(op)]
    while stack:
        op = stack.pop()
        if op not in found:
            found.add(op)
            stack.extend(t.op for t in op.tensor_inputs if t.op is not None)
            stack.extend(op.control_inputs)
    return found


def _passed(op: Operation, inputs: tuple) -> tuple:
    """What a control-flow operation passes to its sub-graphs (a `cond` also takes its predicate)."""
    return inputs[1:] if op.type == "cond" else inputs


def _kept(op: Operation, live_in: Callable[[Graph], set[Operation]]) -> list[int]:
    """Positions of the passed tensors a sub-graph of `op` still reads (loop variables always)."""
    leading = len(op.outputs) if op.type == "while" else 0
    return sorted(set(range(leading)).union(*(_used_inputs(s, live_in(s)) for s in op.subgraphs())))


def _used_inputs(graph: Graph, live: set[Operation]) -> set[int]:
    used = {t for op in live for t in op.tensor_inputs} | {t for t in graph.outputs if isinstance(t, Tensor)}
    return {i for i, t in enumerate(graph.inputs) if t in used}


def _without_unused_captures(b: Builder, op: Operation, inputs: tuple, keep: list[int]) -> Sequence[Tensor]:
    """The control-flow operation, passing only the captures some sub-graph still reads."""
    leading = len(op.outputs) if op.type == "while" else 0
    passed = _passed(op, inputs)
    if len(keep) < len(passed):
        b.note(f"unused captures of {op.type}")
    kept = tuple(passed[i] for i in keep)
    new_inputs = (inputs[0], *kept) if op.type == "cond" else kept
    attrs = {k: b.subgraph(v, kept, leading, keep=keep) if isinstance(v, Graph) else v for k, v in op.attrs.items()}
    return b.copy(op, new_inputs, attrs).outputs
