"""Static values (operation attributes and literal inputs) as JSON, and back.

A closed set of encodings; anything else is refused when saving and rejected when loading:

    3, 2.5, true, null, "text"       int, finite float, bool, None, str
    [a, b]                           list
    {"tuple": [a, b]}                tuple
    {"dict": [[k, v], ...]}          dict (keys are encoded values too)
    {"float": "nan" | "inf" | "-inf"}
    {"complex": [re, im]}
    {"slice": [start, stop, step]}   {"ellipsis": null}      {"slot": k}  (registry.Slot)
    {"dtype": "float32"}             a NumPy dtype, by name
    {"scalar_type": "float32"}       a NumPy scalar type (np.float32)
    {"pytype": "int"}                bool, int, float or complex used as a dtype
    {"array": "arrays/3.npy"}        an ndarray;  {"scalar": "arrays/4.npy"}: a NumPy scalar
    {"variable": 0}                  entry 0 of the file's variables
    {"random": "normal"}             a legacy np.random function (the global RandomState)
    {"generator_method": [0, "normal"]}   a method of entry 0 of the file's generators
    {"stream": "stdout" | "stderr"}  sys.stdout / sys.stderr (the `file` of print)
    {"graph": {...}}                 a sub-graph (cond branches, while cond/body)
"""

from __future__ import annotations

import keyword
import math
import sys
from typing import Any, Callable

import numpy as np

from autoconv.errors import AutoConvError
from autoconv.graph.ir import Graph
from autoconv.graph.registry import Slot
from autoconv.graph.variables import Variable
from autoconv.saved.errors import expect, fail

_PY_TYPES = {"bool": bool, "int": int, "float": float, "complex": complex}
_STREAMS = ("stdout", "stderr")
# dtype kinds a file may name: no objects, no structured or void records.
_DTYPE_KINDS = "biufcmMUS"
# Bit generators a saved Generator or RandomState may be built on.
BIT_GENERATORS = ("MT19937", "PCG64", "PCG64DXSM", "Philox", "SFC64")


def dtype_name(dtype: np.dtype) -> str:
    """A name `np.dtype` reads back as the same dtype (byte order included)."""
    dtype = np.dtype(dtype)
    try:
        if np.dtype(dtype.name) == dtype:
            return dtype.name
    except TypeError:
        pass
    return dtype.str


def parse_dtype(name: Any, where: str) -> np.dtype:
    expect(isinstance(name, str), where, f"a dtype must be named by a string, not {_kind(name)}")
    try:
        dtype = np.dtype(name)
    except (TypeError, ValueError, SyntaxError):
        fail(where, f"unknown dtype {name!r}")
    expect(dtype.kind in _DTYPE_KINDS and not dtype.hasobject and dtype.names is None, where,
           f"dtype {name!r} is not allowed (only bool, numeric, datetime and string dtypes)")
    return dtype


def is_identifier(name: Any) -> bool:
    return isinstance(name, str) and name.isidentifier() and not keyword.iskeyword(name)


def _kind(x: Any) -> str:
    return {dict: "an object", list: "a list", str: "a string", bool: "a boolean", int: "an integer",
            float: "a number", type(None): "null"}.get(type(x), type(x).__name__)


