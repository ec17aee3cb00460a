"""Copying a graph operation by operation: the one way every pass builds its result.

    rebuild(graph, rewrite)          a new graph; the input graph is never touched
     └─ Builder.run(operations)      env: old tensor -> new tensor
         ├─ rewrite(b, op, inputs)   new tensors standing for op's outputs, () to drop op,
         │                           or None to copy it
         └─ Builder.copy(op, inputs) the same operation on the new inputs, its sub-graphs
                                     rebuilt by the same rewrite
    rebuild_if(graph, wanted, rewrite)  the same, or `graph` itself when a scan finds no
                                     operation the rewrite would change

Sub-graph inputs are loop variables then captures; a rebuilt sub-graph pairs its captures
with the new operation's inputs, so the text and the verifier see the same signature.
"""

from __future__ import annotations

import threading
import weakref
from collections import Counter
from contextlib import contextmanager
from typing import Any, Callable, Iterable, Iterator, Sequence

import numpy as np

from autoconv.graph import registry
from autoconv.graph.ir import Graph, Operation, Tensor

Rewrite = Callable[["Builder", Operation, tuple], "Sequence[Tensor] | None"]

PY_SCALARS = (bool, int, float, complex)
NOT_CONSTANT = object()
MISSING = object()


class Context:
    """What every builder of one pass shares: the rewrite, the escaping tensors, a log."""

    def __init__(self, rewrite: Rewrite | None, escaping: frozenset[Tensor]):
        self.rewrite = rewrite
        self.escaping = escaping
        self.changes: Counter[str] = Counter()


class Builder:
    """Appends to one new graph, mapping the tensors of the old graph to the new ones."""

    def __init__(self, graph: Graph, context: Context):
        self.graph = graph
        self.context = context
        self.env: dict[Tensor, Tensor] = {}
        self.ops: dict[Operation, Operation] = {}  # old -> new, for control inputs
        self.last_stateful: Operation | None = None
        # Control inputs for the next stateful operation copied without any (the first
        # effect of an inlined branch waits for what its `cond` waited for).
        self.pending_control: tuple[Operation, ...] = ()

    # -- reading --------------------------------------------------------------------
    def read(self, x: Any) -> Any:
        return self.env[x] if isinstance(x, Tensor) else x

    def escapes(self, op: Operation) -> bool:
        """Whether an output of `op` is handed to the caller (see `escaping`)."""
        return any(t in self.context.escaping for t in op.outputs)

    def note(self, what: str) -> None:
        self.context.changes[what] += 1

    # -- writing --------------------------------------------------------------------
    def emit(self, type: str, inputs: tuple, attrs: dict, out_types: tuple | None = None,
             control_inputs: tuple = (), location: str | None = None) -> Operation:
        """Append an operation; its output types come from the registry rule unless given."""
        if out_types is None:
            opdef = registry.OPS[type]
            out_types = opdef.rule(opdef, inputs, attrs)
        op = Operation(type, inputs, attrs, control_inputs, location)
        self.graph.append(op, out_types)
        if is_stateful(op):
            self.last_stateful = op
        return op

    def const(self, value: Any, location: str | None = None) -> Tensor:
        return self.emit("const", (), {"value": value}, location=location).outputs[0]

    def copy(self, op: Operation, inputs: tuple, attrs: dict | None = None) -> Operation:
        """`op` on new inputs; unless `attrs` are given, its sub-graphs (cond/while) are
        rebuilt by the same rewrite."""
        if any(x is MISSING for x in inputs):
            raise AssertionError(f"{op!r} reads the result of an operation that was dropped")
        if attrs is None:
            leading = len(op.outputs) if op.type == "while" else 0
            passed = inputs[1:] if op.type == "cond" else inputs
            attrs = {k: self.subgraph(v, passed, leading) if isinstance(v, Graph) else v for k, v in op.attrs.items()}
        control = tuple(self.ops[c] for c in op.control_inputs if c in self.ops)
        if not control and self.pending_control and is_stateful(op):
            control, self.pending_control = self.pending_control, ()
        new = self.emit(op.type, inputs, attrs, types_of(op), control, op.location)
        self.ops[op] = new
        return new

    def subgraph(self, old: Graph, passed: Sequence[Tensor], leading: int, *, keep: Sequence[int] | None = None,
                 extra: Sequence[tuple[Tensor | None, Tensor]] = (), skip: Iterable[Operation] = ()) -> Graph:
        """A rebuilt sub-graph taking `passed` (new outer tensors; loop variables first).

        `keep` selects old inputs (default all), `extra` appends captures: pairs of an old
        inner tensor (or None) and the new outer tensor that now stands for it; operations
        in `skip` are left out (their outputs must be covered by `extra`).
        """
        indices = range(len(old.inputs)) if keep is None else keep
        new = Graph(old.name)
        inner = Builder(new, self.context)
        for i in indices:
            t = old.inputs[i]
            inner.env[t] = new.add_input(t.dtype, t.shape, t.weak)
        for old_t, outer in extra:
            t = new.add_input(outer.dtype, outer.shape, outer.weak)
            if old_t is not None:
                inner.env[old_t] = t
        new.captures = tuple(zip(tuple(passed)[leading:], new.inputs[leading:]))
        inner.run(old.operations, frozenset(skip))
        return new.freeze(tuple(inner.read(x) for x in old.outputs))

    def run(self, operations: Iterable[Operation], skip: frozenset[Operation] = frozenset()) -> None:
        rewrite = self.context.rewrite
        for op in operations:
            if op in skip:
                continue
            # An input missing from env belongs to an operation a rewrite dropped: this one
            # must be dropped too (`copy` refuses it).
            inputs = tuple(self.env.get(x, MISSING) if isinstance(x, Tensor) else x for x in op.inputs)
            outputs = rewrite(self, op, inputs) if rewrite is not None else None
            if outputs is None:
                outputs = self.copy(op, inputs).outputs
            elif not outputs and op.outputs:
                continue  # dropped: nothing live reads it
            self.env.update(zip(op.outputs, outputs))

    def inline(self, sub: Graph, passed: Sequence[Any]) -> tuple:
        """Run `sub`'s operations in this graph, its inputs bound to `passed`; its outputs."""
        self.env.update(zip(sub.inputs, passed))
        self.run(sub.operations)
        return tuple(self.read(x) for x in sub.outputs)


