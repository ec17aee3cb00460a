"""Functional control flow: `cond` and `while_loop` operations with sub-graphs.

    %5 = cond %pred, %captured...          attrs: true=Graph, false=Graph
    %7, %8 = while %init..., %captured...  attrs: cond=Graph, body=Graph, maximum_iterations

Branch and loop graphs take the same inputs as their operation (minus the predicate): loop
variables first, then every outer tensor either sub-graph captures.
"""

from __future__ import annotations

from typing import Any, Callable

import numpy as np

from autoconv.errors import AutoConvError, BranchMismatchError, LoopVarError, StagingError, user_location
from autoconv.graph import nest, ops
from autoconv.graph.ir import Graph, Tensor
from autoconv.graph.tracing import TraceContext, add_operation, current_context, resume, tracing

_KIND_NAMES = {"b": "bool", "i": "int", "f": "float", "c": "complex"}


def is_tensorizable(x: Any) -> bool:
    return isinstance(x, (Tensor, np.ndarray, np.generic)) or ops.is_python_scalar(x) or hasattr(x, "_autoconv_read")


def describe(x: Any) -> str:
    if isinstance(x, Tensor):
        return x.type_str if x.weak else f"{x.dtype.name}{list(x.shape)}"
    if isinstance(x, (np.ndarray, np.generic)):
        return f"{x.dtype.name}{list(np.shape(x))}"
    if ops.is_python_scalar(x) or isinstance(x, (str, bytes)):
        return f"Python {type(x).__name__} {x!r}"
    return getattr(type(x), "described_as", type(x).__name__)


def to_tensor(x: Any) -> Tensor:
    """A tensor of the current graph for a leaf: Python scalars become weak constants (NEP 50
    keeps them weak); a tensor of an enclosing graph is captured (a branch returning it)."""
    if isinstance(x, Tensor):
        ctx = current_context()
        return ctx.capture(x) if ctx is not None else x
    if ops.is_python_scalar(x):
        dtype = np.asarray(x).dtype
        op = add_operation("const", (), {"value": x}, ((dtype, (), True),))
        return op.outputs[0]
    return ops.as_tensor(x)


def _unify_shapes(a: tuple, b: tuple) -> tuple | None:
    if len(a) != len(b):
        return None
    return tuple(x if x == y else None for x, y in zip(a, b))


def _check_pred(pred: Tensor) -> None:
    if None not in pred.shape and int(np.prod(pred.shape, dtype=np.int64)) > 1:
        raise AutoConvError(
            f"the truth value of an array with more than one element ({describe(pred)}) is ambiguous "
            f"(at {user_location()}); use .any() or .all()"
        )


def _align_inputs(contexts: list[TraceContext], leading: int) -> tuple[Tensor, ...]:
    """Give every sub-graph the same inputs: `leading` loop vars, then the union of captures."""
    outer: list[Tensor] = []
    for ctx in contexts:
        for t, _ in ctx.graph.captures:
            if all(t is not o for o in outer):
                outer.append(t)
    for ctx in contexts:
        g = ctx.graph
        by_outer = {o: i for o, i in g.captures}
        extra = []
        for t in outer:
            inner = by_outer.get(t)
            extra.append(inner if inner is not None else Tensor(g, None, 0, t.dtype, t.shape, t.weak))
        g.inputs = g.inputs[:leading] + tuple(extra)
        for i, t in enumerate(g.inputs):
            t.index = i
        g.captures = tuple(zip(outer, extra))
    return tuple(outer)


# ---------------------------------------------------------------------------------------- cond