class Encoder:
    """Encodes values for one save; arrays, variables and generators go to shared tables."""

    def __init__(self, store_array: Callable[[np.ndarray], str], variable_index: Callable[[Variable], int],
                 generator_index: Callable[[Any], int], encode_graph: Callable[[Graph], Any]):
        self.store_array = store_array
        self.variable_index = variable_index
        self.generator_index = generator_index
        self.encode_graph = encode_graph

    def __call__(self, value: Any, what: str) -> Any:
        t = type(value)
        if value is None or t in (bool, int, str):
            return value
        if t is float:
            return value if math.isfinite(value) else {"float": repr(value)}
        if t is complex:
            return {"complex": [self(value.real, what), self(value.imag, what)]}
        if t is list:
            return [self(v, what) for v in value]
        if t is tuple:
            return {"tuple": [self(v, what) for v in value]}
        if t is dict:
            return {"dict": [[self(k, what), self(v, what)] for k, v in value.items()]}
        if t is slice:
            return {"slice": [self(value.start, what), self(value.stop, what), self(value.step, what)]}
        if value is Ellipsis:
            return {"ellipsis": None}
        if t is Slot:
            return {"slot": value.k}
        if isinstance(value, np.dtype):
            return {"dtype": dtype_name(value)}
        if isinstance(value, type) and issubclass(value, np.generic):
            return {"scalar_type": dtype_name(np.dtype(value))}
        if isinstance(value, type) and value in _PY_TYPES.values():
            return {"pytype": value.__name__}
        if t is np.ndarray:
            return {"array": self.store_array(value)}
        if isinstance(value, np.generic):
            return {"scalar": self.store_array(np.asarray(value))}
        if isinstance(value, Variable):
            return {"variable": self.variable_index(value)}
        if isinstance(value, Graph):
            return {"graph": self.encode_graph(value)}
        if value is sys.stdout or value is sys.stderr:
            return {"stream": "stdout" if value is sys.stdout else "stderr"}
        if callable(value):
            return self._random_function(value, what)
        raise AutoConvError(f"{what}: a {t.__name__} value cannot be saved")

    def _random_function(self, fn: Any, what: str) -> Any:
        owner = getattr(fn, "__self__", None)
        name = getattr(fn, "__name__", "")
        if owner is np.random.mtrand._rand and getattr(np.random, name, None) == fn:
            return {"random": name}
        if isinstance(owner, (np.random.Generator, np.random.RandomState)):
            return {"generator_method": [self.generator_index(owner), name]}
        raise AutoConvError(f"{what}: the function {name or fn!r} cannot be saved (only NumPy random "
                            "functions and Generator/RandomState methods can)")


def encode_generator(owner: Any, encode: Encoder) -> dict:
    """A Generator or RandomState as its kind, bit generator and current state."""
    bitgen = owner.bit_generator if isinstance(owner, np.random.Generator) else owner._bit_generator
    kind = type(bitgen).__name__
    if kind not in BIT_GENERATORS:
        raise AutoConvError(f"a random generator on bit generator {kind} cannot be saved")
    return {"kind": type(owner).__name__, "bit_generator": kind, "state": encode(bitgen.state, "generator state")}


