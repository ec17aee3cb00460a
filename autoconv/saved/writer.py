"""`save`: concrete functions to a directory of `graph.json` plus `.npy` arrays.

The layout is documented in docs/format.md. Tensors are numbered per graph: a graph's
inputs first, then each operation's outputs in order; a sub-graph names the outer tensors
it captures by their numbers in the enclosing graph.
"""

from __future__ import annotations

import json
import os
import shutil
from typing import Any


from autoconv.errors import AutoConvError
from autoconv.function.concrete import ConcreteFunction
from autoconv.function.polymorphic import PolymorphicFunction
from autoconv.function.spec import TensorSpec, value_of
from autoconv.graph.ir import Graph, Operation, Tensor
from autoconv.graph.variables import Variable
from autoconv.saved.arrays import ArrayWriter
from autoconv.saved.values import Encoder, dtype_name, encode_generator

FORMAT = "autoconv.saved"
VERSION = 1
GRAPH_FILE = "graph.json"
PARTIAL_FILE = GRAPH_FILE + ".partial"
_OWN_FOLDERS = ("arrays", "variables")


def concrete_functions(fn: Any) -> list[ConcreteFunction]:
    """What `save` writes for `fn`: a concrete function, or every one a function has traced."""
    if isinstance(fn, ConcreteFunction):
        return [fn]
    if isinstance(fn, PolymorphicFunction):
        if fn.input_signature is not None:
            return [fn.get_concrete_function()]
        traced = fn.concrete_functions
        if not traced:
            raise AutoConvError(f"{fn.__name__} has not been traced yet: give it an input_signature, call it, "
                                "or save fn.get_concrete_function(...)")
        return traced
    raise AutoConvError(f"ac.save takes a ConcreteFunction or an ac.function, not a {type(fn).__name__}")