def _merge_leaf(i: int, a: Any, b: Any, ctxs: tuple[TraceContext, TraceContext]) -> tuple[bool, Any, Any]:
    """(staged, true_out, false_out) for one output leaf of a cond."""
    if ops.is_python_scalar(a) and type(a) is type(b) and a == b:
        return False, a, b
    if not (is_tensorizable(a) and is_tensorizable(b)):
        if a is b:
            return False, a, b
        raise BranchMismatchError(
            f"output {i} of the branches differs: {describe(a)} in the true branch, {describe(b)} in the false branch",
            i, a, b)
    with resume(ctxs[0]):
        ta = to_tensor(a)
    with resume(ctxs[1]):
        tb = to_tensor(b)
    if ta.weak != tb.weak:
        # A weak value meeting a strong one of the same dtype takes the strong type.
        strong, weak_ctx = (tb, 0) if ta.weak else (ta, 1)
        weak_t = ta if ta.weak else tb
        if np.result_type(strong.dtype, weak_t.dtype.type(0).item()) != strong.dtype:
            raise BranchMismatchError(
                f"output {i} of the branches has different dtypes: {describe(ta)} in the true branch, "
                f"{describe(tb)} in the false branch", i, a, b)
        if not _fits(weak_t, strong.dtype):
            raise BranchMismatchError(
                f"output {i} of the branches is {describe(weak_t.op.attrs['value'])} in one branch and "
                f"{describe(strong)} in the other: the Python value does not fit {strong.dtype.name} "
                "(NumPy would not convert it)", i, a, b)
        with resume(ctxs[weak_ctx]):
            cast = ops.astype(weak_t, strong.dtype)
        ta, tb = (cast, tb) if ta.weak else (ta, cast)
    if ta.dtype != tb.dtype:
        raise BranchMismatchError(
            f"output {i} of the branches has different dtypes: {ta.dtype.name} in the true branch, "
            f"{tb.dtype.name} in the false branch", i, a, b)
    if _unify_shapes(ta.shape, tb.shape) is None:
        raise BranchMismatchError(
            f"output {i} of the branches has different ranks: {describe(ta)} in the true branch, "
            f"{describe(tb)} in the false branch", i, a, b)
    return True, ta, tb


def cond(pred: Any, true_fn: Callable[[], Any], false_fn: Callable[[], Any]) -> Any:
    """`true_fn()` if `pred` else `false_fn()`; staged as a `cond` operation when `pred` is traced."""
    if not isinstance(pred, Tensor):
        return true_fn() if pred else false_fn()
    _check_pred(pred)
    results, ctxs = [], []
    for label, fn in (("true", true_fn), ("false", false_fn)):
        with tracing(Graph(label)) as ctx:
            results.append(fn())
        ctxs.append(ctx)
    structure = nest.structure(results[0])
    if structure != nest.structure(results[1]):
        raise BranchMismatchError(
            f"the branches return different structures: {nest.describe(results[0])} in the true branch, "
            f"{nest.describe(results[1])} in the false branch (at {user_location()})", -1, results[0], results[1])
    leaves = [nest.flatten(r) for r in results]
    try:
        merged = [_merge_leaf(i, a, b, (ctxs[0], ctxs[1])) for i, (a, b) in enumerate(zip(*leaves))]
    except BranchMismatchError as e:
        e.args = (f"{e} (at {user_location()})",)
        raise
    staged = [m for m in merged if m[0]]
    for k, ctx in enumerate(ctxs):
        ctx.graph.freeze(tuple(m[1 + k] for m in staged))
    captured = _align_inputs(ctxs, 0)
    out_types = tuple(
        (ta.dtype, _unify_shapes(ta.shape, tb.shape), ta.weak and tb.weak) for _, ta, tb in staged)
    op = add_operation("cond", (pred, *captured), {"true": ctxs[0].graph, "false": ctxs[1].graph}, out_types,
                       stateful=any(c.has_stateful for c in ctxs))
    outputs = iter(op.outputs)
    flat = [next(outputs) if m[0] else m[1] for m in merged]
    return nest.pack_as(results[0], flat)


# ---------------------------------------------------------------------------------------- while

def _loop_var_error(i: int, before: Any, after: Any, what: str) -> LoopVarError:
    return LoopVarError(f"loop variable {i} {what}: {describe(before)} before the loop, "
                        f"{describe(after)} after one iteration", i, before, after)


