"""`eliminate_dead_branches`: control flow decided by a constant is no control flow.

    cond <const True>, %x... {true: ..., false: ...}   -> the true branch's operations, inlined
    while %init... {cond: return <const False>, ...}  -> %init... (the loop runs zero times)

The inlined branch keeps its operations (stateful ones included, in order); a loop whose
condition graph has effects is kept, since the condition runs once even then.
"""

from __future__ import annotations

from typing import Any, Sequence

import numpy as np

from autoconv.graph.ir import Graph, Operation, Tensor
from autoconv.optimize.rebuild import NOT_CONSTANT, Builder, constant_value, is_stateful, rebuild_if


def eliminate_dead_branches(graph: Graph) -> Graph:
    return rebuild_if(graph, lambda op: _decided(op, op.inputs) is not None, _eliminate)


def _decided(op: Operation, inputs: tuple) -> bool | None:
    """The branch a `cond` takes, or False for a `while` that runs zero times; None if unknown."""
    if op.type == "cond":
        return _truth(constant_value(inputs[0]))
    if op.type == "while":
        cond_graph: Graph = op.attrs["cond"]
        never = _truth(constant_value(cond_graph.outputs[0])) is False
        if never and not any(is_stateful(o) for o in cond_graph.operations):
            return False
    return None


def _eliminate(b: Builder, op: Operation, inputs: tuple) -> Sequence[Tensor] | None:
    taken = _decided(op, inputs)
    if taken is None:
        return None
    if op.type == "cond":
        b.note(f"inlined the {'true' if taken else 'false'} branch of cond")
        before = b.last_stateful
        b.pending_control = tuple(b.ops[c] for c in op.control_inputs if c in b.ops)
        outputs = b.inline(op.attrs["true" if taken else "false"], inputs[1:])
        b.pending_control = ()
        if b.last_stateful is not before and b.last_stateful is not None:
            b.ops[op] = b.last_stateful  # later effects wait for the inlined ones
        elif op.control_inputs and op.control_inputs[-1] in b.ops:
            b.ops[op] = b.ops[op.control_inputs[-1]]
        return outputs
    b.note("removed a while loop whose condition is False")
    return inputs[:len(op.outputs)]


def _truth(value: Any) -> bool | None:
    if value is NOT_CONSTANT:
        return None
    array = np.asarray(value)
    return bool(array) if array.size == 1 else None