def rebuild_if(graph: Graph, wanted: Callable[[Operation], bool], rewrite: Rewrite) -> Graph:
    """`rebuild(graph, rewrite)`, or `graph` itself when no operation (sub-graphs included)
    is `wanted`: a pass with nothing to do scans the graph instead of copying it.

    `wanted(op)` sees `op` as it is in `graph` and must hold if the rewrite could change it
    there. Until its first change a rebuild is an exact copy, so that change happens at an
    operation seen unchanged: no wanted operation, no change.
    """
    if any(map(wanted, all_operations(graph))):
        return rebuild(graph, rewrite)[0]
    return graph


def rebuild(graph: Graph, rewrite: Rewrite | None = None) -> tuple[Graph, Counter[str]]:
    """A new graph made by `rewrite` from `graph`, and the changes the rewrite noted."""
    context = Context(rewrite, escaping(graph))
    new = Graph(graph.name)
    b = Builder(new, context)
    for t in graph.inputs:
        b.env[t] = new.add_input(t.dtype, t.shape, t.weak)
    b.run(graph.operations)
    for log in getattr(_recording, "stack", ()):
        log.update(context.changes)
    return new.freeze(tuple(b.read(x) for x in graph.outputs)), context.changes


_recording = threading.local()


@contextmanager
def recording() -> Iterator[Counter[str]]:
    """Collect the changes noted by every `rebuild` inside the block (for the report)."""
    stack = getattr(_recording, "stack", None)
    if stack is None:
        stack = _recording.stack = []
    log: Counter[str] = Counter()
    stack.append(log)
    try:
        yield log
    finally:
        stack.pop()