def while_loop(cond_fn: Callable[..., Any], body_fn: Callable[..., Any], loop_vars: Any,
               maximum_iterations: Any = None, *, shape_invariants: Any = None) -> Any:
    """Repeat `loop_vars = body_fn(*loop_vars)` while `cond_fn(*loop_vars)`; staged when tracing.

    `shape_invariants`, one per leaf of `loop_vars` (None for none), are shapes with None
    where a loop variable's dim may change: the loop carries them so from the start."""
    single = not isinstance(loop_vars, (tuple, list))
    vars_tuple = (loop_vars,) if single else tuple(loop_vars)
    if len(vars_tuple) == 1:
        # A body over one loop variable may return it bare rather than in a 1-tuple.
        body_fn = _packing_single(body_fn, vars_tuple[0])
    if current_context() is None:
        count = 0
        while cond_fn(*vars_tuple) and (maximum_iterations is None or count < maximum_iterations):
            vars_tuple = tuple(body_fn(*vars_tuple))
            count += 1
        return vars_tuple[0] if single else nest.sequence_like(loop_vars, vars_tuple)
    counted = isinstance(maximum_iterations, Tensor)
    if counted:
        # Known only when the graph runs: a counter the loop carries too.
        limit, inner_cond, inner_body = maximum_iterations, cond_fn, body_fn

        def cond_fn(count: Any, *values: Any) -> Any:
            return np.logical_and(count < limit, inner_cond(*values))

        def body_fn(count: Any, *values: Any) -> Any:
            return (count + 1, *inner_body(*values))

        vars_tuple = (np.zeros((), np.int64), *vars_tuple)
        if shape_invariants is not None:
            shape_invariants = [None, *shape_invariants]
        maximum_iterations = None
    try:
        result = _staged_while(cond_fn, lambda *a: tuple(body_fn(*a)), vars_tuple, maximum_iterations,
                               shape_invariants)
    except LoopVarError as e:
        e.args = (f"{e} (at {user_location()})",)
        raise
    if counted:
        result = result[1:]
    return result[0] if single else nest.sequence_like(loop_vars, result)


def _packing_single(body_fn: Callable[..., Any], template: Any) -> Callable[..., Any]:
    def body(*args: Any) -> Any:
        out = body_fn(*args)
        if isinstance(out, (tuple, list)) and len(out) == 1 and nest.structure(out[0]) == nest.structure(template):
            return tuple(out)
        return (out,)
    return body


def _staged_while(cond_fn: Callable[..., Any], body_fn: Callable[..., Any], loop_vars: tuple,
                  maximum_iterations: Any, shape_invariants: Any = None) -> tuple:
    leaves = nest.flatten(loop_vars)
    carried = [is_tensorizable(x) for x in leaves]
    init = [to_tensor(x) if c else x for x, c in zip(leaves, carried)]
    invariants = list(shape_invariants) if shape_invariants is not None else [None] * len(leaves)
    types = [(t.dtype, t.shape if shape is None else tuple(shape), t.weak) if c else None
             for t, c, shape in zip(init, carried, invariants)]
    for _attempt in range(len(leaves) + 2):
        cond_ctx, body_ctx, relaxed = _trace_loop(cond_fn, body_fn, loop_vars, leaves, carried, types)
        if not relaxed:
            break
    n = sum(carried)
    captured = _align_inputs([cond_ctx, body_ctx], n)
    for k, (t, c, ty) in enumerate(zip(init, carried, types)):
        if c and t.weak and not ty[2] and not _fits(t, ty[0]):
            raise LoopVarError(f"loop variable {k} starts as {describe(t.op.attrs['value'])}, which does not fit "
                               f"the {ty[0].name} the loop makes it (NumPy would not convert it)",
                               k, t.op.attrs["value"], np.zeros((), ty[0]))
    inputs = tuple(_as_type(t, ty) for t, c, ty in zip(init, carried, types) if c)
    attrs = {"cond": cond_ctx.graph, "body": body_ctx.graph}
    if maximum_iterations is not None:
        attrs["maximum_iterations"] = int(maximum_iterations)
    op = add_operation("while", (*inputs, *captured), attrs,
                       tuple(ty for ty in types if ty is not None),
                       stateful=cond_ctx.has_stateful or body_ctx.has_stateful)
    outputs = iter(op.outputs)
    flat = [next(outputs) if c else x for x, c in zip(leaves, carried)]
    return tuple(nest.pack_as(loop_vars, flat))


