"""Lower a graph to Python source that calls NumPy kernels, and compile it once.

    def power(x0):
        t1 = np.matmul(x0, c0)
        t2 = np.matmul(x0, t1)
        return (t2,)

Each operation is one line from the emitter table `EMITTERS` (default: a kernel call);
`cond` becomes `if`/`else` and `while` a `while` loop, their sub-graphs inlined. Only the
operations that the outputs or stateful operations depend on are emitted (non-strict
execution: an unused operation that would fail never runs).
"""

from __future__ import annotations

import itertools
import keyword
import linecache
import math
import re
from dataclasses import dataclass, field
from typing import Any, Callable

import numpy as np

from autoconv.graph import registry
from autoconv.graph.ir import Graph, Operation, Tensor
from autoconv.graph.registry import Slot

_LITERALS = (bool, int, str, type(None))
_serial = itertools.count()


@dataclass
class Lowered:
    """A compiled graph: `fn(*inputs) -> tuple of outputs`, and the source it came from."""

    name: str
    source: str
    fn: Callable[..., tuple]
    line_ops: dict[int, Operation] = field(repr=False)
    filename: str = ""

    def __call__(self, *args: Any) -> tuple:
        return self.fn(*args)

    def annotate(self, exc: BaseException, graph_label: str) -> None:
        """Note on `exc` which operation (and the user line it was traced from) raised it."""
        tb, op = exc.__traceback__, None
        while tb is not None:
            if tb.tb_frame.f_code.co_filename == self.filename:
                op = self.line_ops.get(tb.tb_lineno, op)
            tb = tb.tb_next
        if op is not None and hasattr(exc, "add_note"):  # notes exist from Python 3.11 on
            exc.add_note(f"raised by operation {op.type!r} of {graph_label}, traced at {op.location}")


def live_operations(graph: Graph) -> set[Operation]:
    """Operations the outputs or any stateful operation depend on (sub-graphs handled per graph)."""
    live: set[Operation] = set()
    stack = [t.op for t in graph.outputs if isinstance(t, Tensor) and t.op is not None]
    stack += [op for op in graph.operations if is_stateful(op)]
    while stack:
        op = stack.pop()
        if op in live:
            continue
        live.add(op)
        stack.extend(t.op for t in op.tensor_inputs if t.op is not None)
        stack.extend(op.control_inputs)
    return live


def is_stateful(op: Operation) -> bool:
    if op.type in registry.STATEFUL:
        return True
    return any(is_stateful(inner) for sub in op.subgraphs() for inner in sub.operations)


