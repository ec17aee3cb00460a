"""Indexing traced values (`x[key]`, `ac.numpy.setitem`) agrees with NumPy for drawn keys."""

from __future__ import annotations

from typing import Any

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

import autoconv as ac
from graph_oracle import ALL, arrays, check, examples, shapes, unknown_mask


def _int_index(draw: Any, n: int) -> int:
    # Sometimes out of bounds: NumPy's IndexError must be the graph's too.
    return draw(st.integers(-n - 1, n))


def _slice(draw: Any) -> slice:
    bound = st.one_of(st.none(), st.integers(-5, 5))
    step = st.one_of(st.none(), st.integers(-3, 3).filter(bool))
    return slice(draw(bound), draw(bound), draw(step))


@st.composite
def basic_keys(draw: st.DrawFn, shape: tuple) -> tuple:
    """A key of ints, slices, None and at most one Ellipsis."""
    parts: list[Any] = []
    dims = iter(shape)
    ellipsis = draw(st.booleans())
    for _ in range(draw(st.integers(0, len(shape) + 1))):
        kind = draw(st.sampled_from(["int", "slice", "none", "ellipsis"] if ellipsis else ["int", "slice", "none"]))
        if kind == "none":
            parts.append(None)
        elif kind == "ellipsis":
            parts.append(Ellipsis)
            ellipsis = False
        else:
            n = next(dims, 1)
            parts.append(_int_index(draw, n) if kind == "int" else _slice(draw))
    return tuple(parts)


@examples(150)
@given(data=st.data())
def test_basic_indexing(data: st.DataObject) -> None:
    x = data.draw(arrays(data.draw(st.sampled_from(ALL)), data.draw(shapes(max_dims=3))), label="x")
    key = data.draw(basic_keys(x.shape), label="key")
    single = key[0] if len(key) == 1 and data.draw(st.booleans()) else key
    check(lambda t: t[single], [x], [unknown_mask(data.draw, x.shape)])


@examples(60)
@given(data=st.data())
def test_traced_int_index_and_slice_bounds(data: st.DataObject) -> None:
    x = data.draw(arrays(data.draw(st.sampled_from(ALL)), data.draw(shapes(min_dims=1, max_dims=2))), label="x")
    i = np.int64(data.draw(st.integers(-x.shape[0] - 1, x.shape[0]), label="i"))
    style = data.draw(st.sampled_from(["index", "stop", "start-stop"]), label="style")
    fn = {"index": lambda t, k: t[k], "stop": lambda t, k: t[:k], "start-stop": lambda t, k: t[k:k + 2]}[style]
    check(fn, [x, i], [unknown_mask(data.draw, x.shape), []], data_dependent=style != "index")


@examples(80)
@given(data=st.data())
def test_integer_array_indexing(data: st.DataObject) -> None:
    x = data.draw(arrays(data.draw(st.sampled_from(ALL)), data.draw(shapes(min_dims=1, max_dims=3, min_side=1))))
    n = x.shape[0]  # out-of-bounds indices of other axes are drawn too: both must raise IndexError
    idx = data.draw(arrays(np.dtype(data.draw(st.sampled_from([np.int8, np.int32, np.int64, np.uint8]))),
                           data.draw(shapes(max_dims=2, max_side=3)), small=True), label="idx")
    idx = np.clip(idx, -n - 1, n).astype(idx.dtype)
    traced_index = data.draw(st.booleans(), label="index traced")
    # Integers beside an array index are advanced indices too; split ones put the result first.
    before = data.draw(st.sampled_from([(), (0,), (slice(None),), (None,)]), label="before")
    after = data.draw(st.sampled_from([(), (slice(None),), (Ellipsis,), (None,), (0,), (slice(None), 0),
                                       (np.array([0, 0]),)]), label="after")
    if traced_index:
        check(lambda t, i: t[(*before, i, *after)], [x, idx], [unknown_mask(data.draw, x.shape), [False] * idx.ndim])
    else:
        as_list = idx.tolist() if data.draw(st.booleans()) else idx
        check(lambda t: t[(*before, as_list, *after)], [x], [unknown_mask(data.draw, x.shape)])


@examples(80)
@given(data=st.data())
def test_boolean_mask_indexing(data: st.DataObject) -> None:
    x = data.draw(arrays(data.draw(st.sampled_from(ALL)), data.draw(shapes(min_dims=1, max_dims=3))), label="x")
    mask_rank = data.draw(st.integers(1, x.ndim), label="mask rank")
    style = data.draw(st.sampled_from(["mask", "mask-of-x", "mask-then-slice"]), label="style")
    if style == "mask-of-x":
        # The result length depends on values: an unknown dim, whatever the input shape.
        check(lambda t: t[t != t.dtype.type(0)] if t.dtype.kind != "c" else t[t.real > 0], [x],
              [unknown_mask(data.draw, x.shape)], data_dependent=True)
        return
    mask = data.draw(arrays(np.dtype(bool), x.shape[:mask_rank]), label="mask")
    key = (lambda m: (m, Ellipsis)) if style == "mask-then-slice" else (lambda m: m)
    check(lambda t, m: t[key(m)], [x, mask], [unknown_mask(data.draw, x.shape), [False] * mask.ndim],
          data_dependent=True)


@examples(60)
@given(data=st.data())
def test_setitem(data: st.DataObject) -> None:
    x = data.draw(arrays(data.draw(st.sampled_from(ALL)), data.draw(shapes(min_dims=1, max_dims=2, min_side=1))))
    key = data.draw(st.one_of(st.integers(-x.shape[0], x.shape[0] - 1), st.builds(slice, st.integers(0, 2))),
                    label="key")
    value = data.draw(st.one_of(st.integers(-3, 3), st.floats(-2, 2), st.just(True)), label="value")

    # Eagerly the array is written in place and returned; traced, a new tensor is.
    check(lambda t: ac.numpy.setitem(t, key, value), [x], [unknown_mask(data.draw, x.shape)])
