"""The guide's example: x to the 100th power by np.matmul in a Python loop."""

from __future__ import annotations

import numpy as np

import autoconv as ac
from autoconv.runtime import evaluate


def power(x, y):
    result = np.eye(10, dtype=np.int32)
    for _ in range(y):
        result = np.matmul(x, result)
    return result


def test_power_100_builds_100_matmuls_and_equals_numpy() -> None:
    x = np.random.default_rng(0).integers(-3, 4, size=(10, 10)).astype(np.int32)
    f = ac.function(power)
    cf = f.get_concrete_function(ac.TensorSpec([10, 10], np.int32), 100)
    ops = [op.type for op in cf.graph.operations]
    assert ops.count("matmul") == 100
    text = str(cf.graph)
    assert text.count("= matmul ") == 100
    assert "%100:int32[10,10] = matmul %0, %99" in text  # x @ (the 99th power)
    expected = power(x, 100)  # int32 overflow wraps identically in both
    result = f(x, 100)
    assert result.dtype == np.int32 and result.shape == (10, 10)
    np.testing.assert_array_equal(result, expected)
    np.testing.assert_array_equal(evaluate(cf.graph, (x,))[0], expected)
    assert f.experimental_get_tracing_count() == 1
