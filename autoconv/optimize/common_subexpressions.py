"""`eliminate_common_subexpressions`: compute each pure expression once per graph.

Two operations are the same expression when they have the same type, the same inputs
(the same tensors, or literals of the same type and bits) and equal attributes (arrays
compared by dtype, shape and bytes). The later one is replaced by the earlier one.

Never merged: stateful operations (`random`, `print`, variable reads: each call is its
own event), `cond`/`while` (their sub-graphs are compared by identity only), and two
results that are both handed to the caller (they would become one array).

For `SYMMETRIC` operations `f(a, b)` and `f(b, a)` are the same expression. That set is
smaller than `registry.COMMUTATIVE` on purpose: `np.maximum(-0.0, 0.0)` is `0.0` but
`np.maximum(0.0, -0.0)` is `-0.0`, so maximum/minimum/fmax/fmin are not symmetric bit for bit.
"""

from __future__ import annotations

from typing import Any, Callable, Sequence

from autoconv.graph.ir import Graph, Operation, Tensor
from autoconv.optimize.rebuild import Builder, frozen_value, is_stateful, rebuild_if

# a op b == b op a, exactly, for every dtype NumPy accepts
SYMMETRIC = frozenset({"add", "multiply", "equal", "not_equal", "logical_and", "logical_or", "logical_xor",
                       "bitwise_and", "bitwise_or", "bitwise_xor"})


def eliminate_common_subexpressions(graph: Graph) -> Graph:
    seen: dict[Graph, dict[Any, Operation]] = {}  # per new graph: expression key -> operation
    outputs_of: dict[Operation, Operation] = {}   # new operation -> the old one it copies

    def rewrite(b: Builder, op: Operation, inputs: tuple) -> Sequence[Tensor] | None:
        if not _mergeable(op):
            return None
        table = seen.setdefault(b.graph, {})
        key = _expression_key(op, inputs)
        earlier = table.get(key)
        if earlier is not None and not (b.escapes(op) and b.escapes(outputs_of[earlier])):
            b.note(f"merged {op.type}")
            return earlier.outputs
        new = b.copy(op, inputs)
        if earlier is None:
            table[key] = new
            outputs_of[new] = op
        return new.outputs

    return rebuild_if(graph, _repeated_expressions(), rewrite)


def _repeated_expressions() -> Callable[[Operation], bool]:
    """A test that holds for an operation computing what an earlier one of its graph does."""
    seen: dict[Graph, set[Any]] = {}

    def repeated(op: Operation) -> bool:
        if not _mergeable(op):
            return False
        keys = seen.setdefault(op.outputs[0].graph, set())
        key = _expression_key(op, op.inputs)
        if key in keys:
            return True
        keys.add(key)
        return False

    return repeated


def _mergeable(op: Operation) -> bool:
    return bool(op.outputs) and op.type not in ("cond", "while") and not is_stateful(op)


def _expression_key(op: Operation, inputs: tuple) -> Any:
    operands = [("tensor", id(x)) if isinstance(x, Tensor) else frozen_value(x) for x in inputs]
    if op.type in SYMMETRIC and len(operands) == 2:
        operands.sort(key=repr)
    attrs = tuple(sorted((k, frozen_value(v)) for k, v in op.attrs.items()))
    return (op.type, tuple(operands), attrs)
