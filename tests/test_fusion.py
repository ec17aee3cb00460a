"""Elementwise fusion (`jit_compile=True`): the fused code equals unfused NumPy bit for bit."""

from __future__ import annotations

from typing import Any, Callable

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import autoconv as ac
from autoconv.graph.ir import Graph
from autoconv.graph.tracing import tracing
from autoconv.graph.verify import verify
from autoconv.optimize import fusion
from autoconv.optimize.fusion import find_chains, fuse_elementwise, plan_buffers
from autoconv.runtime import fused, lower
from autoconv.runtime.interpreter import evaluate


@pytest.fixture(autouse=True)
def fuse_small_arrays(monkeypatch: pytest.MonkeyPatch) -> None:
    """These tests fuse small arrays (fast to check bit for bit); by default they stay unfused."""
    monkeypatch.setattr(fusion, "MIN_ELEMENTS", 0)


def w5(x: Any) -> Any:
    return np.sin(x) * np.cos(x) + x * x - np.exp(-np.abs(x)) + np.sqrt(np.abs(x) + 1) * 0.5


def graph_of(fn: Callable[..., Any], *args: Any) -> Graph:
    """`fn` traced on arrays like `args`, unoptimized."""
    g = Graph("f")
    inputs = [g.add_input(a.dtype, a.shape) for a in args]
    with tracing(g):
        out = fn(*inputs)
    return g.freeze(out if isinstance(out, tuple) else (out,))


def same_bits(a: Any, b: Any) -> bool:
    """Equal dtype, shape and bits, except which NaN: NumPy's own in-place loop
    (`np.add(a, b, out=a)`) can propagate the other operand's NaN than its out-of-place one
    (on one-element arrays: -nan + nan gives -nan out of place, nan in place)."""
    a, b = np.asarray(a), np.asarray(b)
    if a.dtype != b.dtype or a.shape != b.shape:
        return False
    a, b = np.ascontiguousarray(a), np.ascontiguousarray(b)
    if a.dtype.kind in "fc":
        nan_a, nan_b = np.isnan(a), np.isnan(b)
        if not np.array_equal(nan_a, nan_b):
            return False
        a, b = np.where(nan_a, 0, a), np.where(nan_b, 0, b)
    return a.tobytes() == b.tobytes()


def explain(a: Any, b: Any) -> str:
    return f"expected {np.asarray(a).dtype}{np.shape(a)} {a!r}\n     got {np.asarray(b).dtype}{np.shape(b)} {b!r}"