def escaping(graph: Graph) -> frozenset[Tensor]:
    """Tensors whose value is handed to the caller: the graph outputs and, through control
    flow, the branch and body outputs that become them.

    The caller may write into a result, so a rewrite never makes one of these share memory
    it did not share before (with an input, a constant or another result).
    """
    found: set[Tensor] = {t for t in graph.outputs if isinstance(t, Tensor)}
    pending = [graph]
    while pending:
        g = pending.pop()
        for op in reversed(g.operations):
            for k, t in enumerate(op.outputs):
                if t not in found:
                    continue
                for key in ("true", "false", "body"):
                    sub = op.attrs.get(key)
                    if isinstance(sub, Graph) and isinstance(sub.outputs[k], Tensor):
                        found.add(sub.outputs[k])
            pending.extend(op.subgraphs())
    return frozenset(found)


# ---------------------------------------------------------------------------------------- facts

def types_of(op: Operation) -> tuple:
    return tuple((t.dtype, t.shape, t.weak) for t in op.outputs)


def is_stateful(op: Operation) -> bool:
    """An operation with effects, or whose sub-graphs have some: never dropped, moved or merged."""
    if op.type in registry.STATEFUL:
        return True
    return any(map(_has_effects, op.subgraphs()))


# Frozen graphs never change, so whether one has effects is worked out once for each.
_effects: "weakref.WeakKeyDictionary[Graph, bool]" = weakref.WeakKeyDictionary()


def _has_effects(graph: Graph) -> bool:
    known = _effects.get(graph)
    if known is None:
        known = any(map(is_stateful, graph.operations))
        if graph.frozen:
            _effects[graph] = known
    return known


def constant_value(x: Any) -> Any:
    """The value of `x` if it is known now (a literal or a `const` output), else NOT_CONSTANT."""
    if not isinstance(x, Tensor):
        return x
    if x.op is not None and x.op.type == "const":
        return x.op.attrs["value"]
    return NOT_CONSTANT


def all_operations(graph: Graph, found: list[Operation] | None = None) -> list[Operation]:
    """Every operation, sub-graphs included, outer first (`Graph.walk` as a list, built with
    one call per graph rather than one generator per operation)."""
    found = [] if found is None else found
    for op in graph.operations:
        found.append(op)
        for sub in op.subgraphs():
            all_operations(sub, found)
    return found


def count_operations(graph: Graph) -> int:
    return len(all_operations(graph))


def same_type(a: Tensor, b: Tensor) -> bool:
    """Exactly the same dtype, shape (unknown dims in the same places) and weakness."""
    return a.dtype == b.dtype and a.shape == b.shape and a.weak == b.weak


# Operations whose result may share memory with an input (NumPy returns a view), and
# those whose result may be an input or constant itself (a branch or a zero-trip loop).
VIEWS = frozenset({"transpose", "reshape", "getitem", "squeeze", "expand_dims", "swapaxes", "moveaxis", "ravel",
                   "broadcast_to", "diagonal", "real", "imag", "flip", "fliplr", "flipud", "rot90", "atleast_1d",
                   "atleast_2d", "atleast_3d", "const", "cond", "while"})


def is_fresh(t: Tensor) -> bool:
    """A new array made by an operation of its own graph: no input, constant or view of one."""
    return t.op is not None and t.op.type not in VIEWS


def frozen_value(value: Any) -> Any:
    """A hashable key equal for equal attribute values, distinct for distinct ones (arrays by
    dtype, shape and bytes; floats by bit pattern, so -0.0 != 0.0 and nan == nan)."""
    if isinstance(value, (np.ndarray, np.generic)):
        a = np.asarray(value)
        return ("array", a.dtype.str, a.shape, a.tobytes()) if a.dtype != object else ("id", id(value))
    if isinstance(value, float):
        return ("float", value.hex())
    if isinstance(value, complex):
        return ("complex", value.real.hex(), value.imag.hex())
    if isinstance(value, (tuple, list)):
        return (type(value).__name__, tuple(frozen_value(v) for v in value))
    if isinstance(value, dict):
        return ("dict", tuple(sorted((repr(k), frozen_value(v)) for k, v in value.items())))
    if isinstance(value, slice):
        return ("slice", frozen_value(value.start), frozen_value(value.stop), frozen_value(value.step))
    if isinstance(value, np.dtype):
        return ("dtype", value.str)
    if value is None or isinstance(value, (bool, int, str, type, registry.Slot)) or value is Ellipsis:
        return (type(value).__name__, value)
    return ("id", id(value))
