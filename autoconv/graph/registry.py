"""The op registry: one table from op name to NumPy kernel and shape/dtype rule.

Each entry is read whole in one place:

    register("matmul", np.matmul, rules.matmul)
    register("sum", np.sum, rules.reduction, arrays=("a",))

A NumPy function called on a traced value (through `__array_function__`) is found by the
function object itself; a ufunc (through `__array_ufunc__`) by its name. The kernel is
called as `kernel(*inputs, **attrs)`: array parameters become inputs (tensors, or Python
scalars kept as they are), every other argument a static attribute.
"""

from __future__ import annotations

import inspect
import operator
from dataclasses import dataclass, field
from typing import Any, Callable

import numpy as np

from autoconv.graph import rules
from autoconv.graph.ir import Tensor


@dataclass(frozen=True)
class OpDef:
    name: str
    kernel: Callable[..., Any]
    rule: Callable[..., Any]
    arrays: tuple[str, ...] = ()  # parameters of `function` that are array inputs
    function: Callable[..., Any] | None = None  # the NumPy entry point dispatched here
    variadic: str | None = None  # a sequence parameter whose items are all inputs
    value_dependent: bool = False  # result shape depends on integer/bool input values
    signature: inspect.Signature | None = field(default=None, compare=False)


OPS: dict[str, OpDef] = {}
BY_FUNCTION: dict[Any, OpDef] = {}


def register(
    name: str,
    kernel: Callable[..., Any],
    rule: Callable[..., Any],
    *,
    arrays: tuple[str, ...] = (),
    function: Callable[..., Any] | None = None,
    variadic: str | None = None,
    value_dependent: bool = False,
) -> OpDef:
    dispatched = function if function is not None else (kernel if arrays or variadic else None)
    signature = None
    if dispatched is not None:
        signature = _signature(dispatched)
        missing = [p for p in arrays + ((variadic,) if variadic else ()) if p not in signature.parameters]
        if missing:
            raise ValueError(f"register({name!r}): {dispatched.__name__} has no parameter {missing[0]!r}")
    opdef = OpDef(name, kernel, rule, arrays, dispatched, variadic, value_dependent, signature)
    OPS[name] = opdef
    if dispatched is not None:
        BY_FUNCTION[dispatched] = opdef
    return opdef


# Parameters of NumPy's C functions, which older NumPy releases publish no signature for.
_C_SIGNATURES = {
    "dot": "a, b, out=None",
    "vdot": "a, b, /",
    "inner": "a, b, /",
    "where": "condition, x=None, y=None, /",
    "concatenate": "arrays, /, axis=0, out=None, *, dtype=None, casting='same_kind'",
    "empty_like": "prototype, /, dtype=None, order='K', subok=True, shape=None, *, device=None",
}


def _signature(fn: Callable[..., Any]) -> inspect.Signature:
    try:
        return inspect.signature(fn)
    except ValueError:
        namespace: dict[str, Any] = {}
        exec(f"def f({_C_SIGNATURES[fn.__name__]}): pass", namespace)  # our own text, above
        return inspect.signature(namespace["f"])


def lookup(name: str) -> OpDef:
    return OPS[name]


# ---------------------------------------------------------------------------------------
# Algebraic facts, as named sets of op names.

# Ops with effects or results that depend on when they run: never merged, folded or dropped.
STATEFUL = frozenset({"read_variable", "assign_variable", "print", "random", "reseed", "assert", "raise"})
# Ops whose result is one element per broadcast input element (fusable into a chain).
ELEMENTWISE: set[str] = set()
# a op b == b op a
# (Not maximum/minimum/fmax/fmin: np.maximum(-0.0, 0.0) is 0.0 but np.maximum(0.0, -0.0) is -0.0.)
COMMUTATIVE = frozenset({"add", "multiply", "equal", "not_equal", "logical_and", "logical_or",
                         "logical_xor", "bitwise_and", "bitwise_or", "bitwise_xor", "hypot"})


# ---------------------------------------------------------------------------------------
# Kernels NumPy lacks in `kernel(*inputs, **attrs)` form.

def _seq(fn: Callable[..., Any]) -> Callable[..., Any]:
    def kernel(*arrays: Any, **attrs: Any) -> Any:
        return fn(arrays, **attrs)
    kernel.__name__ = fn.__name__
    kernel.__qualname__ = fn.__name__
    return kernel


