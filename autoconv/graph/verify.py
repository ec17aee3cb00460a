"""`verify(graph)`: the graph type check, like a jaxpr's.

    every tensor is defined once, before it is used, in the graph that uses it
    every operation's rule re-derives output types compatible with the recorded ones
    `cond`/`while` sub-graphs take and return what their operation passes and expects

Two types are compatible when the dtypes and weakness are equal, the ranks are equal and
no dim is known on both sides with different sizes (an unknown dim matches any size).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from autoconv.errors import AutoConvError
from autoconv.graph import registry
from autoconv.graph.ir import Graph, Operation, Tensor


class VerificationError(AutoConvError):
    """A graph breaks an invariant of the IR (a bug in whatever built it)."""


def verify(graph: Graph) -> Graph:
    """Check `graph` and its sub-graphs; return it unchanged or raise `VerificationError`."""
    _check_graph(graph, graph.name)
    return graph


def compatible(a: tuple, b: tuple) -> bool:
    """Whether two `(dtype, shape, weak)` types can describe the same value."""
    (da, sa, wa), (db, sb, wb) = a, b
    if np.dtype(da) != np.dtype(db) or bool(wa) != bool(wb) or len(sa) != len(sb):
        return False
    return all(x is None or y is None or x == y for x, y in zip(sa, sb))


def type_of(t: Tensor) -> tuple:
    return (t.dtype, t.shape, t.weak)


def _check_graph(graph: Graph, where: str) -> None:
    defined: set[Tensor] = set()
    seen_ops: set[Operation] = set()
    for i, t in enumerate(graph.inputs):
        _require(t.graph is graph and t.op is None and t.index == i, where, f"input {i} does not belong to the graph")
        _require(t not in defined, where, f"input {i} is listed twice")
        defined.add(t)
    for n, op in enumerate(graph.operations):
        here = f"{where}, operation {n} ({op.type})"
        for x in op.inputs:
            if isinstance(x, Tensor):
                _require(x in defined, here, f"uses {x!r} before it is defined (or from another graph)")
        for c in op.control_inputs:
            _require(c in seen_ops, here, f"has a control input on {c.type!r} that does not run before it")
        for i, t in enumerate(op.outputs):
            _require(t.op is op and t.index == i and t.graph is graph, here, f"output {i} does not belong to it")
            _require(t not in defined, here, f"output {i} is defined twice")
            defined.add(t)
        _check_types(op, here)
        seen_ops.add(op)
    for x in graph.outputs:
        if isinstance(x, Tensor):
            _require(x in defined, where, f"returns {x!r}, which is not defined in it")


def _check_types(op: Operation, where: str) -> None:
    if op.type == "cond":
        _check_cond(op, where)
    elif op.type == "while":
        _check_while(op, where)
    else:
        _require(op.type in registry.OPS, where, "is not a registered operation")
        opdef = registry.OPS[op.type]
        try:
            derived = opdef.rule(opdef, op.inputs, op.attrs)
        except AutoConvError as exc:
            raise VerificationError(f"{where}: its rule rejects the inputs: {exc}") from None
        derived = tuple((d[0], d[1], d[2] if len(d) > 2 else False) for d in derived)
        recorded = tuple(type_of(t) for t in op.outputs)
        _require(len(derived) == len(recorded) and all(compatible(a, b) for a, b in zip(derived, recorded)),
                 where, f"records outputs {_types(recorded)} but its rule gives {_types(derived)}")


def _check_cond(op: Operation, where: str) -> None:
    _require(isinstance(op.inputs[0], Tensor), where, "has no predicate tensor")
    for key in ("true", "false"):
        _check_subgraph(op, op.attrs[key], op.inputs[1:], 0, f"{where}, {key} branch")


def _check_while(op: Operation, where: str) -> None:
    n = len(op.outputs)
    for k, t in enumerate(op.inputs[:n]):
        _require(isinstance(t, Tensor) and compatible(type_of(t), type_of(op.outputs[k])) and
                 _at_least_as_general(type_of(op.outputs[k]), type_of(t)), where,
                 f"loop variable {k} enters as {_types([type_of(t)])} but leaves as {_types([type_of(op.outputs[k])])}")
    _check_subgraph(op, op.attrs["cond"], op.inputs, n, f"{where}, cond")
    _check_subgraph(op, op.attrs["body"], op.inputs, n, f"{where}, body")
    cond_out = op.attrs["cond"].outputs
    _require(len(cond_out) == 1 and isinstance(cond_out[0], Tensor), f"{where}, cond", "must return one tensor")


def _check_subgraph(op: Operation, sub: Graph, passed: tuple, leading: int, where: str) -> None:
    _require(len(sub.inputs) == len(passed), where,
             f"takes {len(sub.inputs)} inputs but its operation passes {len(passed)}")
    for i, (outer, inner) in enumerate(zip(passed, sub.inputs)):
        _require(isinstance(outer, Tensor) and _at_least_as_general(type_of(inner), type_of(outer)), where,
                 f"input {i} is {_types([type_of(inner)])} but receives {_types([type_of(outer)]) if isinstance(outer, Tensor) else repr(outer)}")
    captures = tuple(zip(passed[leading:], sub.inputs[leading:]))
    _require(len(sub.captures) == len(captures) and all(a is c and b is d for (a, b), (c, d) in zip(sub.captures, captures)),
             where, "lists captures that differ from its operation's inputs")
    if op.type == "cond" or sub is op.attrs.get("body"):
        expected = tuple(type_of(t) for t in op.outputs)
        got = tuple(type_of(t) if isinstance(t, Tensor) else None for t in sub.outputs)
        _require(len(got) == len(expected) and all(g is not None and _at_least_as_general(e, g)
                                                    for e, g in zip(expected, got)),
                 where, f"returns {_types(got)} where its operation has {_types(expected)}")
    _check_graph(sub, where)


def _at_least_as_general(general: tuple, specific: tuple) -> bool:
    """`general` describes every value `specific` does (its known dims are known there too)."""
    return compatible(general, specific) and all(g is None or g == s for g, s in zip(general[1], specific[1]))


def _types(types: Any) -> str:
    def one(t: Any) -> str:
        if t is None:
            return "a non-tensor"
        dtype, shape, weak = t
        return "py" + np.dtype(dtype).name if weak else f"{np.dtype(dtype).name}[{','.join('?' if d is None else str(d) for d in shape)}]"
    return "(" + ", ".join(one(t) for t in types) + ")"


def _require(ok: bool, where: str, message: str) -> None:
    if not ok:
        raise VerificationError(f"{where}: {message}")
