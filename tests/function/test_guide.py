"""The guide's walkthrough (docs/guide.md), each behaviour asserted."""

import io
import contextlib

import numpy as np
import pytest

import autoconv as ac
from autoconv import guide_examples as ex


def test_regular_function_same_eagerly_and_as_graph():
    x = np.array([[1.0, 2.0]])
    y = np.array([[2.0], [3.0]])
    b = np.array(4.0)
    eager = ex.a_regular_function(x, y, b)
    graph = ex.a_function_that_uses_a_graph(x, y, b)
    assert isinstance(graph, np.ndarray)
    np.testing.assert_array_equal(eager, graph)
    assert eager.dtype == graph.dtype


def test_outer_function_calls_plain_python_inner():
    out = ex.outer_function(np.array([[1.0, 2.0]]))
    np.testing.assert_array_equal(out, np.array([[12.0]]))


def test_my_relu_traces_three_graphs_and_reuses_them():
    relu = ac.function(ex.my_relu.python_function)
    relu(np.array(5.5))
    relu([1, -1])
    relu(np.array([3.0, -3.0]))
    assert relu.experimental_get_tracing_count() == 3
    np.testing.assert_array_equal(relu(np.array(-2.5)), np.array(0.0))
    np.testing.assert_array_equal(relu([-3, 4]), np.array([0.0, 4.0]))
    np.testing.assert_array_equal(relu(np.array([-1.0, 9.0])), np.array([0.0, 9.0]))
    assert relu.experimental_get_tracing_count() == 3


def test_plain_print_runs_once_per_trace_and_ac_print_every_call():
    mse = ac.function(ex.get_mse.python_function)
    mse_every = ac.function(ex.get_mse_every_call.python_function)
    y_true = np.array([1.0, 2.0, 3.0], np.float32)
    y_pred = np.array([1.0, 2.5, 2.0], np.float32)
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        for _ in range(3):
            result = mse(y_true, y_pred)
    assert out.getvalue().count("Calculating MSE!") == 1
    assert result == np.mean((y_true - y_pred) ** 2)
    assert result.dtype == np.float32
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        for _ in range(3):
            mse_every(y_true, y_pred)
    assert out.getvalue().count("Calculating MSE!") == 3


def test_python_ints_retrace_arrays_do_not():
    calls = []

    @ac.function
    def f(x):
        calls.append(1)
        return x * x + 2

    f(2)
    f(3)
    assert f.experimental_get_tracing_count() == 2
    np.testing.assert_array_equal(f(3), np.array(11))
    assert f.experimental_get_tracing_count() == 2
    g = ac.function(lambda x: x * x + 2)
    g(np.array(2))
    g(np.array(3))
    assert g.experimental_get_tracing_count() == 1
    assert g(np.array(3)) == 11


def test_non_strict_unused_take_raises_only_eagerly():
    x = np.array([0.0])
    np.testing.assert_array_equal(ex.unused_return_graph(x), x)
    with pytest.raises(IndexError):
        ex.unused_return(x)
    ac.config.run_functions_eagerly(True)
    try:
        with pytest.raises(IndexError):
            ex.unused_return_graph(x)
    finally:
        ac.config.run_functions_eagerly(False)


def test_power_graph_has_100_matmuls_and_matches_numpy():
    x = (np.arange(100, dtype=np.int32).reshape(10, 10) % 3) - 1
    cf = ex.power.get_concrete_function(x, 100)
    matmuls = [op for op in cf.graph.operations if op.type == "matmul"]
    assert len(matmuls) == 100
    text = str(cf.graph)
    assert "= matmul %0, %1" in text
    assert text.count("matmul") == 100
    result = ex.power(x, 100)
    np.testing.assert_array_equal(result, ex.power_eager(x, 100))
    assert result.dtype == np.int32


def test_run_functions_eagerly_runs_the_python_function():
    seen = []

    @ac.function
    def f(x):
        seen.append(type(x))
        return x + 1

    ac.config.run_functions_eagerly(True)
    try:
        assert ac.config.functions_run_eagerly()
        f(np.array(1.0))
        f(np.array(1.0))
    finally:
        ac.config.run_functions_eagerly(False)
    assert not ac.config.functions_run_eagerly()
    assert seen == [np.ndarray, np.ndarray]
    assert f.experimental_get_tracing_count() == 0