def astype(x: Any, dtype: Any, copy: bool = True) -> Any:
    if isinstance(x, np.generic):  # a NumPy scalar stays one (`np.float32(x[0])`, `x[0].astype(...)`)
        return x.astype(dtype)
    return np.asarray(x).astype(dtype, copy=copy)


def einsum(*operands: Any, subscripts: str, **attrs: Any) -> Any:
    return np.einsum(subscripts, *operands, **attrs)


def ufunc_reduce(x: Any, ufunc: str, **attrs: Any) -> Any:
    return getattr(np, ufunc).reduce(x, **attrs)


def ufunc_accumulate(x: Any, ufunc: str, **attrs: Any) -> Any:
    return getattr(np, ufunc).accumulate(x, **attrs)


def ufunc_outer(a: Any, b: Any, ufunc: str, **attrs: Any) -> Any:
    return getattr(np, ufunc).outer(a, b, **attrs)


def getitem(x: Any, *parts: Any, key: Any) -> Any:
    return x[fill_key(key, parts)]


def setitem(x: Any, value: Any, *parts: Any, key: Any) -> Any:
    out = np.array(x, copy=True)
    out[fill_key(key, parts)] = value
    return out


class Slot:
    """Where the k-th tensor of an index expression goes (`x[1:t]` -> `(slice(1, Slot(0)),)`)."""

    __slots__ = ("k",)

    def __init__(self, k: int):
        self.k = k

    def __repr__(self) -> str:
        return f"${self.k}"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Slot) and other.k == self.k

    def __hash__(self) -> int:
        return hash(("Slot", self.k))


def fill_key(key: Any, parts: tuple) -> Any:
    if isinstance(key, Slot):
        return parts[key.k]
    if isinstance(key, tuple):
        return tuple(fill_key(k, parts) for k in key)
    if isinstance(key, slice):
        return slice(fill_key(key.start, parts), fill_key(key.stop, parts), fill_key(key.step, parts))
    return key


def shape_of(x: Any) -> Any:
    """np.shape(x) as one output per dim (a 1-d array's one output is its length itself)."""
    dims = np.shape(x)
    return dims[0] if len(dims) == 1 else dims


def _creator(fn: Callable[..., Any]) -> Callable[..., Any]:
    """zeros/ones/empty/full whose shape holds traced dims: `kernel(*dims, **attrs)`."""
    def kernel(*dims: Any, **attrs: Any) -> Any:
        return fn(tuple(int(d) for d in dims), **attrs)
    kernel.__name__ = fn.__name__
    kernel.__qualname__ = fn.__name__
    return kernel


def full(*dims: Any, fill_value: Any, **attrs: Any) -> Any:
    return np.full(tuple(int(d) for d in dims), fill_value, **attrs)


def arange(*bounds: Any, **attrs: Any) -> Any:
    return np.arange(*bounds, **attrs)


PY_OPERATORS: dict[str, Callable[..., Any]] = {
    "+": operator.add, "-": operator.sub, "*": operator.mul, "/": operator.truediv,
    "//": operator.floordiv, "%": operator.mod, "**": operator.pow, "@": operator.matmul,
    "&": operator.and_, "|": operator.or_, "^": operator.xor, "<<": operator.lshift,
    ">>": operator.rshift, "divmod": divmod, "<": operator.lt, "<=": operator.le,
    ">": operator.gt, ">=": operator.ge, "==": operator.eq, "!=": operator.ne,
    "neg": operator.neg, "pos": operator.pos, "abs": abs, "~": operator.invert,
    "not": operator.not_, "int": int, "float": float, "bool": bool, "complex": complex,
}


def pyop(*operands: Any, op: str) -> Any:
    """Python's own operator on Python scalars (weak tensors are Python scalars at run time)."""
    return PY_OPERATORS[op](*operands)


def const(*, value: Any) -> Any:
    return value


def read_variable(*, variable: Any) -> Any:
    return variable._array


def assign_variable(value: Any, *, variable: Any, mode: str) -> Any:
    return variable.apply_assign(mode, value)


