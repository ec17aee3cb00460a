"""Type checks of rebuilt operations: the file's declared output types must be what the
registry rule computes (ordinary operations) or what the sub-graphs produce (`cond`,
`while`), and attributes the lowering writes into source must be from closed sets."""

from __future__ import annotations

from typing import Any

import numpy as np

from autoconv.graph.ir import Graph, Operation, Tensor
from autoconv.graph.registry import PY_OPERATORS, OpDef
from autoconv.saved.errors import expect, fail
from autoconv.saved.loaded import array_specs

TensorType = tuple  # (dtype, shape, weak)
_ASSIGN_MODES = ("assign", "add", "sub")
# Operations whose rules never look at their inputs, so cannot catch a missing or extra one.
_FIXED_ARITY = {"const": 0, "read_variable": 0, "assign_variable": 1}


def type_str(t: TensorType) -> str:
    dtype, shape, weak = t
    return f"{'weak ' if weak else ''}{dtype.name}[{','.join('?' if d is None else str(d) for d in shape)}]"


def of(t: Tensor) -> TensorType:
    return t.dtype, t.shape, t.weak


def check_operation(opdef: OpDef, op: Operation, declared: list[TensorType], where: str) -> None:
    if op.type == "cond":
        check_cond(op, declared, where)
    elif op.type == "while":
        check_while(op, declared, where)
    else:
        expect(not any(isinstance(v, Graph) for v in op.attrs.values()), f"{where}.attrs",
               "only cond and while operations hold sub-graphs")
        _check_arity(opdef, op, where)
        _check_attrs(op, where)
        _check_rule(opdef, op, declared, where)


def _check_arity(opdef: OpDef, op: Operation, where: str) -> None:
    """Rules run kernels on samples, where an extra input or attribute can pass as `out=`
    (a kernel writing into a constant): count inputs, refuse attributes tracing never records."""
    if op.type == "assert":  # the condition, then the values its message shows
        specs = op.attrs.get("specs", ())
        expect(len(op.inputs) == 1 + len(specs), f"{where}.inputs",
               f"assert takes {1 + len(specs)} inputs (its condition and message values), found {len(op.inputs)}")
    elif op.type in _FIXED_ARITY:
        expect(len(op.inputs) == _FIXED_ARITY[op.type], f"{where}.inputs",
               f"{op.type} takes {_FIXED_ARITY[op.type]} inputs, found {len(op.inputs)}")
    elif isinstance(opdef.kernel, np.ufunc):
        expect(len(op.inputs) == opdef.kernel.nin, f"{where}.inputs",
               f"{op.type} takes {opdef.kernel.nin} inputs, found {len(op.inputs)}")
    elif opdef.arrays and opdef.variadic is None:
        expect(len(op.inputs) <= len(opdef.arrays), f"{where}.inputs",
               f"{op.type} takes at most {len(opdef.arrays)} inputs, found {len(op.inputs)}")
    forbidden = set(op.attrs) & ({"out", "where"} if isinstance(opdef.kernel, np.ufunc) else {"out"})
    expect(not forbidden, f"{where}.attrs", f"attributes {sorted(forbidden)} are never traced")


def _check_attrs(op: Operation, where: str) -> None:
    """Attributes that pick code: the Python operator of `pyop`, the ufunc of `ufunc_*`, ..."""
    attrs = op.attrs
    if op.type == "pyop":
        expect(type(attrs.get("op")) is str and attrs["op"] in PY_OPERATORS, f"{where}.attrs.op",
               f"unknown Python operator {attrs.get('op')!r}")
    elif op.type.startswith("ufunc_"):
        ufunc = attrs.get("ufunc")
        expect(type(ufunc) is str and isinstance(getattr(np, ufunc, None), np.ufunc), f"{where}.attrs.ufunc",
               f"{ufunc!r} is not a NumPy ufunc")
    elif op.type == "assign_variable":
        expect(attrs.get("mode") in _ASSIGN_MODES, f"{where}.attrs.mode",
               f"unknown assignment mode {attrs.get('mode')!r}")


def _normalize(out_types: Any) -> list[TensorType]:
    return [(np.dtype(t[0]), tuple(t[1]), bool(t[2]) if len(t) > 2 else False) for t in out_types]


def _check_rule(opdef: OpDef, op: Operation, declared: list[TensorType], where: str) -> None:
    try:
        with np.errstate(all="ignore"):
            computed = _normalize(opdef.rule(opdef, op.inputs, op.attrs))
    except Exception as exc:  # the rule refusing inputs or attributes read from the file
        fail(where, f"the operation does not accept these inputs and attributes ({type(exc).__name__}: {exc})")
    _compare(computed, declared, where)


def _compare(computed: list[TensorType], declared: list[TensorType], where: str) -> None:
    expect(len(computed) == len(declared), f"{where}.outputs",
           f"declares {len(declared)} outputs, the operation has {len(computed)}")
    for i, (c, d) in enumerate(zip(computed, declared)):
        expect(c == d, f"{where}.outputs[{i}]", f"declared {type_str(d)}, the operation gives {type_str(c)}")


def _fits(general: tuple, specific: tuple) -> bool:
    """`specific` is a shape `general` (None = any size) allows."""
    return len(general) == len(specific) and all(g is None or g == s for g, s in zip(general, specific))