class _Writer:
    """The state of one save: shared tables of arrays, variables and generators."""

    def __init__(self, directory: str):
        self.constants = ArrayWriter(directory, "arrays")
        self.variable_files = ArrayWriter(directory, "variables")
        self.variables: dict[int, int] = {}
        self.variable_entries: list[dict] = []
        self.generators: dict[int, int] = {}
        self.generator_entries: list[dict] = []
        self.kept: list[Any] = []
        self.scopes: list[dict[Tensor, int]] = []
        self.encode = Encoder(self.constants, self.variable_index, self.generator_index, self.graph)

    def variable_index(self, v: Variable) -> int:
        index = self.variables.get(id(v))
        if index is None:
            index = self.variables[id(v)] = len(self.variable_entries)
            self.kept.append(v)
            self.variable_entries.append({"name": v.name, "dtype": dtype_name(v.dtype), "shape": list(v.shape),
                                          "value": self.variable_files(v.numpy())})
        return index

    def generator_index(self, owner: Any) -> int:
        index = self.generators.get(id(owner))
        if index is None:
            index = self.generators[id(owner)] = len(self.generator_entries)
            self.kept.append(owner)
            self.generator_entries.append(encode_generator(owner, self.encode))
        return index

    def ref(self, x: Any, what: str) -> Any:
        if not isinstance(x, Tensor):
            return self.encode(x, what)
        number = self.scopes[-1].get(x)
        if number is None:
            raise AutoConvError(f"{what}: {x!r} is not defined in its graph")
        return {"tensor": number}

    def graph(self, graph: Graph) -> dict:
        numbers: dict[Tensor, int] = {t: i for i, t in enumerate(graph.inputs)}
        parent = self.scopes[-1] if self.scopes else None
        self.scopes.append(numbers)
        ops: list[dict] = []
        op_numbers: dict[Operation, int] = {}
        for op in graph.operations:
            ops.append(self.operation(op, op_numbers, f"graph {graph.name!r}, operation {op.type!r}"))
            op_numbers[op] = len(op_numbers)
            numbers.update((t, len(numbers)) for t in op.outputs)
        data = {"name": graph.name, "inputs": [tensor_type(t) for t in graph.inputs], "operations": ops,
                "outputs": [self.ref(x, f"graph {graph.name!r} output") for x in graph.outputs]}
        self.scopes.pop()
        if parent is not None:
            inputs = {t: i for i, t in enumerate(graph.inputs)}
            self.scopes.append(parent)
            data["captures"] = [[self.ref(outer, f"graph {graph.name!r} capture"), inputs[inner]]
                                for outer, inner in graph.captures]
            self.scopes.pop()
        return data

    def operation(self, op: Operation, op_numbers: dict[Operation, int], what: str) -> dict:
        return {
            "type": op.type,
            "inputs": [self.ref(x, what) for x in op.inputs],
            "attrs": {k: self.encode(v, f"{what}, attribute {k!r}") for k, v in op.attrs.items()},
            "outputs": [tensor_type(t) for t in op.outputs],
            "control": [self.control(c, op_numbers, what) for c in op.control_inputs],
            "location": op.location,
        }

    def control(self, op: Operation, op_numbers: dict[Operation, int], what: str) -> int:
        number = op_numbers.get(op)
        if number is None:
            raise AutoConvError(f"{what}: runs after an operation of another graph ({op.type!r})")
        return number

    def function(self, cf: ConcreteFunction) -> dict:
        what = f"function {cf.name!r}"
        data = {"name": cf.name,
                "signature": {"names": list(cf.arg_names), "specs": [self.spec(s, what) for s in cf.specs]},
                "outputs": self.outputs(cf._template, iter(cf._kinds), what),
                "graph": self.graph(cf.graph)}
        if cf.optimized_graph is not cf.graph:
            optimized = self.graph(cf.optimized_graph)
            if optimized != data["graph"]:  # passes return new graphs, often equal ones
                data["optimized_graph"] = optimized
        return data

    def spec(self, spec: Any, what: str) -> dict:
        if isinstance(spec, TensorSpec):
            return {"kind": "array", "dtype": dtype_name(spec.dtype), "shape": list(spec.shape)}
        if isinstance(spec, tuple) and len(spec) == 3 and spec[0] == "value":
            return {"kind": "value", "value": self.encode(spec[2], what)}
        if isinstance(spec, tuple) and len(spec) == 2 and spec[0] is dict:
            return {"kind": "dict", "items": [[self.encode(value_of(k), what), self.spec(s, what)] for k, s in spec[1]]}
        if isinstance(spec, tuple) and len(spec) == 2 and isinstance(spec[0], type) and issubclass(spec[0], (tuple, list)):
            kind = "list" if issubclass(spec[0], list) else "tuple"
            return {"kind": kind, "items": [self.spec(s, what) for s in spec[1]]}
        raise AutoConvError(f"{what}: an argument traced as {spec!r} cannot be saved; only arrays, Python "
                            "values and tuples, lists and dicts of them can")

    def outputs(self, template: Any, kinds: Any, what: str) -> Any:
        """The output structure, leaves in `nest.flatten` order (dicts by sorted repr of keys)."""
        if isinstance(template, tuple) and hasattr(type(template), "_fields"):
            return {"namedtuple": {"name": type(template).__name__, "fields": list(type(template)._fields),
                                   "items": [self.outputs(v, kinds, what) for v in template]}}
        if isinstance(template, (tuple, list)):
            kind = "list" if isinstance(template, list) else "tuple"
            return {kind: [self.outputs(v, kinds, what) for v in template]}
        if isinstance(template, dict):
            encoded = {k: self.outputs(template[k], kinds, what) for k in sorted(template, key=repr)}
            return {"dict": [[self.encode(k, what), encoded[k]] for k in template]}
        kind = next(kinds)
        if type(kind) is int:
            return {"output": kind}
        return {"constant": self.encode(kind[1], f"{what}, constant output")}


def tensor_type(t: Tensor) -> dict:
    return {"dtype": dtype_name(t.dtype), "shape": list(t.shape), "weak": t.weak}


def _prepare(path: str) -> None:
    """Make `path` an empty directory, clearing only what an earlier save wrote there."""
    if os.path.exists(path) and not os.path.isdir(path):
        raise AutoConvError(f"cannot save to {path!r}: it is a file")
    os.makedirs(path, exist_ok=True)
    entries = set(os.listdir(path))
    if GRAPH_FILE not in entries and entries - {PARTIAL_FILE, *_OWN_FOLDERS}:
        raise AutoConvError(f"cannot save to {path!r}: the directory is not empty and holds no saved graph")
    for name in entries & {GRAPH_FILE, PARTIAL_FILE}:
        os.remove(os.path.join(path, name))
    for name in entries & set(_OWN_FOLDERS):
        shutil.rmtree(os.path.join(path, name))


def save(fn: Any, path: str | os.PathLike) -> None:
    """Write `fn` (a ConcreteFunction, or an ac.function's traced graphs) to directory `path`."""
    functions = concrete_functions(fn)
    directory = os.fspath(path)
    _prepare(directory)
    w = _Writer(directory)
    encoded = [w.function(cf) for cf in functions]
    document = {"format": FORMAT, "version": VERSION, "variables": w.variable_entries,
                "generators": w.generator_entries, "functions": encoded}
    text = json.dumps(document, indent=1, allow_nan=False)
    temporary = os.path.join(directory, PARTIAL_FILE)
    with open(temporary, "w", encoding="utf-8") as f:
        f.write(text + "\n")
    # The graph file appears last and whole: a directory without it is not a saved graph.
    os.replace(temporary, os.path.join(directory, GRAPH_FILE))