def append_row(rows: Any, row: Any) -> Any:
    """`rows` with `row` (a 1-row array) after them; the first row of an empty `rows`, whose
    other dims may not match yet, starts the array."""
    if len(rows) == 0:
        return row.astype(rows.dtype, copy=False)
    return np.concatenate([rows, row])


def _append_row_type(opdef: OpDef, inputs: tuple, attrs: dict) -> Any:
    rows, row = inputs
    row_shape = row.shape if isinstance(row, Tensor) else np.shape(row)
    dims = tuple(a if a == b else None for a, b in zip(rows.shape[1:], row_shape[1:]))
    return ((rows.dtype, (None, *dims)),)


def nonzero(a: Any) -> Any:
    """np.nonzero, one output per dimension (a 1-d array's one output is that array)."""
    found = np.nonzero(a)
    return found if len(found) > 1 else found[0]


def _nonzero_type(opdef: OpDef, inputs: tuple, attrs: dict) -> Any:
    """One index array per dimension, as long as the values make it."""
    x = inputs[0]
    shape = x.shape if isinstance(x, Tensor) else np.shape(x)
    if not shape:
        raise ValueError("Calling nonzero on 0d arrays is not allowed. Use np.atleast_1d(scalar).nonzero() instead.")
    return tuple((np.dtype(np.intp), (None,)) for _ in shape)


def print_values(*values: Any, sep: str, end: str, file: Any) -> None:
    print(*[v if isinstance(v, str) else str(np.asarray(v)) for v in values], sep=sep, end=end, file=file)


def assert_true(condition: Any, *values: Any, message: Any, specs: tuple = ()) -> None:
    """Fail with `message` unless `condition` holds; a message template (a tuple) holds
    text, and the positions of `values` to format with `specs`."""
    if not np.all(condition):
        if isinstance(message, tuple):
            message = "".join((repr(values[p]) if specs[p] == "!r" else format(values[p], specs[p]))
                              if isinstance(p, int) else p for p in message)
        raise AssertionError(message)


def raise_exception(*, exception: BaseException) -> None:
    """Raise (a copy of) the exception user code raised while its branch was traced."""
    try:  # a copy made without running `__init__` again (it may format or count)
        fresh = type(exception).__new__(type(exception), *exception.args)
        fresh.__dict__.update(getattr(exception, "__dict__", {}))
        fresh.args = exception.args
        fresh.__cause__, fresh.__suppress_context__ = exception.__cause__, exception.__suppress_context__
    except Exception:
        fresh = exception
    raise fresh.with_traceback(None)


def random(*parts: Any, fn: Any, args: Any, kwargs: Any) -> Any:
    return fn(*fill_key(args, parts), **{k: fill_key(v, parts) for k, v in kwargs.items()})


class RandomStart:
    """Where a generator made or seeded inside a function starts at every run: the state it
    had then, or fresh entropy (`state` None: made without a seed)."""

    __slots__ = ("state",)

    def __init__(self, state: Any):
        self.state = state

    def __repr__(self) -> str:
        return "fresh-entropy" if self.state is None else "seeded"


def reseed(*, generator: Any, start: RandomStart) -> None:
    """Put `generator` (a Generator or RandomState) where `start` says."""
    if isinstance(generator, np.random.Generator):
        bits = generator.bit_generator
        bits.state = type(bits)().state if start.state is None else start.state
    elif start.state is None:
        generator.seed()
    else:
        generator.set_state(start.state)


def _variable_type(opdef: OpDef, inputs: tuple, attrs: dict) -> Any:
    v = attrs["variable"]
    return ((v.dtype, v.shape),)


def _const_type(opdef: OpDef, inputs: tuple, attrs: dict) -> Any:
    value = attrs["value"]
    if type(value) in (bool, int, float, complex):
        return ((np.asarray(value).dtype, (), True),)
    return ((value.dtype, value.shape),)


