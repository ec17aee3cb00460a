"""The tracing context: while a graph is being built, NumPy calls on its tensors append to it.

Contexts nest (a `cond` branch is traced inside its enclosing graph). A tensor of an
enclosing graph used inside a sub-graph is captured: the sub-graph gets an input standing
for it, and the control-flow operation passes the outer tensor in.
"""

from __future__ import annotations

import threading
from contextlib import contextmanager
from typing import Any, ContextManager, Iterator

import numpy as np

from autoconv.errors import AutoConvError, user_location
from autoconv.graph import nest
from autoconv.graph.ir import Graph, Operation, Tensor

_state = threading.local()


class TraceContext:
    """The mutable side of a graph under construction."""

    __slots__ = ("graph", "parent", "captured", "last_stateful", "has_stateful")

    def __init__(self, graph: Graph, parent: "TraceContext | None"):
        self.graph = graph
        self.parent = parent
        self.captured: dict[Tensor, Tensor] = {}
        self.last_stateful: Operation | None = None
        self.has_stateful = False

    def capture(self, t: Tensor) -> Tensor:
        """The tensor that stands for `t` (from an enclosing graph) inside this graph."""
        if t.graph is self.graph:
            return t
        inner = self.captured.get(t)
        if inner is not None:
            return inner
        if self.parent is None:
            raise AutoConvError(
                f"a traced value from another graph ({t!r}, made in graph {t.graph.name!r}"
                f"{f' at {t.op.location}' if t.op is not None and t.op.location else ''}) was used at "
                f"{user_location()}. Values computed inside a staged if/loop leave it only through the "
                "variables it carries: state changed there through a nested function (nonlocal), a "
                "global or a shared container is not carried; assign a local variable instead. "
                "Values traced in one call of a function cannot be used in another."
            )
        outer = self.parent.capture(t)  # raises if t belongs to no enclosing graph
        inner = self.captured.get(outer)
        if inner is None:
            inner = self.graph.add_input(t.dtype, t.shape, t.weak)
            self.captured[outer] = inner
            self.graph.captures = self.graph.captures + ((outer, inner),)
        self.captured[t] = inner
        return inner


def _stack() -> list[TraceContext]:
    stack = getattr(_state, "stack", None)
    if stack is None:
        stack = _state.stack = []
    return stack


def current_context() -> TraceContext | None:
    stack = _stack()
    return stack[-1] if stack else None


def current_graph() -> Graph | None:
    ctx = current_context()
    return ctx.graph if ctx is not None else None


def tracing(graph: Graph) -> ContextManager[TraceContext]:
    """Make `graph` the graph that NumPy calls on tensors append to."""
    return resume(TraceContext(graph, current_context()))


@contextmanager
def resume(ctx: TraceContext) -> Iterator[TraceContext]:
    """Append to a graph whose tracing was interrupted (a branch, to add its outputs)."""
    stack = _stack()
    stack.append(ctx)
    try:
        yield ctx
    finally:
        stack.pop()


def add_operation(
    type: str,
    inputs: tuple[Any, ...],
    attrs: dict[str, Any],
    out_types: tuple[tuple[np.dtype, tuple], ...],
    stateful: bool = False,
) -> Operation:
    """Append an operation to the current graph, capturing outer tensors and ordering state."""
    ctx = current_context()
    if ctx is None:
        raise AutoConvError(f"operation {type!r} was built outside of any trace at {user_location()}")
    inputs = tuple(ctx.capture(x) if isinstance(x, Tensor) else x for x in inputs)
    control = ()
    if stateful:
        # Automatic control dependencies: stateful operations run in program order.
        if ctx.last_stateful is not None:
            control = (ctx.last_stateful,)
    op = Operation(type, inputs, attrs, control, location=user_location())
    ctx.graph.append(op, out_types)
    if stateful:
        ctx.last_stateful = op
        ctx.has_stateful = True
    return op


class Checkpoint:
    """The state of the current graph at one moment, to take back what was appended since."""

    __slots__ = ("ctx", "count", "last_stateful", "has_stateful")

    def __init__(self, ctx: TraceContext):
        self.ctx = ctx
        self.count = len(ctx.graph.operations)
        self.last_stateful = ctx.last_stateful
        self.has_stateful = ctx.has_stateful

    def discard(self, referenced: Any = None) -> bool:
        """Remove the operations appended since the checkpoint, unless an output of one of
        them is among `referenced` (tensors, possibly nested in tuples, lists and dicts).
        Returns whether they were removed.

        For a value computed only to be looked at (the first test of a loop that then gets
        staged, test included): its operations, effects included, must not run twice.
        """
        ops = self.ctx.graph.operations
        dropped = ops[self.count:]
        if not dropped:
            return True
        outputs = {t for op in dropped for t in op.outputs}
        for leaf in nest.flatten(referenced):
            if isinstance(leaf, Tensor):
                if leaf in outputs:
                    return False
            elif not isinstance(leaf, _PLAIN_VALUES):
                return False  # an object that may hold a tensor
        del ops[self.count:]  # type: ignore[union-attr]
        self.ctx.last_stateful = self.last_stateful
        self.ctx.has_stateful = self.has_stateful
        return True


_PLAIN_VALUES = (bool, int, float, complex, str, bytes, type(None), np.ndarray, np.generic)


def checkpoint() -> Checkpoint | None:
    """A checkpoint of the graph being traced, or None when not tracing."""
    ctx = current_context()
    return Checkpoint(ctx) if ctx is not None else None
