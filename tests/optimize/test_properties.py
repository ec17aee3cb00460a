"""Every pass, and the whole optimizer, on small random graphs: results unchanged bit for
bit (NaN, -0.0, inf and integer wrap-around included), and a second run changes nothing."""

from __future__ import annotations

import warnings

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

import autoconv as ac
from autoconv.graph import ops
from autoconv.graph.verify import verify
from autoconv.optimize import PASSES, optimize
from optimize_support import assert_same_results, results, trace

CONSTANTS = (0, 1, 2, 0.0, -0.0, 1.0, "f32_one", "f32_zeros", "i8_ones")
BINARY = ("add", "subtract", "multiply", "divide", "maximum", "floor_divide", "self_subtract", "power1")
UNARY = ("negative", "sin", "astype_same", "double_negative", "transpose_twice", "cond", "while", "constant_cond",
         "constant_expression")


def _constant(name):
    if name == "f32_one":
        return ops.const(np.float32(1))
    if name == "f32_zeros":
        return ops.const(np.zeros(3, np.float32))
    if name == "i8_ones":
        return ops.const(np.ones(3, np.int8))
    return name


step = st.one_of(
    st.tuples(st.sampled_from(BINARY), st.integers(0, 99), st.integers(0, 99) | st.sampled_from(CONSTANTS),
              st.booleans()),
    st.tuples(st.sampled_from(UNARY), st.integers(0, 99), st.integers(0, 99), st.booleans()),
)


def build(steps):
    def f(x, y, i, n):
        pool = [x, y, i]

        def pick(k):
            return pool[k % len(pool)]

        for name, a, b, flip in steps:
            u = pick(a)
            v = _constant(b) if isinstance(b, (str, float)) or (isinstance(b, int) and b < 3 and name in BINARY
                                                                 and flip) else pick(b)
            if name == "self_subtract":
                out = u - u
            elif name == "power1":
                out = u ** 1
            elif name in BINARY:
                fn = getattr(np, name)
                out = fn(v, u) if flip else fn(u, v)
            elif name == "negative":
                out = np.negative(u)
            elif name == "sin":
                out = np.sin(u)
            elif name == "astype_same":
                out = u.astype(u.dtype)
            elif name == "double_negative":
                out = -(-u)
            elif name == "transpose_twice":
                out = np.transpose(np.transpose(u))
            elif name == "constant_cond":
                out = ac.cond(ops.const(np.bool_(flip)), lambda: u * 1, lambda: -u)
            elif name == "constant_expression":
                out = u + (_constant("f32_zeros") * 2 + _constant(CONSTANTS[b % len(CONSTANTS)])).sum()
            elif name == "cond":
                w = pick(b)
                out = ac.cond(np.sum(x) > 0, lambda: u * 1 + w, lambda: (u + w) * 2) if u.dtype == w.dtype \
                    else ac.cond(flip, lambda: u, lambda: u)
            else:
                w = pick(b)
                body = lambda k, acc: (k + 1, acc + w * 1 + np.sin(x) * 2)  # noqa: E731
                out = ac.while_loop(lambda k, acc: k < n, body, (0, u * 1.0))[1]
            pool.append(out)
        return tuple(pool[-3:])
    return f


TYPES = ((np.float32, (3,)), (np.float32, (3,)), (np.int8, (3,)), (np.int64, ()))
floats = st.sampled_from([0.0, -0.0, 1.0, -1.5, 2.0, np.nan, np.inf, -np.inf, 3e38])
ints = st.integers(-128, 127)


@st.composite
def case(draw):
    steps = draw(st.lists(step, min_size=1, max_size=8))
    args = (np.array(draw(st.lists(floats, min_size=3, max_size=3)), np.float32),
            np.array(draw(st.lists(floats, min_size=3, max_size=3)), np.float32),
            np.array(draw(st.lists(ints, min_size=3, max_size=3)), np.int8),
            np.int64(draw(st.integers(0, 3))))
    return steps, args


def _traced(steps):
    try:
        return trace(build(steps), *TYPES)
    except ac.AutoConvError:
        return None


@pytest.mark.parametrize("p", PASSES, ids=lambda p: p.__name__)
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(c=case())
def test_pass_preserves_results_and_is_idempotent(p, c):
    steps, args = c
    graph = _traced(steps)
    if graph is None:
        return
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        expected = results(graph, args)
        new = p(graph)
        verify(new)
        assert_same_results(expected, results(new, args))
    assert str(p(new)) == str(new)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(c=case())
def test_optimize_preserves_results_and_reaches_a_fixed_point(c):
    steps, args = c
    graph = _traced(steps)
    if graph is None:
        return
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        expected = results(graph, args)
        new, report = optimize(graph, verify=True)
        assert_same_results(expected, results(new, args))
    again, _ = optimize(new)
    assert str(again) == str(new)
    assert report.after <= report.before or "hoisted" in str(report)
