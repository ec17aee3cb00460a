"""`hoist_loop_invariants`: compute once, before a `while`, what its body computes the same
way on every iteration.

An operation of the body is invariant when each tensor input is a captured (outer) tensor,
a constant, or the result of another invariant operation. Hoisted operations move to the
enclosing graph, before the loop; their results enter the loop as new captures. Inner
loops are hoisted first, so an invariant climbs as many loops as it is invariant in.

A loop may run zero times, and a hoisted operation then runs when the original did not. So
only operations that cannot raise are hoisted, judged from their recorded types alone:

- element-wise ufuncs on float or complex arrays, and on integer or bool arrays the ones
  that are total there (`add`, `multiply`, comparisons, bitwise, ...; not `power`, whose
  negative integer exponents raise); never on weak (Python scalar) tensors, whose values
  could overflow a fixed-width dtype; and only when broadcasting cannot fail at run time
  (no axis where an unknown dim meets another dim that is not 1);
- `astype`, and `sum`/`prod`/`any`/`all` (an empty reduction has an identity);
- `matmul`, `dot` and `transpose` when every input shape is fully known (checked when traced).

This assumes NumPy's default error state (floating-point problems warn, they do not
raise); a hoisted `log` of a negative number in a zero-trip loop warns where it did not.
"""

from __future__ import annotations

from typing import Any, Sequence

import numpy as np

from autoconv.graph import registry
from autoconv.graph.ir import Graph, Operation, Tensor
from autoconv.optimize.rebuild import Builder, Context, is_stateful, rebuild_if, types_of

# Element-wise ufuncs that cannot fail on integers and bools (overflow wraps around).
TOTAL_ON_INTEGERS = frozenset({
    "add", "subtract", "multiply", "negative", "positive", "absolute", "maximum", "minimum",
    "equal", "not_equal", "less", "less_equal", "greater", "greater_equal", "logical_and",
    "logical_or", "logical_xor", "logical_not", "bitwise_and", "bitwise_or", "bitwise_xor", "invert",
})
REDUCTIONS = frozenset({"sum", "prod", "any", "all"})
KNOWN_SHAPES_ONLY = frozenset({"matmul", "dot", "transpose"})


def hoist_loop_invariants(graph: Graph) -> Graph:
    # Nothing to hoist from any loop of `graph`: nothing to hoist once inner loops are done.
    return rebuild_if(graph, _has_invariants, _hoist)


def _has_invariants(op: Operation) -> bool:
    return op.type == "while" and bool(_invariant_operations(op.attrs["body"], len(op.outputs)))


def _hoist(b: Builder, op: Operation, inputs: tuple) -> Sequence[Tensor] | None:
    if op.type != "while":
        return None
    n = len(op.outputs)
    cond_graph = b.subgraph(op.attrs["cond"], inputs, n)
    body = b.subgraph(op.attrs["body"], inputs, n)
    hoisted = _invariant_operations(body, n)
    if not hoisted:
        return b.copy(op, inputs, {**op.attrs, "cond": cond_graph, "body": body}).outputs
    outer = _emit_before_loop(b, body, hoisted, inputs, n)
    needed = _read_outside(body, hoisted)
    extra = tuple((t, outer[t]) for t in needed)
    passed = inputs + tuple(o for _, o in extra)
    plain = Builder(b.graph, Context(None, frozenset()))
    attrs = {**op.attrs,
             "cond": plain.subgraph(cond_graph, passed, n, extra=tuple((None, o) for _, o in extra)),
             "body": plain.subgraph(body, passed, n, extra=extra, skip=hoisted)}
    for h in hoisted:
        b.note(f"hoisted {h.type}")
    return b.copy(op, passed, attrs).outputs


def _invariant_operations(body: Graph, n: int) -> list[Operation]:
    invariant: set[Tensor] = set(body.inputs[n:])
    hoisted = []
    for op in body.operations:
        if op.type == "const":
            invariant.update(op.outputs)
        elif all(x in invariant for x in op.tensor_inputs) and _cannot_raise(op):
            invariant.update(op.outputs)
            hoisted.append(op)
    return hoisted


def _emit_before_loop(b: Builder, body: Graph, hoisted: list[Operation], inputs: tuple, n: int) -> dict[Tensor, Tensor]:
    """Copy the hoisted operations into `b`'s graph; body tensor -> tensor of `b`'s graph."""
    outer: dict[Tensor, Tensor] = dict(zip(body.inputs[n:], inputs[n:]))

    def read(x: Any) -> Any:
        if not isinstance(x, Tensor):
            return x
        if x not in outer:  # a constant of the body: copied alongside
            outer[x] = b.const(x.op.attrs["value"], x.op.location)
        return outer[x]

    for h in hoisted:
        new = b.emit(h.type, tuple(read(x) for x in h.inputs), dict(h.attrs), types_of(h), (), h.location)
        outer.update(zip(h.outputs, new.outputs))
    return outer


def _read_outside(body: Graph, hoisted: list[Operation]) -> list[Tensor]:
    """Results of hoisted operations that the rest of the body (or its outputs) reads."""
    moved = set(hoisted)
    produced = [t for h in hoisted for t in h.outputs]
    read = {x for op in body.operations if op not in moved for x in op.tensor_inputs}
    read |= {x for x in body.outputs if isinstance(x, Tensor)}
    return [t for t in produced if t in read]


def _cannot_raise(op: Operation) -> bool:
    if is_stateful(op) or op.control_inputs or any(x.weak for x in op.tensor_inputs):
        return False
    kinds = {x.dtype.kind for x in op.tensor_inputs}
    if op.type in registry.ELEMENTWISE:
        if kinds <= set("fc") or (kinds <= set("biufc") and op.type in TOTAL_ON_INTEGERS):
            return not op.attrs and _broadcast_cannot_fail(op.inputs)
        return False
    if op.type == "astype":
        return kinds <= set("biufc") and np.dtype(op.attrs["dtype"]).kind in "biufc"
    if op.type in REDUCTIONS:
        return kinds <= set("biufc")
    if op.type in KNOWN_SHAPES_ONLY:
        return kinds <= set("biufc") and all(None not in x.shape for x in op.tensor_inputs)
    return False


def _broadcast_cannot_fail(inputs: tuple) -> bool:
    shapes = [x.shape if isinstance(x, Tensor) else np.shape(x) for x in inputs]
    ndim = max((len(s) for s in shapes), default=0)
    for axis in range(1, ndim + 1):
        dims = [s[-axis] for s in shapes if len(s) >= axis]
        others = [d for d in dims if d != 1]
        if None in others and len(others) > 1:
            return False
    return True
