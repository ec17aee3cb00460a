"""Variables, printing and program order when graphs run; non-strict execution."""

from __future__ import annotations

import numpy as np
import pytest

import autoconv as ac
from autoconv.graph import Graph, tracing
from autoconv.runtime import evaluate, lower


def test_variable_is_read_when_the_graph_runs_not_when_traced() -> None:
    v = ac.Variable(np.array([1.0, 2.0]))

    @ac.function
    def scaled(x):
        return v * x

    x = np.array([10.0, 10.0])
    np.testing.assert_array_equal(scaled(x), [10.0, 20.0])
    v.assign(np.array([3.0, 4.0]))
    np.testing.assert_array_equal(scaled(x), [30.0, 40.0])
    assert scaled.experimental_get_tracing_count() == 1


def test_assignments_inside_a_traced_function_run_at_every_call() -> None:
    v = ac.Variable(np.zeros(3, np.float32))

    @ac.function
    def step(x):
        v.assign_add(x)
        v.assign_sub(np.float32(1))
        before = v.read_value()
        v.assign(before * 2)
        return before

    x = np.ones(3, np.float32)
    np.testing.assert_array_equal(step(x), np.zeros(3, np.float32))
    np.testing.assert_array_equal(v.numpy(), np.zeros(3, np.float32))
    v.assign(np.array([1, 2, 3], np.float32))
    out = step(x)
    np.testing.assert_array_equal(out, [1, 2, 3])
    np.testing.assert_array_equal(v.numpy(), [2, 4, 6])
    assert out.dtype == np.float32 and v.numpy().dtype == np.float32


def test_print_and_variable_ops_run_in_program_order(capsys: pytest.CaptureFixture) -> None:
    v = ac.Variable(np.int64(0))

    @ac.function
    def f(x):
        ac.print("start", x)
        v.assign_add(x)
        ac.print("after add", v)
        v.assign(v * 10)
        ac.print("after scale", v.read_value())
        return x

    f(np.int64(2))
    f(np.int64(3))
    assert capsys.readouterr().out.splitlines() == [
        "start 2", "after add 2", "after scale 20",
        "start 3", "after add 23", "after scale 230",
    ]


def test_effects_in_a_staged_while_test_run_once_per_evaluation(capsys: pytest.CaptureFixture) -> None:
    v = ac.Variable(np.int64(0))

    @ac.function
    def f(n):
        i = np.zeros((), np.int64)
        while ac.print("test", i) is None and v.assign_add(1) <= n:
            i += 1
        return i

    assert f(np.int64(2)) == 2
    assert capsys.readouterr().out.splitlines() == ["test 0", "test 1", "test 2"]
    assert v.numpy() == 3


def test_plain_print_runs_once_while_tracing(capsys: pytest.CaptureFixture) -> None:
    @ac.function
    def f(x):
        print("tracing")
        ac.print("running")
        return x + 1

    for _ in range(3):
        f(np.float32(1))
    assert capsys.readouterr().out.splitlines() == ["tracing", "running", "running", "running"]


def test_unused_failing_operation_is_not_run() -> None:
    def f(x):
        np.take(x, [1])  # out of bounds for a 1-element array, and unused
        return x * 2

    x = np.array([5.0])
    with pytest.raises(IndexError):
        f(x)
    graph = Graph("f")
    t = graph.add_input(np.float64, (1,))
    with tracing(graph):
        out = f(t)
    graph.freeze((out,))
    assert [op.type for op in graph.operations] == ["const", "take", "multiply"]
    np.testing.assert_array_equal(lower(graph)(x)[0], [10.0])
    np.testing.assert_array_equal(evaluate(graph, (x,))[0], [10.0])
    np.testing.assert_array_equal(ac.function(f)(x), [10.0])


def test_unused_stateful_operation_still_runs() -> None:
    v = ac.Variable(np.zeros(2))

    @ac.function
    def f(x):
        v.assign(x)  # its result is unused, its effect is not
        return x.sum()

    f(np.array([1.0, 2.0]))
    np.testing.assert_array_equal(v.numpy(), [1.0, 2.0])


def _traced(fn, *specs):
    graph = Graph("f")
    inputs = [graph.add_input(dtype, shape) for dtype, shape in specs]
    with tracing(graph):
        out = fn(*inputs)
    return graph.freeze(out if isinstance(out, tuple) else (out,))


def test_assert_fails_when_the_graph_runs_not_when_traced() -> None:
    from autoconv.graph import ops

    def f(x):
        ops.assert_(x > 0, "x must be positive")
        return x

    graph = _traced(f, (np.float64, (2,)))
    np.testing.assert_array_equal(lower(graph)(np.array([1.0, 2.0]))[0], [1.0, 2.0])
    for run in (lower(graph), lambda a: evaluate(graph, (a,))):
        with pytest.raises(AssertionError, match="x must be positive"):
            run(np.array([1.0, -2.0]))


def test_an_assert_message_shows_the_values_the_check_failed_on(tmp_path) -> None:
    @ac.function(input_signature=[ac.TensorSpec([None], np.float64)])
    def f(x):
        for i in range(np.shape(x)[0]):
            assert x[i] > 0, f"item {i} is {x[i]:.2f} ({x[i]!s})"
        return x

    ac.save(f, str(tmp_path / "saved"))
    loaded = ac.load(str(tmp_path / "saved"))
    for fn in (f, loaded):
        np.testing.assert_array_equal(fn(np.array([1.0, 2.0])), [1.0, 2.0])
        with pytest.raises(AssertionError, match=r"^item 1 is -2.50 \(-2.5\)"):
            fn(np.array([1.0, -2.5]))


def test_random_draws_at_every_run_and_not_while_tracing() -> None:
    from autoconv.graph import ops

    rng = np.random.default_rng(7)
    graph = _traced(lambda x: x + ops.random(rng.normal, (), {"size": 3}), (np.float64, (3,)))
    assert graph.outputs[0].dtype == np.float64 and graph.outputs[0].shape == (3,)
    reference = np.random.default_rng(7)  # tracing drew nothing from rng
    run = lower(graph)
    zero = np.zeros(3)
    np.testing.assert_array_equal(run(zero)[0], reference.normal(size=3))
    np.testing.assert_array_equal(run(zero)[0], reference.normal(size=3))
