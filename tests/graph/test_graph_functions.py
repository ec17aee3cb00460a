"""Every registered NumPy function (not ufunc), traced on drawn arguments, agrees with NumPy.

`CASES` maps each registered op to a drawer: `draw -> Case(fn, arrays, unknown, data_dependent)`.
`fn` is called with the arrays (eagerly, the oracle) and with tensors standing for them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import autoconv as ac
from graph_oracle import ALL, COMPLEX, FLOAT, INTEGER, REAL, SIGNED, arrays, check, examples, shapes, unknown_mask


@dataclass
class Case:
    fn: Callable[..., Any]
    arrays: list
    unknown: list
    data_dependent: bool = False


Drawer = Callable[[Any], Case]
CASES: dict[str, Drawer] = {}


def case(*names: str) -> Callable[[Callable[..., Case]], Callable[..., Case]]:
    """Register a drawer for the ops `names`; it is called as `drawer(draw, name)`."""
    def register(drawer: Callable[..., Case]) -> Callable[..., Case]:
        for name in names:
            CASES[name] = lambda draw, name=name: drawer(draw, name)
        return drawer
    return register


def array(draw: Any, dtypes: list = ALL, small: bool = False, **shape_kw: Any) -> np.ndarray:
    dtype = draw(st.sampled_from(dtypes))
    return draw(arrays(dtype, draw(shapes(**shape_kw)), small=small))


def axis_arg(draw: Any, ndim: int, allow_tuple: bool = True, allow_none: bool = True) -> Any:
    """An axis: None, an int (sometimes out of bounds) or a tuple of distinct axes."""
    options = [st.integers(-ndim - 1, ndim)]
    if allow_none:
        options.append(st.none())
    if allow_tuple and ndim:
        options.append(st.lists(st.integers(0, ndim - 1), unique=True, max_size=ndim).map(tuple))
    return draw(st.one_of(options))


# ---------------------------------------------------------------------------------- reductions

REDUCTIONS = ["sum", "prod", "mean", "std", "var", "max", "min", "amax", "amin", "any", "all", "nansum",
              "nanprod", "nanmean", "nanstd", "nanvar", "nanmax", "nanmin", "median", "nanmedian", "ptp",
              "count_nonzero"]
ARG_REDUCTIONS = {"argmax": np.argmax, "argmin": np.argmin, "nanargmax": np.nanargmax, "nanargmin": np.nanargmin}


@case(*REDUCTIONS)
def _reduction(draw: Any, name: str) -> Case:
    # ptp of bools always fails, with ValueError before TypeError when empty: with unknown
    # sizes the trace cannot tell which NumPy would raise.
    x = array(draw, ALL[1:] if name == "ptp" else ALL, max_side=3)
    fn = getattr(np, name)
    axis = axis_arg(draw, x.ndim)
    kwargs: dict[str, Any] = {"axis": axis}
    if draw(st.booleans()):
        kwargs["keepdims"] = draw(st.booleans())
    if name in ("std", "var", "nanstd", "nanvar") and draw(st.booleans()):
        kwargs["ddof"] = draw(st.integers(0, 2))
    if name in ("sum", "prod", "mean") and draw(st.booleans()):
        kwargs["dtype"] = draw(st.sampled_from(ALL))
    method = name in ("sum", "prod", "mean", "std", "var", "max", "min", "any", "all") and draw(st.booleans())
    if method:
        return Case(lambda t: getattr(t, name)(**kwargs), [x], [unknown_mask(draw, x.shape)])
    return Case(lambda t: fn(t, **kwargs), [x], [unknown_mask(draw, x.shape)])


@case(*ARG_REDUCTIONS)
def _arg_reduction(draw: Any, name: str) -> Case:
    x = array(draw, REAL, max_side=3)
    axis = axis_arg(draw, x.ndim, allow_tuple=False)
    keepdims = draw(st.booleans())
    fn = ARG_REDUCTIONS[name]
    if name in ("argmax", "argmin") and draw(st.booleans()):
        return Case(lambda t: getattr(t, name)(axis=axis, keepdims=keepdims), [x], [unknown_mask(draw, x.shape)])
    return Case(lambda t: fn(t, axis=axis, keepdims=keepdims), [x], [unknown_mask(draw, x.shape)])


@case("cumsum", "cumprod", "nancumsum", "nancumprod")
def _cumulative(draw: Any, name: str) -> Case:
    x = array(draw, max_side=3)
    axis = axis_arg(draw, x.ndim, allow_tuple=False)
    kwargs = {"axis": axis}
    if draw(st.booleans()):
        kwargs["dtype"] = draw(st.sampled_from(ALL))
    fn = getattr(np, name)
    if name in ("cumsum", "cumprod") and draw(st.booleans()):
        return Case(lambda t: getattr(t, name)(**kwargs), [x], [unknown_mask(draw, x.shape)])
    return Case(lambda t: fn(t, **kwargs), [x], [unknown_mask(draw, x.shape)])


# ---------------------------------------------------------------------------------- products

def _pair(draw: Any, shape_a: tuple, shape_b: tuple, dtypes: list = REAL + COMPLEX) -> list:
    return [draw(arrays(draw(st.sampled_from(dtypes)), shape_a, small=True)),
            draw(arrays(draw(st.sampled_from(dtypes)), shape_b, small=True))]


def _masks(draw: Any, xs: list, allowed: bool = True) -> list:
    return [unknown_mask(draw, x.shape, allowed) for x in xs]


@case("dot", "inner")
def _dot(draw: Any, name: str) -> Case:
    n, k, m = draw(st.integers(0, 3)), draw(st.integers(1, 3)), draw(st.integers(0, 3))
    rank_a, rank_b = draw(st.integers(0, 2)), draw(st.integers(0, 2))
    contracted = k if name == "inner" or rank_b < 2 else (k, m)
    sa = {0: (), 1: (k,), 2: (n, k)}[rank_a]
    sb = {0: (), 1: (k,), 2: (m, k) if name == "inner" else contracted}[rank_b]
    xs = _pair(draw, sa, sb)
    fn = getattr(np, name)
    if name == "dot" and draw(st.booleans()):
        return Case(lambda a, b: a.dot(b), xs, _masks(draw, xs, allowed=False))
    return Case(fn, xs, _masks(draw, xs, allowed=False))


@case("vdot")
def _vdot(draw: Any, name: str) -> Case:
    n = draw(st.integers(0, 4))
    return Case(np.vdot, _pair(draw, (n,), (n,)), [[False], [False]])


@case("outer", "kron")
def _outer(draw: Any, name: str) -> Case:
    xs = _pair(draw, draw(shapes(max_dims=2)), draw(shapes(max_dims=2)))
    return Case(getattr(np, name), xs, _masks(draw, xs, allowed=name == "outer"))


@case("tensordot")
def _tensordot(draw: Any, name: str) -> Case:
    shared = draw(shapes(max_dims=2, min_side=1, max_side=3))
    a_shape = draw(shapes(max_dims=1)) + shared
    b_shape = shared + draw(shapes(max_dims=1))
    axes = len(shared)
    return Case(lambda a, b: np.tensordot(a, b, axes=axes), _pair(draw, a_shape, b_shape), [[False] * len(a_shape),
                                                                                           [False] * len(b_shape)])


@case("cross")
def _cross(draw: Any, name: str) -> Case:
    batch = draw(shapes(max_dims=1, max_side=3))
    xs = _pair(draw, batch + (3,), batch + (draw(st.sampled_from([2, 3])),), REAL)
    return Case(np.cross, xs, [[False] * x.ndim for x in xs])


EINSUMS = {"ij,jk->ik": ((2, 3), (3, 4)), "ij->ji": ((2, 3),), "ii->i": ((3, 3),), "i,i->": ((4,), (4,)),
           "bij,bjk->bik": ((2, 2, 3), (2, 3, 1)), "...i,i->...": ((2, 3), (3,)), "ij,kj": ((2, 3), (4, 3))}


@case("einsum")
def _einsum(draw: Any, name: str) -> Case:
    subscripts = draw(st.sampled_from(sorted(EINSUMS)))
    dtype = draw(st.sampled_from(REAL + COMPLEX))
    xs = [draw(arrays(dtype, s, small=True)) for s in EINSUMS[subscripts]]
    return Case(lambda *ts: np.einsum(subscripts, *ts), xs, [[False] * x.ndim for x in xs])


@case("trace")
def _trace(draw: Any, name: str) -> Case:
    x = array(draw, REAL, min_dims=2, max_dims=3, max_side=3)
    offset = draw(st.integers(-2, 2))
    if draw(st.booleans()):
        return Case(lambda t: t.trace(offset=offset), [x], [[False] * x.ndim])
    return Case(lambda t: np.trace(t, offset=offset), [x], [[False] * x.ndim])


# ---------------------------------------------------------------------------------- shapes

def _one(draw: Any, fn: Callable[..., Any], x: np.ndarray, allow_unknown: bool = True) -> Case:
    return Case(fn, [x], [unknown_mask(draw, x.shape, allow_unknown)])


@case("reshape")
def _reshape(draw: Any, name: str) -> Case:
    x = array(draw, max_side=3)
    size = x.size
    target = draw(st.sampled_from([(size,), (-1,), (1, size), (size, 1), (-1, 1), x.shape[::-1], (size + 1,),
                                   (2, -1), (1, 1, -1)]))
    if draw(st.booleans()):
        return Case(lambda t: t.reshape(target), [x], [[False] * x.ndim])
    return Case(lambda t: np.reshape(t, target), [x], [[False] * x.ndim])


@case("transpose")
def _transpose(draw: Any, name: str) -> Case:
    x = array(draw)
    axes = draw(st.one_of(st.none(), st.permutations(range(x.ndim)).map(tuple)))
    style = draw(st.sampled_from(["fn", "method", "T"]))
    fn = {"fn": lambda t: np.transpose(t, axes), "method": lambda t: t.transpose(axes), "T": lambda t: t.T}[style]
    return _one(draw, fn, x)


@case("swapaxes")
def _swapaxes(draw: Any, name: str) -> Case:
    x = array(draw, min_dims=1)
    a, b = draw(st.integers(-x.ndim, x.ndim)), draw(st.integers(-x.ndim, x.ndim - 1))
    return _one(draw, lambda t: np.swapaxes(t, a, b), x)


@case("moveaxis")
def _moveaxis(draw: Any, name: str) -> Case:
    x = array(draw, min_dims=1)
    a, b = draw(st.integers(-x.ndim, x.ndim - 1)), draw(st.integers(-x.ndim, x.ndim))
    return _one(draw, lambda t: np.moveaxis(t, a, b), x)


@case("expand_dims")
def _expand_dims(draw: Any, name: str) -> Case:
    x = array(draw)
    axis = draw(st.integers(-x.ndim - 2, x.ndim + 1))
    return _one(draw, lambda t: np.expand_dims(t, axis), x)


@case("squeeze")
def _squeeze(draw: Any, name: str) -> Case:
    x = array(draw, max_side=2)
    axis = draw(st.one_of(st.none(), st.integers(-x.ndim, max(x.ndim - 1, 0))))
    # A size-1 dim left unknown could not be squeezed: only other dims may be unknown.
    unknown = [d != 1 and draw(st.booleans()) for d in x.shape] if axis is not None else [False] * x.ndim
    return Case(lambda t: np.squeeze(t, axis), [x], [unknown])


@case("broadcast_to")
def _broadcast_to(draw: Any, name: str) -> Case:
    x = array(draw, max_dims=2, max_side=2)
    target = draw(shapes(max_dims=3, max_side=2))
    return Case(lambda t: np.broadcast_to(t, target), [x], [[False] * x.ndim])


@case("tile")
def _tile(draw: Any, name: str) -> Case:
    x = array(draw, max_side=3)
    reps = draw(st.one_of(st.integers(0, 2), st.lists(st.integers(0, 2), max_size=3).map(tuple)))
    return _one(draw, lambda t: np.tile(t, reps), x)


@case("repeat")
def _repeat(draw: Any, name: str) -> Case:
    x = array(draw, max_side=3)
    axis = draw(st.one_of(st.none(), st.integers(-x.ndim, max(x.ndim - 1, 0))))
    length = x.size if axis is None else (x.shape[axis] if x.ndim else 1)
    if draw(st.booleans()):
        repeats = draw(st.integers(0, 2))
        return _one(draw, lambda t: np.repeat(t, repeats, axis=axis), x)
    counts = draw(arrays(np.dtype(np.int64), (length,), small=True).map(np.abs))
    # Counts traced as a tensor: the result length depends on their values.
    return Case(lambda t, r: t.repeat(r, axis=axis), [x, counts], [[False] * x.ndim, [False]], data_dependent=True)


@case("flip", "fliplr", "flipud", "ravel", "atleast_1d", "atleast_2d", "atleast_3d", "copy", "real", "imag",
      "angle", "nan_to_num", "zeros_like", "ones_like")
def _plain(draw: Any, name: str) -> Case:
    x = array(draw)
    fn = getattr(np, name)
    if name == "ravel" and draw(st.booleans()):
        return _one(draw, lambda t: t.flatten(), x)
    if name in ("real", "imag") and draw(st.booleans()):
        return _one(draw, lambda t: getattr(t, name), x)
    return _one(draw, fn, x)


@case("empty_like")
def _empty_like(draw: Any, name: str) -> Case:
    # The contents are undefined: compare what is defined, the dtype and shape.
    x = array(draw)
    dtype = draw(st.one_of(st.none(), st.sampled_from(ALL)))
    return _one(draw, lambda t: np.zeros_like(np.empty_like(t, dtype=dtype)), x)


@case("full_like")
def _full_like(draw: Any, name: str) -> Case:
    x = array(draw)
    fill = draw(st.sampled_from([0, 1.5, -1, True, 300]))
    dtype = draw(st.one_of(st.none(), st.sampled_from(ALL)))
    return _one(draw, lambda t: np.full_like(t, fill, dtype=dtype), x)


@case("roll")
def _roll(draw: Any, name: str) -> Case:
    x = array(draw, min_dims=1)
    shift = draw(st.integers(-4, 4))
    axis = draw(st.one_of(st.none(), st.integers(-x.ndim, x.ndim - 1)))
    return _one(draw, lambda t: np.roll(t, shift, axis=axis), x, allow_unknown=False)


@case("rot90")
def _rot90(draw: Any, name: str) -> Case:
    x = array(draw, min_dims=2)
    k = draw(st.integers(-2, 3))
    return _one(draw, lambda t: np.rot90(t, k), x)


@case("diagonal", "diag", "triu", "tril")
def _diagonal(draw: Any, name: str) -> Case:
    x = array(draw, min_dims=1 if name == "diag" else 2, max_dims=2 if name == "diag" else 3)
    k = draw(st.integers(-2, 2))
    fn = getattr(np, name)
    if name == "diagonal":
        return _one(draw, lambda t: np.diagonal(t, offset=k), x, allow_unknown=False)
    return _one(draw, lambda t: fn(t, k), x, allow_unknown=False)


@case("round", "around")
def _round(draw: Any, name: str) -> Case:
    x = array(draw, REAL + COMPLEX)
    decimals = draw(st.integers(-2, 3))
    fn = getattr(np, name)
    if draw(st.booleans()):
        return _one(draw, lambda t: t.round(decimals), x)
    return _one(draw, lambda t: fn(t, decimals), x)


@case("diff")
def _diff(draw: Any, name: str) -> Case:
    x = array(draw, min_dims=1)
    n, axis = draw(st.integers(0, 2)), draw(st.integers(-x.ndim, x.ndim - 1))
    return _one(draw, lambda t: np.diff(t, n=n, axis=axis), x)


@case("pad")
def _pad(draw: Any, name: str) -> Case:
    x = array(draw, max_dims=2)
    width = draw(st.integers(0, 2))
    mode = draw(st.sampled_from(["constant", "edge", "wrap", "reflect"]))
    return _one(draw, lambda t: np.pad(t, width, mode=mode), x, allow_unknown=False)


@case("sort", "argsort")
def _sort(draw: Any, name: str) -> Case:
    x = array(draw, REAL)
    axis = draw(st.one_of(st.none(), st.integers(-x.ndim - 1, max(x.ndim - 1, 0))))
    kind = draw(st.sampled_from(["stable", None]))
    fn = getattr(np, name)
    if name == "argsort" and draw(st.booleans()):
        return _one(draw, lambda t: t.argsort(axis=axis, kind=kind), x)
    return _one(draw, lambda t: fn(t, axis=axis, kind=kind), x)


@case("partition", "argpartition")
def _partition(draw: Any, name: str) -> Case:
    x = array(draw, REAL, min_dims=1, min_side=1)
    kth = draw(st.integers(0, x.shape[-1] - 1))
    fn = getattr(np, name)
    if name == "argpartition":
        # Which of several equal elements lands where is unspecified: compare the gathered values.
        return _one(draw, lambda t: np.take_along_axis(t, np.argpartition(t, kth), -1), x)
    return _one(draw, lambda t: fn(t, kth), x)


@case("concatenate", "stack", "hstack", "vstack", "dstack", "column_stack")
def _joins(draw: Any, name: str) -> Case:
    shape = draw(shapes(min_dims=1 if name in ("concatenate",) else 0, max_dims=3, max_side=3))
    count = draw(st.integers(1, 3))
    dtypes = draw(st.lists(st.sampled_from(ALL), min_size=count, max_size=count))
    xs = [draw(arrays(d, shape)) for d in dtypes]
    fn = getattr(np, name)
    if name in ("concatenate", "stack"):
        ndim = len(shape) + (name == "stack")
        axis = draw(st.one_of(st.none(), st.integers(-ndim - 1, ndim))) if name == "concatenate" else \
            draw(st.integers(-ndim, ndim))
        return Case(lambda *ts: fn(list(ts), axis=axis), xs, [[False] * len(shape)] * count)
    return Case(lambda *ts: fn(ts), xs, [[False] * len(shape)] * count)


@case("where")
def _where(draw: Any, name: str) -> Case:
    from hypothesis.extra import numpy as hnp

    (sc, sa, sb), _ = draw(hnp.mutually_broadcastable_shapes(num_shapes=3, max_dims=3, max_side=3))
    cond = draw(arrays(np.dtype(bool), sc))
    a, b = draw(arrays(draw(st.sampled_from(ALL)), sa)), draw(arrays(draw(st.sampled_from(ALL)), sb))
    return Case(np.where, [cond, a, b], [[False] * x.ndim for x in (cond, a, b)])


@case("nonzero")
def _nonzero(draw: Any, name: str) -> Case:
    x = array(draw, min_dims=1, max_dims=3, max_side=3)
    # One output per dimension, of a length that depends on the values.
    if draw(st.booleans()):
        return Case(lambda t: np.nonzero(t), [x], [[False] * x.ndim], data_dependent=True)
    return Case(lambda t: np.where(t != 0), [x], [[False] * x.ndim], data_dependent=True)


@case("clip")
def _clip(draw: Any, name: str) -> Case:
    x = array(draw, REAL)
    lo = draw(st.one_of(st.none(), st.integers(-3, 3), st.floats(-2, 2)))
    hi = draw(st.one_of(st.none(), st.integers(-3, 3)))
    if lo is None and hi is None:
        lo = 0
    if draw(st.booleans()):
        return _one(draw, lambda t: t.clip(lo, hi), x)
    if draw(st.booleans()):
        bound = draw(arrays(x.dtype, x.shape[-1:], small=True))
        return Case(lambda t, b: np.clip(t, b, hi), [x, bound], [[False] * x.ndim, [False] * bound.ndim])
    return _one(draw, lambda t: np.clip(t, lo, hi), x)


@case("take")
def _take(draw: Any, name: str) -> Case:
    x = array(draw, min_dims=1, max_side=3)
    axis = draw(st.one_of(st.none(), st.integers(-x.ndim, x.ndim - 1)))
    length = x.size if axis is None else x.shape[axis]
    idx = draw(arrays(np.dtype(draw(st.sampled_from(SIGNED))), draw(shapes(max_dims=2, max_side=3)),
                      small=True).map(lambda a: np.clip(a, -length - 1, length)))
    if draw(st.booleans()):
        return Case(lambda t, i: t.take(i, axis=axis), [x, idx], [unknown_mask(draw, x.shape), [False] * idx.ndim])
    return Case(lambda t, i: np.take(t, i, axis=axis), [x, idx], [unknown_mask(draw, x.shape), [False] * idx.ndim])


@case("take_along_axis")
def _take_along_axis(draw: Any, name: str) -> Case:
    x = array(draw, REAL, min_dims=1, min_side=1, max_side=3)
    axis = draw(st.integers(-x.ndim, x.ndim - 1))
    idx_shape = tuple(draw(st.integers(0, 3)) if i == axis % x.ndim else draw(st.sampled_from([1, d]))
                      for i, d in enumerate(x.shape))
    idx = draw(arrays(np.dtype(np.int64), idx_shape, small=True).map(lambda a: np.clip(a, 0, x.shape[axis] - 1)))
    return Case(lambda t, i: np.take_along_axis(t, i, axis=axis), [x, idx], [[False] * x.ndim, [False] * x.ndim])


@case("searchsorted")
def _searchsorted(draw: Any, name: str) -> Case:
    a = np.sort(array(draw, REAL, min_dims=1, max_dims=1))
    v = draw(arrays(a.dtype, draw(shapes(max_dims=2)), small=True))
    side = draw(st.sampled_from(["left", "right"]))
    return Case(lambda t, u: np.searchsorted(t, u, side=side), [a, v], [unknown_mask(draw, a.shape), [False] * v.ndim])


@case("isclose", "allclose", "array_equal")
def _compare(draw: Any, name: str) -> Case:
    x = array(draw, REAL + COMPLEX, max_dims=2)
    y = draw(arrays(x.dtype, x.shape))
    fn = getattr(np, name)
    if name == "array_equal":
        return Case(lambda a, b: fn(a, b, equal_nan=x.dtype.kind in "fc"), [x, y], [[False] * x.ndim] * 2)
    return Case(fn, [x, y], [[False] * x.ndim] * 2)


@case("interp")
def _interp(draw: Any, name: str) -> Case:
    n = draw(st.integers(1, 4))
    xp = np.sort(draw(arrays(np.dtype(np.float64), (n,), small=True)))
    fp = draw(arrays(draw(st.sampled_from(FLOAT + [np.dtype(np.complex128)])), (n,), small=True))
    x = draw(arrays(np.dtype(np.float64), draw(shapes(max_dims=2)), small=True))
    return Case(np.interp, [x, xp, fp], [[False] * x.ndim, [False], [False]])


@case("linalg.norm")
def _norm(draw: Any, name: str) -> Case:
    x = array(draw, FLOAT + COMPLEX + SIGNED, min_dims=1, max_dims=2, small=True)
    ord_ = draw(st.sampled_from([None, 1, 2, np.inf])) if x.ndim == 1 else draw(st.sampled_from([None, "fro", 1, np.inf]))
    return Case(lambda t: np.linalg.norm(t, ord=ord_), [x], [[False] * x.ndim])


@case("linalg.det")
def _det(draw: Any, name: str) -> Case:
    n = draw(st.integers(0, 3))
    x = draw(arrays(draw(st.sampled_from(FLOAT[1:] + COMPLEX)), draw(shapes(max_dims=1, max_side=2)) + (n, n),
                    small=True))
    return Case(np.linalg.det, [x], [[False] * x.ndim])


@case("astype")
def _astype(draw: Any, name: str) -> Case:
    x = array(draw)
    dtype = draw(st.sampled_from(ALL))
    return _one(draw, lambda t: t.astype(dtype), x)


@case("shape")
def _shape(draw: Any, name: str) -> Case:
    # np.shape gives Python ints, weak under NEP 50: adding one keeps the array's dtype.
    x = array(draw, REAL, min_dims=1)
    axis = draw(st.integers(-x.ndim, x.ndim - 1))
    return _one(draw, lambda t: t + np.shape(t)[axis], x)


@case("ufunc_reduce", "ufunc_accumulate", "ufunc_outer")
def _ufunc_methods(draw: Any, name: str) -> Case:
    ufunc = getattr(np, draw(st.sampled_from(["add", "multiply", "maximum", "logical_or", "bitwise_and"])))
    x = array(draw, INTEGER + [np.dtype(bool)], min_dims=1, max_side=3)
    method = name.split("_")[1]
    if method == "outer":
        return Case(ufunc.outer, [x, x[..., :1]], [[False] * x.ndim] * 2)
    return _one(draw, lambda t: getattr(ufunc, method)(t, axis=0), x)


CREATORS = {
    "zeros": lambda n, dtype: ac.numpy.zeros((n, 2), dtype),
    "ones": lambda n, dtype: ac.numpy.ones(n, dtype),
    "empty": lambda n, dtype: np.zeros_like(ac.numpy.empty(n, dtype)),  # contents undefined
    "full": lambda n, dtype: ac.numpy.full((2, n), 7, dtype),
    "arange": lambda n, dtype: ac.numpy.arange(0, n, 2),
}


@case(*CREATORS)
def _creator(draw: Any, name: str) -> Case:
    # A size from np.shape of a traced value: a Python int when the graph runs.
    x = array(draw, REAL, min_dims=1, max_dims=1)
    dtype, extra = draw(st.sampled_from(ALL)), draw(st.integers(0, 2))
    return Case(lambda t: CREATORS[name](np.shape(t)[0] + extra, dtype), [x], [[True]])


@case("pyop")
def _python_operators(draw: Any, name: str) -> Case:
    # Python ints combine by Python's operators and stay weak against the array.
    x = array(draw, REAL, min_dims=1, max_dims=1)
    k = draw(st.integers(1, 3))
    return Case(lambda t: t + (np.shape(t)[0] * 3 - k) // 2 % 5, [x], [[True]])


PROPERTY_TESTED = frozenset(CASES)


@pytest.mark.parametrize("name", sorted(CASES))
@examples(15)
@given(data=st.data())
def test_function_agrees_with_numpy(name: str, data: st.DataObject) -> None:
    c = CASES[name](data.draw)
    check(c.fn, c.arrays, c.unknown, c.data_dependent)