def _random_type(opdef: OpDef, inputs: tuple, attrs: dict) -> Any:
    """Draw from a throwaway generator of the same kind, so tracing consumes no randomness."""
    fn = attrs["fn"]
    owner = getattr(fn, "__self__", None)
    if isinstance(owner, np.random.Generator):
        sample_fn = getattr(np.random.default_rng(0), fn.__name__)
    else:
        sample_fn = getattr(np.random.RandomState(0), fn.__name__)
    probe = OpDef("random", lambda *parts, **kw: random(*parts, **{**kw, "fn": sample_fn}), opdef.rule,
                  value_dependent=True)
    try:
        return rules.by_example(probe, inputs, attrs)
    except Exception as exc:
        # The samples are not valid parameters (`integers(0, n)` with n = 0): distribution
        # parameters that work say the type just as well, unless the shape depends on them.
        runs = []
        for fills in _PARAMETER_FILLS:
            try:
                stand_ins = [rules.filled(x, fills(k, x)) for k, x in enumerate(inputs)]
                runs.append(rules.types_of_result(probe.kernel(*stand_ins, **attrs)))
            except Exception:
                continue
            if len(runs) == 2:
                return rules.unknown_where_different(runs[0], runs[1], "random")
        raise exc


# Stand-in values for distribution parameters, tried in turn: constants, increasing values
# (`integers(low, high)`), and weights that sum to 1 (`choice(n, p=p)`). The types come from
# the first two fills that work, so the weights are there twice: often only they work.
_PARAMETER_FILLS: tuple[Callable[[int, Any], float], ...] = (
    lambda k, x: 1, lambda k, x: 2, lambda k, x: 0.5, lambda k, x: 10,
    lambda k, x: k + 1, lambda k, x: 2 * k + 3,
    lambda k, x: 1 / _known_size(x), lambda k, x: 1 / _known_size(x),
)


def _known_size(x: Any) -> int:
    return int(np.prod([1 if d is None else d for d in getattr(x, "shape", ())], dtype=np.int64)) or 1


def fused(*inputs: Any, body: Any, slots: tuple) -> Any:
    """A fused elementwise chain, op by op over whole arrays (the lowered code runs it in
    blocks, writing each result where `slots` says)."""
    env = dict(zip(body.inputs, inputs))
    for op in body.operations:
        args = [env[x] if isinstance(x, Tensor) else x for x in op.inputs]
        env[op.outputs[0]] = OPS[op.type].kernel(*args, **op.attrs)
    outs = tuple(env[t] for t in body.outputs)
    return outs if len(outs) > 1 else outs[0]


def _fused_type(opdef: OpDef, inputs: tuple, attrs: dict) -> Any:
    return tuple((t.dtype, t.shape) for t in attrs["body"].outputs)


def _control_flow_type(opdef: OpDef, inputs: tuple, attrs: dict) -> Any:
    raise AssertionError(f"{opdef.name} operations are built by autoconv.graph.control_flow")


