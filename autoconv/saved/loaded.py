"""What `ac.load` returns: the saved functions, callable with arrays, and their variables."""

from __future__ import annotations

import collections
from dataclasses import dataclass
from typing import Any

import numpy as np

from autoconv.function.spec import TensorSpec
from autoconv.graph.ir import Graph
from autoconv.graph.variables import Variable
from autoconv.runtime import Lowered, lower


@dataclass(frozen=True)
class Output:
    """A node of the output structure: `output` k, `constant` array/None, or a container."""

    kind: str  # "output", "constant", "tuple", "list", "dict" or "namedtuple"
    body: Any  # graph output number, constant, or the children (dict: (key, child) pairs)
    namedtuple: tuple[str, tuple[str, ...]] | None = None  # (type name, fields)


def _spec_leaves(spec: Any) -> list:
    """Array specs in the order callers' arrays are flattened (dicts by sorted repr of keys)."""
    if isinstance(spec, TensorSpec):
        return [spec]
    kind, body = spec[0], spec[1]
    if kind is dict:
        return [leaf for _, s in sorted(body, key=lambda item: repr(item[0])) for leaf in _spec_leaves(s)]
    if kind in (tuple, list):
        return [leaf for s in body for leaf in _spec_leaves(s)]
    return []


def array_specs(specs: tuple) -> list[TensorSpec]:
    return [leaf for s in specs for leaf in _spec_leaves(s)]


_SAME_VALUE = object()


def _arrays(arg: Any, spec: Any, strict: bool, out: list) -> bool:
    """Append the arrays of `arg` to `out` if it fits `spec`; casts Python values unless `strict`."""
    if isinstance(spec, TensorSpec):
        try:
            array = np.asarray(arg)
        except Exception:
            return False
        if not spec.is_compatible_with(array):
            return False
        if array.dtype != spec.dtype:
            if strict or isinstance(arg, (np.ndarray, np.generic)) or not np.can_cast(array.dtype, spec.dtype, "same_kind"):
                return False
            array = array.astype(spec.dtype)
        out.append(array)
        return True
    kind, body = spec[0], spec[1]
    if kind == "value":
        value = spec[2]
        return type(arg) is body and (arg == value or (arg != arg and value != value))
    if kind is dict:
        if not isinstance(arg, dict) or set(arg) != {k for k, _ in body}:
            return False
        specs = dict(body)
        return all(_arrays(arg[k], specs[k], strict, out) for k in sorted(arg, key=repr))
    if not isinstance(arg, kind) or len(arg) != len(body):
        return False
    return all(_arrays(a, s, strict, out) for a, s in zip(arg, body))


def _describe(name: str, spec: Any) -> str:
    if isinstance(spec, TensorSpec):
        return f"{name}: {spec}"
    if spec[0] == "value":
        return f"{name}={spec[2]!r}"
    return f"{name}: {spec[0].__name__}"


class LoadedFunction:
    """One saved concrete function: its graphs, signature and compiled code."""

    def __init__(self, name: str, arg_names: tuple[str, ...], specs: tuple, graph: Graph,
                 optimized_graph: Graph, outputs: Output):
        self.name = name
        self.arg_names = arg_names
        self.specs = specs
        self.graph = graph
        self.optimized_graph = optimized_graph
        self.outputs = outputs
        self.lowered: Lowered = lower(optimized_graph, name)
        self._classes: dict[tuple, type] = {}

    def match(self, args: tuple, kwargs: dict, strict: bool) -> list[np.ndarray] | None:
        """The graph inputs for this call, or None if the call does not fit the signature."""
        if len(args) > len(self.specs) or set(kwargs) - set(self.arg_names[len(args):]):
            return None
        arrays: list[np.ndarray] = []
        for i, (name, spec) in enumerate(zip(self.arg_names, self.specs)):
            arg = args[i] if i < len(args) else kwargs.get(name, _SAME_VALUE)
            if arg is _SAME_VALUE:
                if not (isinstance(spec, tuple) and spec[0] == "value"):
                    return None
                continue  # a Python value argument left out: the one it was traced with
            if not _arrays(arg, spec, strict, arrays):
                return None
        return arrays

    def call_flat(self, arrays: list[np.ndarray]) -> Any:
        try:
            results = self.lowered.fn(*arrays)
        except Exception as exc:
            self.lowered.annotate(exc, f"saved graph {self.name!r}")
            raise
        return self._build(self.outputs, results)

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        arrays = self.match(args, kwargs, strict=False)
        if arrays is None:
            raise TypeError(f"the call does not match {self.signature()}")
        return self.call_flat(arrays)

    def _build(self, node: Output, results: tuple) -> Any:
        if node.kind == "output":
            return np.asarray(results[node.body])
        if node.kind == "constant":
            return None if node.body is None else node.body.copy()
        if node.kind == "dict":
            return {k: self._build(v, results) for k, v in node.body}
        items = [self._build(x, results) for x in node.body]
        if node.kind == "namedtuple":
            return self._namedtuple(node.namedtuple)(*items)
        return tuple(items) if node.kind == "tuple" else items

    def _namedtuple(self, key: Any) -> type:
        cls = self._classes.get(key)
        if cls is None:
            # Names and fields were checked to be identifiers when the file was read.
            cls = self._classes[key] = collections.namedtuple(key[0], key[1])
        return cls


    def signature(self) -> str:
        params = ", ".join(_describe(n, s) for n, s in zip(self.arg_names, self.specs))
        outs = ", ".join(t.type_str if hasattr(t, "type_str") else repr(t) for t in self.graph.outputs)
        return f"{self.name}({params}) -> ({outs})"

    def __repr__(self) -> str:
        return f"<LoadedFunction {self.signature()}>"


class Loaded:
    """The result of `ac.load`: call it like the saved function; one graph per saved signature."""

    def __init__(self, functions: tuple[LoadedFunction, ...], variables: tuple[Variable, ...]):
        self.functions = functions
        self.variables = variables

    @property
    def graph(self) -> Graph:
        """The first saved function's graph as traced (each of `functions` has its own)."""
        return self.functions[0].graph

    @property
    def optimized_graph(self) -> Graph:
        return self.functions[0].optimized_graph

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        function, arrays = self.select(args, kwargs)
        return function.call_flat(arrays)

    def select(self, args: tuple, kwargs: dict) -> tuple[LoadedFunction, list[np.ndarray]]:
        """The saved function a call runs, and its graph inputs; TypeError if none fits."""
        # Exact dtypes first, so a float32 graph is not picked for float64 arrays it could cast.
        for strict in (True, False):
            for f in self.functions:
                arrays = f.match(args, kwargs, strict)
                if arrays is not None:
                    return f, arrays
        shown = ", ".join(str(TensorSpec.from_array(a)) if isinstance(a, (np.ndarray, np.generic)) else repr(a)
                          for a in args)
        raise TypeError(f"no saved signature matches the call ({shown}); saved: "
                        + "; ".join(f.signature() for f in self.functions))

    def __repr__(self) -> str:
        return f"<Loaded {', '.join(f.signature() for f in self.functions)}>"
