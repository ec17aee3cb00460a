"""A tiny reference interpreter over the same `Graph`: the oracle for the lowered code.

    evaluate(graph, args)
     └─ run(graph, env)            env: tensor -> value
         ├─ read(x)                a tensor's value, or the literal itself
         ├─ kernel(*ins, **attrs)  every ordinary operation
         ├─ cond  -> run(true or false sub-graph)
         └─ while -> run(cond), run(body) until the predicate is false
"""

from __future__ import annotations

from typing import Any

from autoconv.graph import registry
from autoconv.graph.ir import Graph, Operation, Tensor
from autoconv.runtime.lower import live_operations


def evaluate(graph: Graph, args: tuple) -> tuple:
    return run(graph, dict(zip(graph.inputs, args)))


def run(graph: Graph, env: dict[Tensor, Any]) -> tuple:
    def read(x: Any) -> Any:
        return env[x] if isinstance(x, Tensor) else x

    live = live_operations(graph)
    for op in graph.operations:
        if op not in live:
            continue
        values = [read(x) for x in op.inputs]
        if op.type == "cond":
            results = _cond(op, values)
        elif op.type == "while":
            results = _while(op, values)
        else:
            out = registry.OPS[op.type].kernel(*values, **op.attrs)
            results = out if len(op.outputs) > 1 else (out,)
        for t, v in zip(op.outputs, results):
            env[t] = v
    return tuple(read(x) for x in graph.outputs)


def _sub(graph: Graph, values: list[Any]) -> tuple:
    return run(graph, dict(zip(graph.inputs, values)))


def _cond(op: Operation, values: list[Any]) -> tuple:
    pred, *captured = values
    return _sub(op.attrs["true"] if pred else op.attrs["false"], captured)


def _while(op: Operation, values: list[Any]) -> tuple:
    n = len(op.outputs)
    loop_vars, captured = list(values[:n]), values[n:]
    limit = op.attrs.get("maximum_iterations")
    count = 0
    while _sub(op.attrs["cond"], loop_vars + captured)[0]:
        if limit is not None and count >= limit:
            break
        count += 1
        loop_vars = list(_sub(op.attrs["body"], loop_vars + captured))
    return tuple(loop_vars)