@pytest.fixture(params=["whole", "blocks", "threads"])
def mode(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Whole arrays in one call, small blocks on one thread, small blocks on two threads."""
    if request.param != "whole":
        monkeypatch.setattr(fused, "BLOCK_BYTES", 24)  # 3 float64s, 24 int8s per block
        monkeypatch.setattr(fused, "THREADS", 1 if request.param == "blocks" else 2)
        monkeypatch.setattr(fused, "MIN_BLOCKS_PER_THREAD", 1)
    return request.param


def run_fused(fn: Callable[..., Any], *args: Any) -> tuple[Graph, tuple, str]:
    """The fused graph, its lowered code's outputs and that code's source."""
    g = verify(fuse_elementwise(graph_of(fn, *args)))
    lowered = lower(g, "f")
    with np.errstate(all="ignore"):
        outs = lowered(*args)
    return g, outs, lowered.source


def test_w5_is_one_fused_op_with_two_buffers(mode: str) -> None:
    x = np.linspace(-3, 3, 1001, dtype=np.float32)
    g, (out,), source = run_fused(w5, x)
    assert [op.type for op in g.operations] == ["fused"]
    assert "= fused %0 slots=" in str(g)
    assert set(g.operations[0].attrs["slots"]) == {"b0", "b1", "o0"}
    assert ("run_blocks(" in source) == (mode != "whole")
    assert same_bits(w5(x), out), explain(w5(x), out)


def test_interpreter_agrees_with_lowered_code() -> None:
    x = np.linspace(-3, 3, 100, dtype=np.float64)
    g, (out,), _ = run_fused(w5, x)
    (ref,) = evaluate(g, (x,))
    assert same_bits(ref, out)


def test_jit_compile_fuses_and_plain_function_does_not() -> None:
    x = np.linspace(-3, 3, 500, dtype=np.float32)
    jit = ac.function(w5, jit_compile=True, autograph=False)
    plain = ac.function(w5, autograph=False)
    assert same_bits(w5(x), jit(x)) and same_bits(w5(x), plain(x))
    assert "fused" in str(jit.get_concrete_function(x).optimized_graph)
    assert "fused" not in str(plain.get_concrete_function(x).optimized_graph)


def test_fusing_twice_changes_nothing() -> None:
    once = fuse_elementwise(graph_of(w5, np.ones(10, np.float32)))
    assert str(fuse_elementwise(once)) == str(once)


def test_values_used_outside_the_chain_are_outputs() -> None:
    def f(x: Any) -> Any:
        a = np.sin(x) + 1
        b = a.sum()  # not elementwise: `a` leaves the chain
        return a * 2 - b, np.cos(a) * 3

    x = np.linspace(0, 1, 50)
    g = verify(fuse_elementwise(graph_of(f, x)))
    outs = lower(g, "f")(x)
    for want, got in zip(f(x), outs):
        assert same_bits(want, got)


def test_no_cycle_through_an_outside_op() -> None:
    def f(x: Any) -> Any:
        a = np.exp(x)
        s = np.sort(a)  # outside: reads the chain's `a`, feeds `c`
        c = np.sin(a) + s
        return c * 2

    x = np.linspace(0, 1, 30)
    g = verify(fuse_elementwise(graph_of(f, x)))
    assert same_bits(f(x), lower(g, "f")(x)[0])
    for chain in find_chains(tuple(g.operations)):
        assert len(chain) >= 2


def test_scalar_chains_and_broadcasting_are_not_fused() -> None:
    def f(x: Any, y: Any) -> Any:
        return np.sin(x) * 2 + y  # y broadcasts along the rows

    x, y = np.ones((4, 3)), np.ones(3)
    g = fuse_elementwise(graph_of(f, x, y))
    types = [op.type for op in g.operations]
    assert "add" in types  # the broadcasting add stays outside
    z = np.float32(2)
    assert "fused" not in str(fuse_elementwise(graph_of(lambda s: np.sin(s) * 2 + 1, z)))


def test_zero_d_array_operand_is_passed_whole(mode: str) -> None:
    def f(x: Any, s: Any) -> Any:
        return (x * s + 1) * s

    x, s = np.arange(40, dtype=np.float32), np.array(3, np.float64)
    _, (out,), _ = run_fused(f, x, s)
    assert same_bits(f(x, s), out)


def test_plan_reuses_dead_buffers_in_place() -> None:
    g = fuse_elementwise(graph_of(lambda x: np.exp(np.sin(x) + 1) * 2, np.ones(8)))
    assert plan_buffers(g.operations[0].attrs["body"]) == ("b0", "b0", "b0", "o0")


def test_plan_never_shares_a_buffer_across_dtypes() -> None:
    g = fuse_elementwise(graph_of(lambda x: np.sqrt(x + 1) + (x > 2), np.arange(8, dtype=np.int8)))
    body = g.operations[0].attrs["body"]
    slots = plan_buffers(body)
    dtypes: dict[str, Any] = {}
    for op, slot in zip(body.operations, slots):
        assert dtypes.setdefault(slot, op.outputs[0].dtype) == op.outputs[0].dtype


# ---------------------------------------------------------------------------------------
# Random chains.

UNARY = ["sin", "cos", "exp", "sqrt", "tanh", "log1p", "absolute", "negative", "square", "floor", "rint"]
BINARY = ["add", "subtract", "multiply", "true_divide", "maximum", "minimum", "floor_divide", "power"]
DTYPES = [np.float16, np.float32, np.float64, np.int8, np.int32, np.int64, np.uint8]
INT_UNARY = {"absolute", "negative", "square"}  # keep integers integral where it matters less


class Scalar:
    """A Python scalar operand (a bare int in a step is the index of an earlier value)."""

    def __init__(self, value: Any):
        self.value = value

    def __repr__(self) -> str:
        return repr(self.value)


@st.composite
def programs(draw: Any) -> list[tuple]:
    steps = []
    for k in range(draw(st.integers(2, 8))):
        if draw(st.booleans()):
            steps.append(("u", draw(st.sampled_from(UNARY)), draw(st.integers(0, k))))
        else:
            left = draw(st.integers(0, k))
            right = draw(st.one_of(st.integers(0, k), st.sampled_from([2, 3, 0.5, -1.5, True]).map(Scalar)))
            steps.append(("b", draw(st.sampled_from(BINARY)), left, right))
    return steps


def run_program(steps: list[tuple], x: Any) -> Any:
    values = [x]
    for step in steps:
        if step[0] == "u":
            values.append(getattr(np, step[1])(values[step[2]]))
        else:
            _, name, left, right = step
            operand = right.value if isinstance(right, Scalar) else values[right]
            values.append(getattr(np, name)(values[left], operand))
    return values[-1] if len(values) < 4 else (values[-1], values[len(values) // 2])


@st.composite
def arrays(draw: Any) -> np.ndarray:
    dtype = np.dtype(draw(st.sampled_from(DTYPES)))
    layout = draw(st.sampled_from(["c", "strided", "reversed", "transposed", "0-d"]))
    n = draw(st.integers(0, 40))
    base = draw(st.lists(st.integers(-5, 9), min_size=2 * n + 2, max_size=2 * n + 2))
    data = np.array(base).astype(dtype) if dtype.kind != "f" else (np.array(base) / 2).astype(dtype)
    if layout == "0-d":
        return np.asarray(data[0])
    if layout == "strided":
        return data[: 2 * n : 2]
    if layout == "reversed":
        return data[:n][::-1]
    if layout == "transposed":
        return data[: 2 * (n // 2)].reshape(2, -1).T
    return data[:n].reshape((n // 2, 2)) if n % 2 == 0 and n else data[:n]


def _plain(steps: list[tuple], x: Any) -> Any:
    try:
        with np.errstate(all="ignore"):
            return run_program(steps, x)
    except (TypeError, ValueError, OverflowError, ZeroDivisionError):
        return None  # NumPy rejects this program on these dtypes: nothing to compare


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(steps=programs(), x=arrays())
def test_random_chains_equal_numpy_bit_for_bit(mode: str, steps: list[tuple], x: np.ndarray) -> None:
    want = _plain(steps, x)
    if want is None:
        return
    _, got, source = run_fused(lambda v: run_program(steps, v), x)
    wants = want if isinstance(want, tuple) else (want,)
    for w, o in zip(wants, got):
        assert same_bits(w, o), f"program {steps} on {x.dtype}{x.shape} strides {x.strides}\n{explain(w, o)}\n{source}"


@pytest.mark.parametrize("dtype", [np.float32, np.float64, np.float16])
def test_large_arrays_in_default_blocks_on_threads(dtype: Any) -> None:
    def f(x: Any) -> Any:
        return np.tanh(x) * np.log1p(np.abs(x)) + np.cos(x * 3) - np.arctan(x) / 2

    x = np.random.default_rng(0).standard_normal(10 * fused.BLOCK_BYTES // 2 + 123).astype(dtype)
    for arg in (x, x[::3]):
        _, (out,), source = run_fused(f, arg)
        assert "run_blocks(" in source
        assert same_bits(f(arg), out)


def test_chains_inside_loop_and_branch_bodies(mode: str) -> None:
    def f(x: Any, n: Any) -> Any:
        def body(i: Any, v: Any) -> Any:
            v = ac.cond(v.sum() > 0, lambda: np.tanh(v) * 0.5 - 1, lambda: np.exp(-np.abs(v)) + v * 2)
            return i + 1, np.sin(v) * np.cos(v) + 0.25

        return ac.while_loop(lambda i, v: i < n, body, (np.zeros((), np.int64), x))[1]

    x, n = np.linspace(-1, 1, 33), np.array(5)
    g, (out,), _ = run_fused(f, x, n)
    text = str(g)
    assert text.count("= fused") == 3, text
    assert same_bits(f(x, n), out)


def test_effects_keep_their_order_around_chains() -> None:
    v = ac.Variable(np.zeros(6))

    def f(x: Any) -> Any:
        a = np.sin(x) + 1
        v.assign(a)
        b = v.read_value() * 2 + a  # reads the variable after the assignment
        return np.sqrt(b) - 1

    x = np.linspace(0, 1, 6)
    g, (out,), _ = run_fused(f, x)
    a = np.sin(x) + 1
    assert same_bits(np.sqrt(a * 2 + a) - 1, out)


def test_small_arrays_stay_unfused_by_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fusion, "MIN_ELEMENTS", 4096)
    small = fuse_elementwise(graph_of(w5, np.ones(4095, np.float32)))
    large = fuse_elementwise(graph_of(w5, np.ones(4096, np.float32)))
    assert "fused" not in str(small)
    assert "fused" in str(large)
