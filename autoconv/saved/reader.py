"""`load`: rebuild graphs from a saved directory, trusting nothing in it.

Nothing in the file is executed: op names are looked up in `registry.OPS`, values decoded
from the closed set of `autoconv.saved.values`, arrays read by `autoconv.saved.arrays`.
Each operation is type-checked as it is rebuilt: ordinary operations by re-running their
registry rule on the rebuilt inputs, `cond` and `while` by `autoconv.saved.checks`.
Every problem is a `SaveFormatError` that says where in graph.json it is.
"""

from __future__ import annotations

import json
import os
from typing import Any

import numpy as np

from autoconv.errors import SaveFormatError
from autoconv.function.spec import TensorSpec
from autoconv.graph import registry
from autoconv.graph.ir import Graph, Operation, Tensor
from autoconv.graph.variables import Variable
from autoconv.saved import checks
from autoconv.saved.arrays import read_array
from autoconv.saved.errors import expect, fail
from autoconv.saved.loaded import Loaded, LoadedFunction, Output
from autoconv.saved.values import Decoder, decode_generator, is_identifier, parse_dtype
from autoconv.saved.writer import FORMAT, GRAPH_FILE, VERSION

TensorType = tuple  # (dtype, shape, weak)


def _reject_constant(name: str) -> Any:
    raise SaveFormatError(f"{GRAPH_FILE}: {name} is not JSON; non-finite floats are written {{\"float\": \"nan\"}}")


def read_document(directory: str) -> Any:
    expect(os.path.isdir(directory), "", f"{directory!r} is not a directory")
    path = os.path.join(directory, GRAPH_FILE)
    expect(os.path.isfile(path), "", f"{directory!r} holds no {GRAPH_FILE}")
    try:
        with open(path, "rb") as f:
            text = f.read().decode("utf-8")
        return json.loads(text, parse_constant=_reject_constant)
    except OSError as exc:
        fail(GRAPH_FILE, f"cannot read it: {exc.strerror or exc}")
    except UnicodeDecodeError as exc:
        fail(GRAPH_FILE, f"not UTF-8 text ({exc.reason} at byte {exc.start})")
    except ValueError as exc:  # JSONDecodeError, or an integer too long to convert
        fail(GRAPH_FILE, f"malformed JSON ({exc})")
    except RecursionError:
        fail(GRAPH_FILE, "nested too deeply")


def field(data: Any, key: str, kind: type | tuple, where: str) -> Any:
    expect(type(data) is dict, where, f"expected an object, found {type(data).__name__}")
    expect(key in data, where, f"missing key {key!r}")
    value = data[key]
    kinds = kind if isinstance(kind, tuple) else (kind,)
    expect(type(value) in kinds, f"{where}.{key}",
           f"expected {' or '.join(k.__name__ for k in kinds)}, found {type(value).__name__}")
    return value


def tensor_type(data: Any, where: str) -> TensorType:
    dtype = parse_dtype(field(data, "dtype", str, where), f"{where}.dtype")
    shape = field(data, "shape", list, where)
    expect(all(d is None or (type(d) is int and d >= 0) for d in shape), f"{where}.shape",
           f"dims are non-negative integers or null, not {shape!r}")
    weak = field(data, "weak", bool, where)
    if weak:
        expect(shape == [] and dtype.kind in "bifc", where,
               f"a weak tensor is a Python bool, int, float or complex scalar, not {dtype.name}{shape}")
    return dtype, tuple(shape), weak


