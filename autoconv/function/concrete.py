"""`ConcreteFunction`: one graph for one input signature, lowered and compiled once."""

from __future__ import annotations

from typing import Any, Callable

import numpy as np

from autoconv.errors import AutoConvError, user_location
from autoconv.function.spec import TensorSpec
from autoconv.graph import nest
from autoconv.graph.ir import Graph, Tensor
from autoconv.graph.tracing import tracing
from autoconv.runtime import Lowered, lower


def _placeholders(graph: Graph, arg: Any, spec: Any) -> Any:
    """The traced stand-in for one argument: a graph input per array leaf."""
    if isinstance(spec, TensorSpec):
        return graph.add_input(spec.dtype, spec.shape)
    if isinstance(arg, (tuple, list)) and isinstance(spec, tuple) and len(spec) == 2 and isinstance(spec[1], tuple):
        return nest.sequence_like(arg, [_placeholders(graph, a, s) for a, s in zip(arg, spec[1])])
    if isinstance(arg, dict):
        # Inputs in the order `flat_arrays` passes them: keys sorted (the dict keeps its order).
        specs = dict(zip(arg, (s for _, s in spec[1])))  # (the spec lists the keys in the dict's order)
        made = {k: _placeholders(graph, arg[k], specs[k]) for k in sorted(arg, key=repr)}
        return {k: made[k] for k in arg}
    return arg


def flat_arrays(arg: Any, spec: Any, out: list) -> None:
    """Append the array leaves of `arg` (those `spec` types as arrays) to `out`."""
    if isinstance(spec, TensorSpec):
        out.append(arg if isinstance(arg, np.ndarray) else np.asarray(arg, dtype=spec.dtype))
    elif isinstance(arg, (tuple, list)) and isinstance(spec, tuple) and len(spec) == 2 and isinstance(spec[1], tuple):
        for a, s in zip(arg, spec[1]):
            flat_arrays(a, s, out)
    elif isinstance(arg, dict):
        specs = dict(zip(arg, (s for _, s in spec[1])))
        for k in sorted(arg, key=repr):
            flat_arrays(arg[k], specs[k], out)


def _output_leaf(x: Any, graph: Graph) -> Any:
    if isinstance(x, Tensor):
        if x.graph is not graph:
            raise AutoConvError(
                f"the function returned a value traced in another graph ({x!r}, made in graph {x.graph.name!r}"
                f"{f' at {x.op.location}' if x.op is not None and x.op.location else ''}). "
                "Values computed inside a staged if/loop leave it only through the variables it carries: "
                "state changed there through a nested function (nonlocal), a global or a shared container "
                "is not carried; assign a local variable instead.")
        return x
    if x is None:
        return None
    try:
        return np.asarray(x)
    except AutoConvError:
        raise
    except Exception:
        raise AutoConvError(f"the function returned a {type(x).__name__}, which is not an array or Python value "
                            f"(at {user_location()})") from None


class ConcreteFunction:
    """A traced graph with its input signature; call it with arrays."""

    def __init__(self, name: str, graph: Graph, arg_names: tuple[str, ...], specs: tuple,
                 output_template: Any, output_kinds: tuple, optimized: Graph | None = None,
                 report: Any = None):
        self.name = name
        self.graph = graph  # as traced
        self.optimized_graph = optimized if optimized is not None else graph
        self.arg_names = arg_names
        self.specs = specs
        self._template = output_template
        self._kinds = output_kinds  # per output leaf: graph output index, or the constant
        self._report = report
        self.lowered: Lowered = lower(self.optimized_graph, name)
        self._fn = self.lowered.fn
        self._all_arrays = all(isinstance(s, TensorSpec) for s in specs)
        # The function returns one traced array (no structure to rebuild around it).
        self._single = output_kinds == (0,) and not isinstance(output_template, (tuple, list, dict))

    @classmethod
    def trace(cls, name: str, fn: Callable[..., Any], args: tuple, specs: tuple, arg_names: tuple[str, ...],
              optimize: Callable[[Graph], tuple[Graph, Any]] | None = None) -> "ConcreteFunction":
        graph = Graph(name)
        call_args = [_placeholders(graph, a, s) for a, s in zip(args, specs)]
        with tracing(graph):
            out = fn(*call_args)
            leaves = [_output_leaf(x, graph) for x in nest.flatten(out)]
        tensors: list[Tensor] = []
        kinds: list[Any] = []
        for leaf in leaves:
            if isinstance(leaf, Tensor):
                kinds.append(len(tensors))
                tensors.append(leaf)
            else:
                kinds.append(("value", leaf))
        graph.freeze(tuple(tensors))
        optimized, report = optimize(graph) if optimize is not None else (graph, None)
        return cls(name, graph, arg_names, specs, out, tuple(kinds), optimized, report)

    def call_flat(self, arrays: list | tuple) -> Any:
        try:
            results = self._fn(*arrays)
        except Exception as exc:
            self.lowered.annotate(exc, f"graph {self.name!r}")
            raise
        if self._single:
            return np.asarray(results[0])
        flat = [np.asarray(results[k]) if type(k) is int else (k[1].copy() if k[1] is not None else None)
                for k in self._kinds]
        return nest.pack_as(self._template, flat)

    def __call__(self, *args: Any) -> Any:
        if len(args) != len(self.specs):
            raise TypeError(f"{self.name} takes {len(self.specs)} arguments ({self.pretty_printed_signature()}), "
                            f"got {len(args)}")
        arrays: list[Any] = []
        for a, s in zip(args, self.specs):
            if isinstance(s, TensorSpec) and not s.is_compatible_with(a):
                raise TypeError(f"{self.name}: argument of shape {np.shape(a)} does not match {s!r}")
            if isinstance(s, TensorSpec) and isinstance(a, (np.ndarray, np.generic)) and a.dtype != s.dtype:
                raise TypeError(f"{self.name}: argument of dtype {a.dtype} does not match {s!r} (the graph "
                                f"was traced for {s.dtype}; ac.function traces one for this dtype)")
            flat_arrays(a, s, arrays)
        return self.call_flat(arrays)


    def pretty_printed_signature(self) -> str:
        params = ", ".join(f"{n}: {s}" if isinstance(s, TensorSpec) else f"{n}={_describe(s)}"
                           for n, s in zip(self.arg_names, self.specs))
        outs = ", ".join(t.type_str for t in self.graph.outputs)
        return f"{self.name}({params}) -> ({outs})"

    def optimization_report(self) -> Any:
        return self._report

    @property
    def source(self) -> str:
        """The Python source the graph was lowered to."""
        return self.lowered.source

    def __str__(self) -> str:
        return f"ConcreteFunction {self.pretty_printed_signature()}\n{self.optimized_graph}"

    def __repr__(self) -> str:
        return f"<ConcreteFunction {self.pretty_printed_signature()}>"


def _describe(spec: Any) -> str:
    if isinstance(spec, tuple) and len(spec) == 3 and spec[0] == "value":
        return repr(spec[2])
    return repr(spec)