def _sub_graphs(op: Operation, names: tuple[str, ...], optional: tuple[str, ...], where: str) -> list[Graph]:
    extra = set(op.attrs) - set(names) - set(optional)
    expect(not extra, f"{where}.attrs", f"unexpected attributes {sorted(extra)}")
    graphs = []
    for name in names:
        g = op.attrs.get(name)
        expect(isinstance(g, Graph), f"{where}.attrs.{name}", "missing sub-graph")
        graphs.append(g)
    return graphs


def _check_inputs(g: Graph, types: list[TensorType], outer: tuple, leading: int, where: str) -> None:
    """A sub-graph takes `types` (loop variables, then captures) and captures exactly `outer`."""
    expect([of(t) for t in g.inputs] == types, f"{where}.inputs",
           f"takes ({', '.join(type_str(of(t)) for t in g.inputs)}), the operation passes "
           f"({', '.join(type_str(t) for t in types)})")
    expected = list(zip(outer, g.inputs[leading:]))
    expect(len(g.captures) == len(expected) and all(a is c and b is d for (a, b), (c, d) in zip(g.captures, expected)),
           f"{where}.captures", "the captures must pair the operation's captured inputs with the graph's inputs")


def _tensor_outputs(g: Graph, n: int, where: str) -> list[TensorType]:
    expect(len(g.outputs) == n, f"{where}.outputs", f"returns {len(g.outputs)} values, expected {n}")
    expect(all(isinstance(x, Tensor) for x in g.outputs), f"{where}.outputs", "a sub-graph returns tensors")
    return [of(t) for t in g.outputs]


def _tensor_inputs(inputs: tuple, where: str) -> list[TensorType]:
    expect(all(isinstance(x, Tensor) for x in inputs), f"{where}.inputs", "control flow takes tensors only")
    return [of(t) for t in inputs]


def check_cond(op: Operation, declared: list[TensorType], where: str) -> None:
    """cond pred, captured...: both branches take the captured tensors and agree on outputs."""
    expect(len(op.inputs) >= 1, f"{where}.inputs", "cond needs a predicate")
    _tensor_inputs(op.inputs[:1], where)
    captured = _tensor_inputs(op.inputs[1:], where)
    true_g, false_g = _sub_graphs(op, ("true", "false"), (), where)
    branch_outputs = []
    for label, g in (("true", true_g), ("false", false_g)):
        _check_inputs(g, captured, op.inputs[1:], 0, f"{where}.attrs.{label}")
        branch_outputs.append(_tensor_outputs(g, len(declared), f"{where}.attrs.{label}"))
    for i, (d, a, b) in enumerate(zip(declared, *branch_outputs)):
        ok = d[0] == a[0] == b[0] and d[2] == (a[2] and b[2]) and _fits(d[1], a[1]) and _fits(d[1], b[1])
        expect(ok, f"{where}.outputs[{i}]",
               f"declared {type_str(d)}, the branches give {type_str(a)} and {type_str(b)}")


def check_while(op: Operation, declared: list[TensorType], where: str) -> None:
    """while init..., captured...: cond and body take loop variables then captures."""
    n = len(declared)
    expect(len(op.inputs) >= n, f"{where}.inputs", f"{n} loop variables need {n} initial values")
    init = _tensor_inputs(op.inputs[:n], where)
    captured = _tensor_inputs(op.inputs[n:], where)
    cond_g, body_g = _sub_graphs(op, ("cond", "body"), ("maximum_iterations",), where)
    limit = op.attrs.get("maximum_iterations")
    expect(limit is None or type(limit) is int, f"{where}.attrs.maximum_iterations", "expected an integer")
    for i, (d, t) in enumerate(zip(declared, init)):
        expect(d[0] == t[0] and d[2] == t[2] and _fits(d[1], t[1]), f"{where}.inputs[{i}]",
               f"loop variable declared {type_str(d)}, initial value {type_str(t)}")
    for label, g in (("cond", cond_g), ("body", body_g)):
        _check_inputs(g, declared + captured, op.inputs[n:], n, f"{where}.attrs.{label}")
    (pred,) = _tensor_outputs(cond_g, 1, f"{where}.attrs.cond")
    expect(None in pred[1] or int(np.prod(pred[1], dtype=np.int64)) <= 1, f"{where}.attrs.cond.outputs",
           f"the loop condition must be a single value, not {type_str(pred)}")
    for i, (d, t) in enumerate(zip(declared, _tensor_outputs(body_g, n, f"{where}.attrs.body"))):
        expect(d[0] == t[0] and d[2] == t[2] and _fits(d[1], t[1]), f"{where}.attrs.body.outputs[{i}]",
               f"loop variable declared {type_str(d)}, the body gives {type_str(t)}")


def check_signature(specs: tuple, graph: Graph, where: str) -> None:
    """The array arguments, flattened as callers pass them, are the graph's inputs."""
    arrays = array_specs(specs)
    expect(len(arrays) == len(graph.inputs), f"{where}.inputs",
           f"the signature has {len(arrays)} array arguments, the graph {len(graph.inputs)} inputs")
    for i, (s, t) in enumerate(zip(arrays, graph.inputs)):
        expect((s.dtype, s.shape, False) == of(t), f"{where}.inputs[{i}]",
               f"the signature says {s}, the graph input is {type_str(of(t))}")
