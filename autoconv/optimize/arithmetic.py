"""`simplify_arithmetic`: local algebraic rewrites, read top to bottom from `RULES`.

A rule sees one operation (inputs already rewritten) and proposes a replacement tensor.
Whatever the law says, a replacement is used only if NumPy could not tell the difference:

- its dtype, shape (unknown dims in the same places) and weakness equal the recorded type
  of the result it replaces, so NEP 50 promotion and broadcasting are what they were
  (`int8_x * 1.0` is float64, not `int8_x`: the rule does not apply);
- the law holds bit for bit for the dtypes it lists, NaN and signed zeros included
  (`x + 0` maps -0.0 to 0.0, so it is a law for integers only; `x * 1` holds for floats
  but not for complex, where `(inf+0j) * 1` is `inf+nanj`);
- a result handed to the caller is not replaced by an input, a constant or another result,
  which the caller could then write into (see `rebuild.escaping`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Iterator, Sequence

import numpy as np

from autoconv.graph.ir import Graph, Operation, Tensor
from autoconv.optimize.rebuild import (NOT_CONSTANT, Builder, Context, constant_value, is_fresh, rebuild_if,
                                       same_type)

INTEGERS, REALS = "biu", "biuf"  # dtype kinds


@dataclass(frozen=True)
class Rule:
    op: str  # the operation type it rewrites
    law: str  # for the report and the docs
    rewrite: Callable[[Builder, Operation, tuple], Any]  # a replacement tensor, or None


# -- patterns ----------------------------------------------------------------------------

def _is(value: Any, target: float, negative_zero: bool | None = None) -> bool:
    """A constant all of whose elements equal `target` (and have the given zero sign)."""
    if value is NOT_CONSTANT or isinstance(value, complex) or getattr(value, "dtype", np.dtype(int)).kind == "c":
        return False
    try:
        a = np.asarray(value)
        ok = a.dtype.kind in "biuf" and bool(np.all(a == target))
        return ok and (negative_zero is None or bool(np.all(np.signbit(a) == negative_zero)))
    except (TypeError, ValueError):
        return False


def _kind(x: Any, kinds: str) -> bool:
    return isinstance(x, Tensor) and x.dtype.kind in kinds


def identity(unit: float, kinds: str, sides: tuple[int, ...] = (0, 1), negative_zero: bool | None = None) -> Callable:
    """`x op unit -> x` (and `unit op x` for each side listed)."""
    def rewrite(b: Builder, op: Operation, inputs: tuple) -> Any:
        return None if op.attrs else _identity_operand(inputs, unit, kinds, sides, negative_zero)
    return rewrite


def _identity_operand(inputs: tuple, unit: float, kinds: str, sides: tuple[int, ...],
                      negative_zero: bool | None) -> Any:
    if len(inputs) != 2:
        return None
    for side in sides:
        x, c = inputs[side], inputs[1 - side]
        if _kind(x, kinds) and _is(constant_value(c), unit, negative_zero):
            return x
    return None


def involution(kinds: str) -> Callable:
    """`f(f(x)) -> x`."""
    def rewrite(b: Builder, op: Operation, inputs: tuple) -> Any:
        (y,) = inputs if len(inputs) == 1 else (None,)
        if isinstance(y, Tensor) and y.op is not None and y.op.type == op.type and not op.attrs and not y.op.attrs:
            x = y.op.inputs[0]
            return x if _kind(x, kinds) else None
        return None
    return rewrite


def idempotent(kinds: str) -> Callable:
    """`x op x -> x`."""
    def rewrite(b: Builder, op: Operation, inputs: tuple) -> Any:
        if len(inputs) == 2 and inputs[0] is inputs[1] and not op.attrs and _kind(inputs[0], kinds):
            return inputs[0]
        return None
    return rewrite


def self_inverse(kinds: str) -> Callable:
    """`x op x -> zeros_like(x)`."""
    def rewrite(b: Builder, op: Operation, inputs: tuple) -> Any:
        if len(inputs) == 2 and inputs[0] is inputs[1] and not op.attrs and _kind(inputs[0], kinds):
            return b.emit("zeros_like", (inputs[0],), {}, location=op.location).outputs[0]
        return None
    return rewrite


def _pyop_identity(symbol: str, unit: float, kinds: str) -> Callable:
    sides = (0,) if symbol in "-/" else (0, 1)

    def rewrite(b: Builder, op: Operation, inputs: tuple) -> Any:
        return _identity_operand(inputs, unit, kinds, sides, None) if op.attrs == {"op": symbol} else None
    return rewrite


def _pyop_double_negation(b: Builder, op: Operation, inputs: tuple) -> Any:
    y = inputs[0] if op.attrs == {"op": "neg"} else None
    if isinstance(y, Tensor) and y.op is not None and y.op.type == "pyop" and y.op.attrs == {"op": "neg"}:
        x = y.op.inputs[0]
        return x if _kind(x, "iuf") else None
    return None


def _transpose_pair(b: Builder, op: Operation, inputs: tuple) -> Any:
    """Both permutations compose to the identity: axis j of the result is axis p[q[j]] of x."""
    y = inputs[0]
    if not (isinstance(y, Tensor) and y.op is not None and y.op.type == "transpose" and len(inputs) == 1):
        return None
    x = y.op.inputs[0]
    if not isinstance(x, Tensor):
        return None
    ndim = len(x.shape)
    p, q = _permutation(y.op.attrs.get("axes"), ndim), _permutation(op.attrs.get("axes"), ndim)
    if p is None or q is None:
        return None
    return x if all(p[q[j]] == j for j in range(ndim)) else None


def _permutation(axes: Any, ndim: int) -> list[int] | None:
    if axes is None:
        return list(range(ndim))[::-1]
    try:
        perm = [int(a) % ndim for a in axes] if ndim else []
    except (TypeError, ValueError):
        return None
    return perm if sorted(perm) == list(range(ndim)) else None


def _same_shape_reshape(b: Builder, op: Operation, inputs: tuple) -> Any:
    """Equal recorded shapes are equal run-time shapes when at most one dim is unknown
    (the element count fixes it) and no known dim is 0 (which would leave it free)."""
    x = inputs[0] if len(inputs) == 1 else None
    out = op.outputs[0]
    if not isinstance(x, Tensor) or x.shape != out.shape:
        return None
    return x if out.shape.count(None) <= 1 and 0 not in out.shape else None


def _same_dtype_astype(b: Builder, op: Operation, inputs: tuple) -> Any:
    x = inputs[0] if len(inputs) == 1 else None
    return x if isinstance(x, Tensor) and x.dtype == op.outputs[0].dtype else None


# Read top to bottom; the first rule that proposes a replacement of the right type wins.
RULES: tuple[Rule, ...] = (
    # x * 1 -> x, 1 * x -> x           integers, bools, reals (NaN, inf, -0.0 kept)
    Rule("multiply", "x * 1 -> x", identity(1, REALS)),
    # x / 1 -> x                       reals (int / 1 is float64, which the type check refuses)
    Rule("divide", "x / 1 -> x", identity(1, REALS, (0,))),
    # x // 1 -> x                      integers only (floor changes non-integral floats)
    Rule("floor_divide", "x // 1 -> x", identity(1, INTEGERS, (0,))),
    # x ** 1 -> x                      integers and reals (pow(x, 1) is x, NaN included)
    Rule("power", "x ** 1 -> x", identity(1, REALS, (0,))),
    # x + 0 -> x, 0 + x -> x           integers and bools only: for floats -0.0 + 0 is 0.0
    Rule("add", "x + 0 -> x (integers)", identity(0, INTEGERS)),
    # x + -0.0 -> x                    reals: -0.0 is the additive identity of IEEE floats
    Rule("add", "x + -0.0 -> x (floats)", identity(0, "f", negative_zero=True)),
    # x - 0 -> x                       integers; reals only for +0 (x - 0.0 == x + -0.0)
    Rule("subtract", "x - 0 -> x (integers)", identity(0, INTEGERS, (0,))),
    Rule("subtract", "x - 0.0 -> x (floats)", identity(0, "f", (0,), negative_zero=False)),
    # x - x -> zeros                   integers only (inf - inf and NaN - NaN are NaN)
    Rule("subtract", "x - x -> zeros (integers)", self_inverse("iu")),
    # x ^ x -> zeros                   integers and bools
    Rule("bitwise_xor", "x ^ x -> zeros", self_inverse(INTEGERS)),
    # x & x -> x, x | x -> x           integers and bools
    Rule("bitwise_and", "x & x -> x", idempotent(INTEGERS)),
    Rule("bitwise_or", "x | x -> x", idempotent(INTEGERS)),
    # max(x, x) -> x, min(x, x) -> x   integers, bools, reals (NaN stays NaN)
    Rule("maximum", "maximum(x, x) -> x", idempotent(REALS)),
    Rule("minimum", "minimum(x, x) -> x", idempotent(REALS)),
    # --x -> x                         signed and unsigned integers (modular), reals, complex
    Rule("negative", "--x -> x", involution("iufc")),
    # ~~x -> x                         integers and bools
    Rule("invert", "~~x -> x", involution(INTEGERS)),
    # not not x -> x                   bools only (for others the inner not makes bools)
    Rule("logical_not", "not not x -> x", involution("b")),
    # +x -> x                          every numeric dtype (np.positive is a copy)
    Rule("positive", "+x -> x", lambda b, op, inputs: inputs[0] if _kind(inputs[0], "iufc") else None),
    # transpose(transpose(x, p), q) -> x   when p[q[j]] == j for every axis j
    Rule("transpose", "transpose(transpose(x)) -> x", _transpose_pair),
    # reshape(x, shape of x) -> x      when the run-time shapes are surely equal
    Rule("reshape", "reshape(x, x.shape) -> x", _same_shape_reshape),
    # x.astype(x.dtype) -> x           a copy of the same values
    Rule("astype", "x.astype(x.dtype) -> x", _same_dtype_astype),
    # Python scalars (pyop): Python's own int/float arithmetic, same laws and conditions
    Rule("pyop", "x * 1 -> x (Python)", _pyop_identity("*", 1, "iuf")),
    Rule("pyop", "x / 1 -> x (Python)", _pyop_identity("/", 1, "f")),
    Rule("pyop", "x + 0 -> x (Python int)", _pyop_identity("+", 0, "iu")),
    Rule("pyop", "x - 0 -> x (Python int)", _pyop_identity("-", 0, "iu")),
    Rule("pyop", "--x -> x (Python)", _pyop_double_negation),
)

_BY_OP: dict[str, tuple[Rule, ...]] = {}
for _rule in RULES:
    _BY_OP[_rule.op] = _BY_OP.get(_rule.op, ()) + (_rule,)


def simplify_arithmetic(graph: Graph) -> Graph:
    # The scan proposes into a scratch graph (`x - x` builds its zeros there), then discarded.
    scratch = Builder(Graph("scratch"), Context(None, frozenset()))
    return rebuild_if(graph, lambda op: next(_proposals(scratch, op, op.inputs), None) is not None, _simplify)


def _simplify(b: Builder, op: Operation, inputs: tuple) -> Sequence[Tensor] | None:
    for rule, x in _proposals(b, op, inputs):
        if b.escapes(op) and not (is_fresh(x) and not _escaping_value(b, x)):
            continue
        b.note(rule.law)
        return (x,)
    return None


def _proposals(b: Builder, op: Operation, inputs: tuple) -> Iterator[tuple[Rule, Tensor]]:
    """The rules that propose a replacement of the right type for `op`'s result, in order."""
    if len(op.outputs) != 1:
        return
    out = op.outputs[0]
    for rule in _BY_OP.get(op.type, ()):
        x = rule.rewrite(b, op, inputs)
        if isinstance(x, Tensor) and same_type(x, out):
            yield rule, x


def _escaping_value(b: Builder, x: Tensor) -> bool:
    """Whether `x` (new) stands for a value already handed to the caller."""
    return any(b.env.get(t) is x for t in b.context.escaping)
