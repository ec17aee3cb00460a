"""The IR: three small records.

    graph     ::= inputs, operations, outputs          (sub-graphs also list captures)
    operation ::= type, inputs, attrs, outputs, control_inputs
    input     ::= Tensor | Python scalar                (a scalar stays "weak" for NEP 50)
    Tensor    ::= the `index`-th output of an operation, or an input of a graph (op is None)

Operations are immutable once appended. A `Graph` is appended to while it is being traced
(through `autoconv.graph.tracing`) and frozen when tracing ends; passes build new graphs.
"""

from __future__ import annotations

from typing import Any, Iterator

import numpy as np

from autoconv.graph.dispatch import TensorDispatch

Shape = tuple  # tuple[int | None, ...]


class Tensor(TensorDispatch):
    """A symbolic value: its dtype and (possibly partly unknown) shape, not its contents."""

    __slots__ = ("graph", "op", "index", "dtype", "shape", "weak", "__weakref__")

    def __init__(self, graph: "Graph", op: "Operation | None", index: int, dtype: np.dtype, shape: Shape,
                 weak: bool = False):
        self.graph = graph
        self.op = op
        self.index = index
        self.dtype = np.dtype(dtype)
        self.shape = tuple(shape)
        # A weak tensor is a Python scalar at run time (NEP 50: it adopts the other operand's
        # dtype), e.g. the index of a staged `for i in range(n)`.
        self.weak = weak

    @property
    def type_str(self) -> str:
        if self.weak:
            return "py" + {"b": "bool", "i": "int", "f": "float", "c": "complex"}[self.dtype.kind]
        dims = ",".join("?" if d is None else str(d) for d in self.shape)
        return f"{self.dtype.name}[{dims}]"

    def _text(self) -> str:  # repr (TensorDispatch.__repr__ may stand a marker in for it)
        return f"<Tensor {self.type_str}>"


class Operation:
    """One node: `outputs = type(inputs, **attrs)`, after `control_inputs` have run."""

    __slots__ = ("type", "inputs", "attrs", "outputs", "control_inputs", "location", "_subgraphs")

    def __init__(
        self,
        type: str,
        inputs: tuple,
        attrs: dict[str, Any],
        control_inputs: tuple = (),
        location: str | None = None,
    ):
        self.type = type
        self.inputs = tuple(inputs)
        self.attrs = dict(attrs)
        self.outputs: tuple[Tensor, ...] = ()
        self.control_inputs = tuple(control_inputs)
        self.location = location
        self._subgraphs: tuple[Graph, ...] | None = None

    @property
    def tensor_inputs(self) -> tuple[Tensor, ...]:
        return tuple(x for x in self.inputs if isinstance(x, Tensor))

    def subgraphs(self) -> tuple["Graph", ...]:
        """The graphs among the attributes (`cond` branches, `while` cond and body)."""
        subs = self._subgraphs
        if subs is None:
            subs = self._subgraphs = tuple(v for v in self.attrs.values() if type(v) is Graph)
        return subs

    def __repr__(self) -> str:
        from autoconv.graph.text import format_operation

        return format_operation(self)


class Graph:
    """An ordered list of operations from `inputs` to `outputs`.

    `captures` pairs outer tensors with the inputs of this (sub-)graph that stand for them.
    """

    __slots__ = ("name", "inputs", "operations", "outputs", "captures", "frozen", "__weakref__")

    def __init__(self, name: str = "graph"):
        self.name = name
        self.inputs: tuple[Tensor, ...] = ()
        self.operations: list[Operation] | tuple[Operation, ...] = []
        self.outputs: tuple[Any, ...] = ()
        self.captures: tuple[tuple[Tensor, Tensor], ...] = ()
        self.frozen = False

    def add_input(self, dtype: Any, shape: Shape, weak: bool = False) -> Tensor:
        t = Tensor(self, None, len(self.inputs), dtype, shape, weak)
        self.inputs = self.inputs + (t,)
        return t

    def append(self, op: Operation, out_types: tuple[tuple, ...]) -> Operation:
        """Add `op`, making one output tensor per `(dtype, shape[, weak])` of `out_types`."""
        if self.frozen:
            raise RuntimeError(f"graph {self.name!r} is frozen")
        op.outputs = tuple(Tensor(self, op, i, *t) for i, t in enumerate(out_types))
        self.operations.append(op)  # type: ignore[union-attr]
        return op

    def freeze(self, outputs: tuple[Any, ...]) -> "Graph":
        self.outputs = tuple(outputs)
        self.operations = tuple(self.operations)
        self.frozen = True
        return self

    def walk(self) -> Iterator[Operation]:
        """Every operation, sub-graphs included, outer first."""
        for op in self.operations:
            yield op
            for sub in op.subgraphs():
                yield from sub.walk()

    def __str__(self) -> str:
        from autoconv.graph.text import format_graph

        return format_graph(self)

    def __repr__(self) -> str:
        return f"<Graph {self.name}: {len(self.operations)} operations>"