def _as_type(t: Tensor, ty: tuple) -> Tensor:
    """The initial value of a loop variable, in the type the loop carries it as."""
    return ops.astype(t, ty[0]) if t.weak and not ty[2] else t


def _fits(t: Tensor, dtype: np.dtype) -> bool:
    """Whether a weak tensor known now (a Python scalar constant) keeps its value in `dtype`
    (NumPy refuses an out-of-range Python int; a float that overflows to inf is a different
    value). Values known only when the graph runs pass."""
    if t.op is None or t.op.type != "const":
        return True
    value = t.op.attrs["value"]
    try:
        with np.errstate(over="raise", invalid="raise"):
            converted = np.asarray(value, dtype=dtype)
    except (OverflowError, FloatingPointError, ValueError, TypeError):
        return False
    return not (np.isfinite(value) and not np.all(np.isfinite(converted)))


def _trace_loop(cond_fn: Callable[..., Any], body_fn: Callable[..., Any], loop_vars: tuple, leaves: list,
                carried: list, types: list) -> tuple[TraceContext, TraceContext, bool]:
    """Trace cond and body once for the current loop-variable types; relax shapes that change."""
    contexts = []
    for label in ("cond", "body"):
        graph = Graph(label)
        phs = iter([graph.add_input(*ty) for ty in types if ty is not None])
        args = nest.pack_as(loop_vars, [next(phs) if c else x for x, c in zip(leaves, carried)])
        with tracing(graph) as ctx:
            if label == "cond":
                pred = cond_fn(*args)
                if not isinstance(pred, Tensor):
                    pred = to_tensor(pred) if is_tensorizable(pred) else to_tensor(bool(pred))
                _check_pred(pred)
                graph.freeze((pred,))
            else:
                out = body_fn(*args)
        contexts.append(ctx)
    body_ctx = contexts[1]
    if nest.structure(out) != nest.structure(loop_vars):
        message = (f"the loop body returns {nest.describe(out)} but the loop variables are "
                   f"{nest.describe(loop_vars)} (at {user_location()})")
        if isinstance(out, tuple) and len(out) == len(loop_vars):
            # Name the first variable whose structure changed (by the index of its first leaf).
            i = next(i for i, (a, b) in enumerate(zip(loop_vars, out)) if nest.structure(a) != nest.structure(b))
            first_leaf = sum(len(nest.flatten(v)) for v in loop_vars[:i])
            error = LoopVarError(message, first_leaf, loop_vars[i], out[i])
            error.position = i  # which loop variable, even one without leaves (an empty list)
            raise error
        raise StagingError(message)
    new_leaves = nest.flatten(out)
    outs, relaxed = [], False
    for i, (before, after, c) in enumerate(zip(leaves, new_leaves, carried)):
        if not c:
            if after is not before:
                raise _loop_var_error(i, before, after, "is not an array and changes in the loop")
            continue
        if not is_tensorizable(after):
            raise _loop_var_error(i, before, after, "changes type")
        with resume(body_ctx):
            t = to_tensor(after)
            dtype, shape, weak = types[i]
            if t.weak and not weak and np.result_type(dtype, t.dtype.type(0).item()) == dtype:
                t = ops.astype(t, dtype)
        if weak and not t.weak and t.shape == () and np.result_type(t.dtype, dtype.type(0).item()) == t.dtype:
            # A Python scalar the body turns into the NumPy scalar type it adopts (NEP 50:
            # `s = 0.0; s = s + float32_value`): carry that type from the start. Only a loop
            # that runs zero times can tell: it returns the Python scalar's own dtype.
            types[i] = (t.dtype, (), False)
            relaxed = True
            outs.append(t)
            continue
        if t.dtype != dtype or t.weak != weak:
            raise _loop_var_error(i, before, t, "changes dtype")
        unified = _unify_shapes(shape, t.shape)
        if unified is None:
            raise _loop_var_error(i, before, t, "changes rank")
        if unified != shape:
            types[i] = (dtype, unified, weak)
            relaxed = True
        outs.append(t)
    body_ctx.graph.freeze(tuple(outs))
    return contexts[0], body_ctx, relaxed