class _Writer:
    """Accumulates lines, hands out names, binds non-literal values into the namespace."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.epilogue: list[str] = []  # helper functions written after the graph function
        self.line_ops: dict[int, Operation] = {}
        self.names: dict[Tensor, str] = {}
        self.namespace: dict[str, Any] = {"np": np}
        self.bound: dict[int, str] = {}
        self.counter = 0

    def fresh(self, prefix: str) -> str:
        self.counter += 1
        return f"{prefix}{self.counter}"

    def name(self, t: Tensor) -> str:
        n = self.names.get(t)
        if n is None:
            n = self.names[t] = self.fresh("t")
        return n

    def bind(self, value: Any, prefix: str) -> str:
        key = id(value)
        n = self.bound.get(key)
        if n is None:
            n = self.bound[key] = self.fresh(prefix)
            self.namespace[n] = value
        return n

    def emit(self, depth: int, text: str, op: Operation | None = None) -> None:
        self.lines.append("    " * depth + text)
        if op is not None:
            self.line_ops[len(self.lines) + 1] = op  # +1: the `def` line comes first


def literal(w: _Writer, value: Any) -> str:
    """Python source for a static value: inline when it reads well, else a bound name."""
    if isinstance(value, _LITERALS):
        return repr(value)
    if isinstance(value, float):
        return repr(value) if math.isfinite(value) else w.bind(value, "c")
    if isinstance(value, complex):
        return repr(value) if math.isfinite(abs(value)) else w.bind(value, "c")
    if isinstance(value, tuple) and all(isinstance(v, _LITERALS + (float,)) for v in value):
        return repr(value)
    if isinstance(value, np.dtype):
        return f"np.{value.name}" if hasattr(np, value.name) else w.bind(value, "d")
    return w.bind(value, "c")


def operand(w: _Writer, x: Any) -> str:
    return w.name(x) if isinstance(x, Tensor) else literal(w, x)


def kernel_name(w: _Writer, op: Operation) -> str:
    kernel = registry.OPS[op.type].kernel
    name = getattr(kernel, "__name__", "")
    if getattr(np, name, None) is kernel:
        return f"np.{name}"
    return w.bind(kernel, op.type.replace(".", "_") + "_")


def _outputs(w: _Writer, op: Operation) -> str:
    names = [w.name(t) for t in op.outputs]
    return names[0] if len(names) == 1 else ", ".join(names)


# Ufuncs whose Python operator on arrays and NumPy scalars is the very same ufunc call
# (ndarray.__add__ is np.add), minus the generic dispatch: `a + b` reads better and runs
# faster on 0-d values. Not `**` (ndarray.__pow__ special-cases exponents 2, 0.5, -1) and
# only when an operand is an array: on two Python scalars `+` would be Python's own.
OPERATOR_FORMS = {
    "add": "+", "subtract": "-", "multiply": "*", "true_divide": "/", "matmul": "@",
    "floor_divide": "//", "remainder": "%",
    "less": "<", "less_equal": "<=", "greater": ">", "greater_equal": ">=", "equal": "==",
    "not_equal": "!=", "bitwise_and": "&", "bitwise_or": "|", "bitwise_xor": "^",
}
# Reductions whose ndarray method is the same computation as the NumPy function.
METHOD_FORMS = frozenset({"sum", "prod", "mean", "max", "min", "any", "all", "argmax", "argmin", "std", "var"})


def _strong(x: Any) -> bool:
    return isinstance(x, Tensor) and not x.weak


def emit_call(w: _Writer, op: Operation, depth: int) -> None:
    if op.type in OPERATOR_FORMS and not op.attrs and len(op.inputs) == 2 and any(map(_strong, op.inputs)):
        a, b = (operand(w, x) for x in op.inputs)
        w.emit(depth, f"{_outputs(w, op)} = {a} {OPERATOR_FORMS[op.type]} {b}", op)
        return
    if op.type in METHOD_FORMS and len(op.inputs) == 1 and _strong(op.inputs[0]):
        kwargs = ", ".join(f"{_keyword(k)}={literal(w, v)}" for k, v in op.attrs.items())
        w.emit(depth, f"{_outputs(w, op)} = {operand(w, op.inputs[0])}.{op.type}({kwargs})", op)
        return
    args = [operand(w, x) for x in op.inputs]
    args += [f"{_keyword(k)}={literal(w, v)}" for k, v in op.attrs.items()]
    call = f"{kernel_name(w, op)}({', '.join(args)})"
    w.emit(depth, f"{_outputs(w, op)} = {call}" if op.outputs else call, op)


def _keyword(name: str) -> str:
    """Attribute names become keyword arguments: only identifiers reach the source."""
    if not (isinstance(name, str) and name.isidentifier() and not keyword.iskeyword(name)):
        raise ValueError(f"attribute name {name!r} is not an identifier")
    return name


def emit_const(w: _Writer, op: Operation, depth: int) -> None:
    """Constants need no line: uses read the literal or the bound array directly."""
    value = op.attrs["value"]
    w.names[op.outputs[0]] = literal(w, value) if type(value) in (bool, int, float, complex) else w.bind(value, "c")


def _key_source(w: _Writer, key: Any, parts: tuple) -> str:
    if isinstance(key, Slot):
        return operand(w, parts[key.k])
    if isinstance(key, tuple):
        inner = ", ".join(_key_source(w, k, parts) for k in key)
        return inner + ("," if len(key) == 1 else "") if key else "()"
    if isinstance(key, slice):
        bounds = ["" if b is None else _key_source(w, b, parts) for b in (key.start, key.stop, key.step)]
        return ":".join(bounds if key.step is not None else bounds[:2])
    if key is Ellipsis:
        return "..."
    return literal(w, key)


def emit_getitem(w: _Writer, op: Operation, depth: int) -> None:
    x, *parts = op.inputs
    key = _key_source(w, op.attrs["key"], tuple(parts))
    w.emit(depth, f"{w.name(op.outputs[0])} = {operand(w, x)}[{key}]", op)


_PREFIX = {"neg": "-", "pos": "+", "~": "~", "not": "not "}
_CALLS = {"abs", "divmod", "int", "float", "bool", "complex"}


_PLAIN_NUMBER = re.compile(r"[0-9][0-9_.e+]*j?")


def emit_pyop(w: _Writer, op: Operation, depth: int) -> None:
    sym = op.attrs["op"]
    if sym not in registry.PY_OPERATORS:
        raise ValueError(f"unknown Python operator {sym!r}")
    args = [operand(w, x) for x in op.inputs]
    if sym not in _CALLS:  # `-1 ** t` would be `-(1 ** t)`: literals other than plain numbers in parentheses
        args = [a if a.isidentifier() or _PLAIN_NUMBER.fullmatch(a) else f"({a})" for a in args]
    # A 0-d constant is held as a 0-d array; in the user's code it was a NumPy scalar.
    args = [f"{a}[()]" if isinstance(x, Tensor) and not x.weak and x.op is not None and x.op.type == "const"
            else a for a, x in zip(args, op.inputs)]

    if sym in _PREFIX:
        rhs = f"{_PREFIX[sym]}{args[0]}"
    elif sym in _CALLS:
        rhs = f"{sym}({', '.join(args)})"
    elif sym == "**" and op.outputs[0].dtype.kind in "iu" and not _known_non_negative(op.inputs[1]):
        rhs = f"{w.bind(int_power, 'int_power')}({args[0]}, {args[1]})"
    else:
        rhs = f"{args[0]} {sym} {args[1]}"
    w.emit(depth, f"{_outputs(w, op)} = {rhs}", op)


def _known_non_negative(x: Any) -> bool:
    return not isinstance(x, Tensor) and x >= 0


def int_power(base: int, exponent: int) -> int:
    """`base ** exponent` of Python ints traced as an int: a negative exponent would give a
    float, which the graph cannot hold where it was traced for an int."""
    if exponent < 0:
        raise ValueError(f"{base} ** {exponent}: a Python int to a negative power is a float, but the graph was "
                         f"traced for an int result (the exponent was not known while tracing); write a float "
                         f"base ({float(base)!r} ** ...) to get a float")
    return base ** exponent


def _alias_inputs(w: _Writer, sub: Graph, names: list[str]) -> None:
    for t, n in zip(sub.inputs, names):
        w.names[t] = n


def _emit_returning(w: _Writer, sub: Graph, depth: int, targets: list[str]) -> None:
    emit_graph(w, sub, depth)
    if targets:
        values = ", ".join(operand(w, x) for x in sub.outputs)
        w.emit(depth, f"{', '.join(targets)} = {values}")
    elif not sub.operations or not live_operations(sub):
        w.emit(depth, "pass")


def emit_cond(w: _Writer, op: Operation, depth: int) -> None:
    pred, *captured = op.inputs
    names = [operand(w, x) for x in captured]
    targets = [w.name(t) for t in op.outputs]
    w.emit(depth, f"if {operand(w, pred)}:", op)
    _alias_inputs(w, op.attrs["true"], names)
    _emit_returning(w, op.attrs["true"], depth + 1, targets)
    w.emit(depth, "else:")
    _alias_inputs(w, op.attrs["false"], names)
    _emit_returning(w, op.attrs["false"], depth + 1, targets)


def emit_while(w: _Writer, op: Operation, depth: int) -> None:
    cond_g, body_g = op.attrs["cond"], op.attrs["body"]
    n = len(op.outputs)
    inits = [operand(w, x) for x in op.inputs[:n]]
    captured = [operand(w, x) for x in op.inputs[n:]]
    loop_vars = [w.fresh("v") for _ in range(n)]
    if loop_vars:
        w.emit(depth, f"{', '.join(loop_vars)} = {', '.join(inits)}", op)
    _alias_inputs(w, cond_g, loop_vars + captured)
    _alias_inputs(w, body_g, loop_vars + captured)
    limit = op.attrs.get("maximum_iterations")
    counter = w.fresh("n") if limit is not None else None
    if counter:
        w.emit(depth, f"{counter} = 0")
    w.emit(depth, "while True:", op)
    emit_graph(w, cond_g, depth + 1)
    w.emit(depth + 1, f"if not {operand(w, cond_g.outputs[0])}:")
    w.emit(depth + 2, "break")
    if counter:
        w.emit(depth + 1, f"if {counter} >= {limit}:")
        w.emit(depth + 2, "break")
        w.emit(depth + 1, f"{counter} += 1")
    _emit_returning(w, body_g, depth + 1, loop_vars)
    for t, v in zip(op.outputs, loop_vars):
        w.names[t] = v


def emit_fused(w: _Writer, op: Operation, depth: int) -> None:
    from autoconv.runtime import fused  # builds on this module's writer

    fused.emit(w, op, depth)


EMITTERS: dict[str, Callable[[_Writer, Operation, int], None]] = {
    "const": emit_const,
    "getitem": emit_getitem,
    "pyop": emit_pyop,
    "cond": emit_cond,
    "while": emit_while,
    "fused": emit_fused,
}


def emit_graph(w: _Writer, graph: Graph, depth: int) -> None:
    live = live_operations(graph)
    ops = [op for op in graph.operations if op in live]
    last_use = _last_uses(ops, graph) if depth == 1 else {}
    for i, op in enumerate(ops):
        EMITTERS.get(op.type, emit_call)(w, op, depth)
        dead = [w.names[t] for t in last_use.get(i, ()) if w.names.get(t, "").startswith("t")]
        if dead:
            # Free temporaries after their last use, as hand-written code would.
            w.emit(depth, f"del {', '.join(dead)}")


def _last_uses(ops: list[Operation], graph: Graph) -> dict[int, list[Tensor]]:
    """For straight-line code: op index -> the tensors made by ops whose last reader it is."""
    last: dict[Tensor, int] = {}
    for i, op in enumerate(ops):
        for x in op.inputs:
            if isinstance(x, Tensor) and x.op is not None:
                last[x] = i
    kept = {x for x in graph.outputs if isinstance(x, Tensor)}
    by_op: dict[int, list[Tensor]] = {}
    for t, i in last.items():
        if t not in kept:
            by_op.setdefault(i, []).append(t)
    return by_op


def lower(graph: Graph, name: str | None = None) -> Lowered:
    """Python source for `graph`, compiled: a function of the graph inputs returning a tuple."""
    w = _Writer()
    fname = _identifier(name or graph.name)
    params = [w.name(t) for t in graph.inputs]
    emit_graph(w, graph, 1)
    outs = [operand(w, x) for x in graph.outputs]
    constants = [v for v in w.namespace.values() if isinstance(v, np.ndarray)]
    if constants:
        w.namespace["fresh"] = _fresh_factory(constants)
        outs = [_owned(x, name) for x, name in zip(graph.outputs, outs)]
    w.emit(1, f"return ({', '.join(outs)}{',' if len(outs) == 1 else ''})")
    source = f"def {fname}({', '.join(params)}):\n" + "\n".join(w.lines + w.epilogue) + "\n"
    filename = f"<autoconv graph {fname} #{next(_serial)}>"
    linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
    exec(compile(source, filename, "exec"), w.namespace)
    return Lowered(fname, source, w.namespace[fname], w.line_ops, filename)


def _owned(x: Any, name: str) -> str:
    """An output the caller may mutate: results that may be (views of) constants of the
    graph are copied when they are, so one call cannot change what the next returns."""
    if not isinstance(x, Tensor) or x.op is None or x.weak or x.op.type in registry.ELEMENTWISE \
            or x.op.type == "fused":
        return name
    return f"fresh({name})"


def _fresh_factory(constants: list[np.ndarray]) -> Callable[[Any], Any]:
    ids = frozenset(id(c) for c in constants)

    def fresh(value: Any) -> Any:
        base = getattr(value, "base", None)
        if id(value) in ids or (base is not None and id(base) in ids):
            return value.copy()
        return value
    return fresh


def _identifier(name: str) -> str:
    cleaned = "".join(c if c.isalnum() or c == "_" else "_" for c in name)
    return cleaned if cleaned and not cleaned[0].isdigit() else "graph_" + cleaned