def _register_table() -> None:
    R = rules
    # Every ufunc NumPy exports, under its own name. Generalized ufuncs have core dims.
    gufunc_rules = {"matmul": R.matmul}
    for attr in sorted(dir(np)):
        uf = getattr(np, attr)
        if isinstance(uf, np.ufunc) and uf.__name__ not in OPS:
            if uf.signature is None:
                register(uf.__name__, uf, R.elementwise)
                ELEMENTWISE.add(uf.__name__)
            else:
                register(uf.__name__, uf, gufunc_rules.get(uf.__name__, R.gufunc))

    register("ufunc_reduce", ufunc_reduce, R.reduction)
    register("ufunc_accumulate", ufunc_accumulate, R.by_example)
    register("ufunc_outer", ufunc_outer, R.by_example)

    # Reductions.
    for fn in (np.sum, np.prod, np.mean, np.std, np.var, np.max, np.min, np.amax, np.amin,
               np.argmax, np.argmin, np.any, np.all, np.nansum, np.nanprod, np.nanmean,
               np.nanstd, np.nanvar, np.nanmax, np.nanmin, np.nanargmax, np.nanargmin,
               np.median, np.nanmedian, np.ptp, np.count_nonzero):
        name = fn.__name__ if fn.__name__ not in OPS else "a" + fn.__name__
        register(name, fn, R.reduction, arrays=("a",))
    for fn in (np.cumsum, np.cumprod, np.nancumsum, np.nancumprod):
        register(fn.__name__, fn, R.by_example, arrays=("a",))

    # Products.
    register("dot", np.dot, R.by_example, arrays=("a", "b"))
    register("vdot", np.vdot, R.by_example, arrays=("a", "b"))
    register("inner", np.inner, R.by_example, arrays=("a", "b"))
    register("outer", np.outer, R.by_example, arrays=("a", "b"))
    register("tensordot", np.tensordot, R.by_example, arrays=("a", "b"))
    register("kron", np.kron, R.by_example, arrays=("a", "b"))
    register("cross", np.cross, R.by_example, arrays=("a", "b"))
    register("einsum", einsum, R.by_example, function=np.einsum, variadic="operands")
    register("trace", np.trace, R.by_example, arrays=("a",))

    # Shapes.
    register("reshape", np.reshape, R.reshape, arrays=("a",))
    for fn in (np.transpose, np.swapaxes, np.moveaxis, np.expand_dims, np.squeeze,
               np.broadcast_to, np.tile, np.flip, np.fliplr, np.flipud, np.ravel, np.roll,
               np.rot90, np.diagonal, np.diag, np.triu, np.tril, np.copy, np.real, np.imag, np.angle,
               np.round, np.around, np.diff, np.pad, np.nan_to_num):
        first = next(iter(_signature(fn).parameters))  # the array: `a`, `m` (flip), `v` (diag)...
        register(fn.__name__ if fn.__name__ not in OPS else fn.__name__ + "_", fn, R.by_example, arrays=(first,))
    for fn in (np.sort, np.argsort, np.partition, np.argpartition):
        register(fn.__name__, fn, R.sorting, arrays=("a",))
    for fn in (np.atleast_1d, np.atleast_2d, np.atleast_3d):
        register(fn.__name__, fn, R.by_example, variadic="arys")
    register("repeat", np.repeat, R.by_example, arrays=("a", "repeats"), value_dependent=True)
    for fn in (np.concatenate, np.stack, np.hstack, np.vstack, np.dstack, np.column_stack):
        register(fn.__name__, _seq(fn), R.by_example, function=fn, variadic="tup" if "tup" in _signature(fn).parameters else "arrays")
    register("where", np.where, R.by_example, arrays=("condition", "x", "y"))
    register("nonzero", nonzero, _nonzero_type, function=np.nonzero, arrays=("a",))
    register("append_row", append_row, _append_row_type)  # lists grown by staged loops
    register("clip", np.clip, R.by_example, arrays=("a", "a_min", "a_max"))
    register("take", np.take, R.take, arrays=("a", "indices"))
    register("take_along_axis", np.take_along_axis, R.take_along_axis, arrays=("arr", "indices"))
    register("searchsorted", np.searchsorted, R.by_example, arrays=("a", "v"))
    for fn in (np.zeros_like, np.ones_like):
        register(fn.__name__, fn, R.by_example, arrays=("a",))
    register("empty_like", np.empty_like, R.by_example, arrays=("prototype",))
    register("full_like", np.full_like, R.by_example, arrays=("a", "fill_value"))
    register("astype", astype, R.by_example)
    register("shape", shape_of, R.dims)
    register("getitem", getitem, R.getitem)
    register("setitem", setitem, lambda opdef, inputs, attrs: ((inputs[0].dtype, inputs[0].shape),))
    register("isclose", np.isclose, R.by_example, arrays=("a", "b"))
    register("allclose", np.allclose, R.by_example, arrays=("a", "b"))
    register("array_equal", np.array_equal, R.by_example, arrays=("a1", "a2"))
    register("interp", np.interp, R.by_example, arrays=("x", "xp", "fp"))
    register("linalg.norm", np.linalg.norm, R.by_example, arrays=("x",))
    register("linalg.det", np.linalg.det, R.by_example, arrays=("a",))
    for fn in (np.zeros, np.ones, np.empty):
        register(fn.__name__, _creator(fn), R.creator)
    register("full", full, R.creator)
    register("arange", arange, R.arange)

    # State, effects, control flow.
    register("const", const, _const_type)
    register("pyop", pyop, R.python_scalar)
    register("read_variable", read_variable, _variable_type)
    register("assign_variable", assign_variable, _variable_type)
    register("print", print_values, R.no_outputs)
    register("assert", assert_true, R.no_outputs)
    register("raise", raise_exception, R.no_outputs)
    register("random", random, _random_type)
    register("reseed", reseed, R.no_outputs)
    register("cond", None, _control_flow_type)  # type: ignore[arg-type]
    register("while", None, _control_flow_type)  # type: ignore[arg-type]
    register("fused", fused, _fused_type)  # built by autoconv.optimize.fusion


_register_table()