class _Reader:
    """Rebuilds the graphs of one file; `scopes` holds the tensors of the enclosing graphs."""

    def __init__(self, directory: str):
        self.directory = directory
        self.variables: list[Variable] = []
        self.generators: list[Any] = []
        self.scopes: list[list[Tensor]] = []
        self.decode = Decoder(self.array, self.variables, self.generators, self.graph)

    def array(self, reference: Any, where: str) -> np.ndarray:
        return read_array(self.directory, reference, where)

    def variable(self, data: Any, where: str) -> Variable:
        name = field(data, "name", (str, type(None)), where)
        dtype, shape, _ = tensor_type({**data, "weak": False} if type(data) is dict else data, where)
        expect(None not in shape, f"{where}.shape", "a variable has a fully known shape")
        value = self.array(field(data, "value", str, where), f"{where}.value")
        expect(value.dtype == dtype and value.shape == shape, f"{where}.value",
               f"holds {value.dtype.name}{list(value.shape)}, declared {dtype.name}{list(shape)}")
        return Variable(value, name=name)

    def ref(self, data: Any, where: str) -> Any:
        """An operation input or graph output: a tensor of the current scope, or a value."""
        if type(data) is dict and "tensor" in data:
            return self.tensor(data, self.scopes[-1], where)
        return self.decode(data, where)

    def tensor(self, data: Any, scope: list[Tensor], where: str) -> Tensor:
        expect(type(data) is dict and list(data) == ["tensor"], where,
               f"expected a tensor reference {{\"tensor\": n}}, found {json.dumps(data)[:80]}")
        number = data["tensor"]
        expect(type(number) is int and 0 <= number < len(scope), where,
               f"tensor {number!r} is not defined at this point (the graph has {len(scope)} so far)")
        return scope[number]

    def graph(self, data: Any, where: str) -> Graph:
        name = field(data, "name", str, where)
        g = Graph(name)
        for i, t in enumerate(field(data, "inputs", list, where)):
            g.add_input(*tensor_type(t, f"{where}.inputs[{i}]"))
        scope = list(g.inputs)
        self.scopes.append(scope)
        for i, op_data in enumerate(field(data, "operations", list, where)):
            op = self.operation(op_data, g, f"{where}.operations[{i}]")
            scope.extend(op.outputs)
        outputs = tuple(self.ref(x, f"{where}.outputs[{i}]") for i, x in enumerate(field(data, "outputs", list, where)))
        self.scopes.pop()
        g.freeze(outputs)
        if self.scopes:
            g.captures = self.captures(data, g, where)
        else:
            expect("captures" not in data, f"{where}.captures", "a top-level graph captures nothing")
        return g

    def captures(self, data: Any, g: Graph, where: str) -> tuple:
        pairs = []
        for i, pair in enumerate(field(data, "captures", list, where)):
            at = f"{where}.captures[{i}]"
            expect(type(pair) is list and len(pair) == 2, at, "a capture is [outer tensor, input number]")
            outer = self.tensor(pair[0], self.scopes[-1], f"{at}[0]")
            expect(type(pair[1]) is int and 0 <= pair[1] < len(g.inputs), f"{at}[1]",
                   f"graph {g.name!r} has no input {pair[1]!r}")
            pairs.append((outer, g.inputs[pair[1]]))
        return tuple(pairs)

    def operation(self, data: Any, g: Graph, where: str) -> Operation:
        op_type = field(data, "type", str, where)
        opdef = registry.OPS.get(op_type)
        expect(opdef is not None, f"{where}.type", f"unknown operation {op_type!r}")
        where = f"{where} ({op_type})"
        inputs = tuple(self.ref(x, f"{where}.inputs[{i}]") for i, x in enumerate(field(data, "inputs", list, where)))
        attrs = {}
        for key, value in field(data, "attrs", dict, where).items():
            expect(is_identifier(key), f"{where}.attrs", f"attribute name {key!r} is not an identifier")
            attrs[key] = self.decode(value, f"{where}.attrs.{key}")
        declared = [tensor_type(t, f"{where}.outputs[{i}]") for i, t in enumerate(field(data, "outputs", list, where))]
        control = []
        for i, number in enumerate(field(data, "control", list, where)):
            expect(type(number) is int and 0 <= number < len(g.operations), f"{where}.control[{i}]",
                   f"operation {number!r} does not come before this one")
            control.append(g.operations[number])
        location = field(data, "location", (str, type(None)), where)
        op = Operation(op_type, inputs, attrs, tuple(control), location)
        checks.check_operation(opdef, op, declared, where)
        return g.append(op, tuple(declared))

    def function(self, data: Any, where: str) -> LoadedFunction:
        name = field(data, "name", str, where)
        signature = field(data, "signature", dict, where)
        names = field(signature, "names", list, f"{where}.signature")
        expect(all(type(n) is str for n in names), f"{where}.signature.names", "argument names are strings")
        specs = field(signature, "specs", list, f"{where}.signature")
        expect(len(specs) == len(names), f"{where}.signature", "one spec per argument name")
        specs = tuple(self.spec(s, f"{where}.signature.specs[{i}]") for i, s in enumerate(specs))
        graph = self.graph(field(data, "graph", dict, where), f"{where}.graph")
        optimized = graph
        if "optimized_graph" in data:
            optimized = self.graph(field(data, "optimized_graph", dict, where), f"{where}.optimized_graph")
        for label, g in (("graph", graph), ("optimized_graph", optimized)):
            checks.check_signature(specs, g, f"{where}.{label}")
            expect(len(g.outputs) == len(graph.outputs), f"{where}.{label}.outputs",
                   "the traced and optimized graphs have different numbers of outputs")
        outputs = self.output(field(data, "outputs", dict, where), len(graph.outputs), f"{where}.outputs")
        try:
            return LoadedFunction(name, tuple(names), specs, graph, optimized, outputs)
        except Exception as exc:  # the checks above should make this unreachable
            fail(where, f"the graph cannot be compiled ({type(exc).__name__}: {exc})")

    def spec(self, data: Any, where: str) -> Any:
        kind = field(data, "kind", str, where)
        if kind == "array":
            dtype, shape, _ = tensor_type({**data, "weak": False}, where)
            return TensorSpec(shape, dtype)
        if kind == "value":
            expect("value" in data, where, "missing key 'value'")
            value = self.decode(data["value"], f"{where}.value")
            expect(type(value) in (bool, int, float, complex, str, type(None)), f"{where}.value",
                   f"a Python value argument is a scalar, string or None, not {type(value).__name__}")
            return ("value", type(value), value)
        items = field(data, "items", list, where)
        if kind in ("tuple", "list"):
            return ({"tuple": tuple, "list": list}[kind], tuple(self.spec(s, f"{where}.items[{i}]")
                                                           for i, s in enumerate(items)))
        expect(kind == "dict", f"{where}.kind", f"unknown argument kind {kind!r}")
        entries = []
        for i, item in enumerate(items):
            expect(type(item) is list and len(item) == 2, f"{where}.items[{i}]", "expected [key, spec]")
            key = self.decode(item[0], f"{where}.items[{i}][0]")
            expect(type(key) in (bool, int, float, str, type(None)), f"{where}.items[{i}][0]",
                   "a dict argument's keys are Python scalars or strings")
            entries.append((key, self.spec(item[1], f"{where}.items[{i}][1]")))
        return (dict, tuple(entries))

    def output(self, data: Any, n: int, where: str) -> Output:
        expect(type(data) is dict and len(data) == 1, where, "expected an object with one key")
        (kind, body), = data.items()
        if kind == "output":
            expect(type(body) is int and 0 <= body < n, where, f"the graph has no output {body!r}")
            return Output("output", body)
        if kind == "constant":
            value = self.decode(body, f"{where}.constant")
            expect(value is None or type(value) is np.ndarray, f"{where}.constant", "expected an array or null")
            return Output("constant", value)
        if kind in ("tuple", "list"):
            expect(type(body) is list, f"{where}.{kind}", "expected a list")
            return Output(kind, tuple(self.output(x, n, f"{where}.{kind}[{i}]") for i, x in enumerate(body)))
        if kind == "dict":
            expect(type(body) is list, f"{where}.dict", "expected a list")
            entries = []
            for i, item in enumerate(body):
                expect(type(item) is list and len(item) == 2, f"{where}.dict[{i}]", "expected [key, value]")
                key = self.decode(item[0], f"{where}.dict[{i}][0]")
                try:
                    hash(key)
                except TypeError:
                    fail(f"{where}.dict[{i}][0]", "a dict key must be hashable")
                entries.append((key, self.output(item[1], n, f"{where}.dict[{i}][1]")))
            return Output("dict", tuple(entries))
        expect(kind == "namedtuple", where, f"unknown output structure {kind!r}")
        type_name = field(body, "name", str, f"{where}.namedtuple")
        fields = field(body, "fields", list, f"{where}.namedtuple")
        items = field(body, "items", list, f"{where}.namedtuple")
        expect(is_identifier(type_name) and all(is_identifier(f) and not f.startswith("_") for f in fields)
               and len(set(fields)) == len(fields), f"{where}.namedtuple",
               "a namedtuple's name and fields are distinct identifiers")
        expect(len(items) == len(fields), f"{where}.namedtuple", "one item per field")
        return Output("namedtuple", tuple(self.output(x, n, f"{where}.namedtuple.items[{i}]")
                                          for i, x in enumerate(items)), (type_name, tuple(fields)))


def load(path: str | os.PathLike) -> Loaded:
    """The functions saved in directory `path`, ready to call with arrays."""
    directory = os.fspath(path)
    document = read_document(directory)
    expect(type(document) is dict, GRAPH_FILE, "expected a JSON object")
    expect(document.get("format") == FORMAT, "format", f"not an autoconv saved graph (format {document.get('format')!r})")
    version = document.get("version")
    expect(version == VERSION and type(version) is int, "version",
           f"format version {version!r} is not supported (this autoconv reads version {VERSION})")
    reader = _Reader(directory)
    try:
        for i, v in enumerate(field(document, "variables", list, "")):
            reader.variables.append(reader.variable(v, f"variables[{i}]"))
        for i, gen in enumerate(field(document, "generators", list, "")):
            reader.generators.append(decode_generator(gen, reader.decode, f"generators[{i}]"))
        functions = field(document, "functions", list, "")
        expect(len(functions) > 0, "functions", "no functions saved")
        loaded = [reader.function(f, f"functions[{i}]") for i, f in enumerate(functions)]
    except RecursionError:
        fail(GRAPH_FILE, "nested too deeply")
    return Loaded(tuple(loaded), tuple(reader.variables))