class Decoder:
    """Decodes values of one file; every failure is a SaveFormatError naming where."""

    def __init__(self, load_array: Callable[[Any, str], np.ndarray], variables: list[Variable],
                 generators: list[Any], decode_graph: Callable[[Any, str], Graph] | None):
        self.load_array = load_array
        self.variables = variables
        self.generators = generators
        self.decode_graph = decode_graph

    def __call__(self, data: Any, where: str) -> Any:
        t = type(data)
        if data is None or t in (bool, int, str):
            return data
        if t is float:
            expect(math.isfinite(data), where, "non-finite numbers are written {\"float\": \"nan\"}")
            return data
        if t is list:
            return [self(v, f"{where}[{i}]") for i, v in enumerate(data)]
        expect(t is dict and len(data) == 1, where, f"expected a value, found {_kind(data)}"
               + (f" with keys {sorted(data)}" if t is dict else ""))
        (tag, body), = data.items()
        decode = _TAGS.get(tag)
        expect(decode is not None, where, f"unknown value encoding {tag!r}")
        return decode(self, body, f"{where}.{tag}")

    def _items(self, body: Any, where: str, n: int | None = None) -> list:
        expect(type(body) is list, where, f"expected a list, found {_kind(body)}")
        expect(n is None or len(body) == n, where, f"expected {n} items, found {len(body)}")
        return body

    def _index(self, body: Any, table: list, what: str, where: str) -> Any:
        expect(type(body) is int and 0 <= body < len(table), where, f"no {what} {body!r} in the file")
        return table[body]

    def tuple_(self, body: Any, where: str) -> tuple:
        return tuple(self(v, f"{where}[{i}]") for i, v in enumerate(self._items(body, where)))

    def dict_(self, body: Any, where: str) -> dict:
        out = {}
        for i, item in enumerate(self._items(body, where)):
            k, v = self._items(item, f"{where}[{i}]", 2)
            key = self(k, f"{where}[{i}][0]")
            try:
                hash(key)
            except TypeError:
                fail(f"{where}[{i}][0]", f"a dict key cannot be {_kind(k)}")
            out[key] = self(v, f"{where}[{i}][1]")
        return out

    def float_(self, body: Any, where: str) -> float:
        expect(body in ("nan", "inf", "-inf"), where, f"expected 'nan', 'inf' or '-inf', found {body!r}")
        return float(body)

    def complex_(self, body: Any, where: str) -> complex:
        re, im = (self(v, where) for v in self._items(body, where, 2))
        expect(type(re) is float and type(im) is float, where, "a complex number needs two floats")
        return complex(re, im)

    def slice_(self, body: Any, where: str) -> slice:
        return slice(*(self(v, f"{where}[{i}]") for i, v in enumerate(self._items(body, where, 3))))

    def ellipsis_(self, body: Any, where: str) -> Any:
        expect(body is None, where, "expected null")
        return Ellipsis

    def slot_(self, body: Any, where: str) -> Slot:
        expect(type(body) is int and 0 <= body, where, f"a slot is a non-negative integer, not {body!r}")
        return Slot(body)

    def dtype_(self, body: Any, where: str) -> np.dtype:
        return parse_dtype(body, where)

    def scalar_type_(self, body: Any, where: str) -> type:
        return parse_dtype(body, where).type

    def pytype_(self, body: Any, where: str) -> type:
        expect(body in _PY_TYPES, where, f"expected one of {sorted(_PY_TYPES)}, found {body!r}")
        return _PY_TYPES[body]

    def array_(self, body: Any, where: str) -> np.ndarray:
        return self.load_array(body, where)

    def scalar_(self, body: Any, where: str) -> Any:
        array = self.load_array(body, where)
        expect(array.ndim == 0, where, f"a NumPy scalar needs a 0-d array, found shape {array.shape}")
        return array[()]

    def variable_(self, body: Any, where: str) -> Variable:
        return self._index(body, self.variables, "variable", where)

    def random_(self, body: Any, where: str) -> Any:
        fn = getattr(np.random.mtrand._rand, body, None) if isinstance(body, str) and not body.startswith("_") else None
        expect(callable(fn) and getattr(np.random, body, None) == fn, where,
               f"{body!r} is not a NumPy random function")
        return fn

    def generator_method_(self, body: Any, where: str) -> Any:
        index, name = self._items(body, where, 2)
        owner = self._index(index, self.generators, "generator", f"{where}[0]")
        fn = getattr(owner, name, None) if isinstance(name, str) and not name.startswith("_") else None
        expect(callable(fn), f"{where}[1]", f"{name!r} is not a method of {type(owner).__name__}")
        return fn

    def stream_(self, body: Any, where: str) -> Any:
        expect(body in _STREAMS, where, f"expected 'stdout' or 'stderr', found {body!r}")
        return getattr(sys, body)

    def graph_(self, body: Any, where: str) -> Graph:
        expect(self.decode_graph is not None, where, "a sub-graph is only allowed as an operation attribute")
        assert self.decode_graph is not None
        return self.decode_graph(body, where)


_TAGS: dict[str, Callable[[Decoder, Any, str], Any]] = {
    "tuple": Decoder.tuple_, "dict": Decoder.dict_, "float": Decoder.float_, "complex": Decoder.complex_,
    "slice": Decoder.slice_, "ellipsis": Decoder.ellipsis_, "slot": Decoder.slot_, "dtype": Decoder.dtype_,
    "scalar_type": Decoder.scalar_type_, "pytype": Decoder.pytype_, "array": Decoder.array_,
    "scalar": Decoder.scalar_, "variable": Decoder.variable_, "random": Decoder.random_,
    "generator_method": Decoder.generator_method_, "stream": Decoder.stream_, "graph": Decoder.graph_,
}


def decode_generator(data: Any, decode: Decoder, where: str) -> Any:
    """A fresh Generator or RandomState in the saved state."""
    expect(type(data) is dict, where, f"expected an object, found {_kind(data)}")
    kind, bitgen_name = data.get("kind"), data.get("bit_generator")
    expect(kind in ("Generator", "RandomState"), f"{where}.kind", f"unknown generator kind {kind!r}")
    expect(bitgen_name in BIT_GENERATORS, f"{where}.bit_generator", f"unknown bit generator {bitgen_name!r}")
    expect("state" in data, where, "missing key 'state'")
    state = decode(data["state"], f"{where}.state")
    bitgen = getattr(np.random, bitgen_name)()
    try:
        bitgen.state = state
    except Exception as exc:  # NumPy's own check of the state dict, on values from the file
        fail(f"{where}.state", f"not a valid {bitgen_name} state ({type(exc).__name__}: {exc})")
    return np.random.Generator(bitgen) if kind == "Generator" else np.random.RandomState(bitgen)

