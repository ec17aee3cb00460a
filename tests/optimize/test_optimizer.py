"""The optimizer: switches, the report, and `ac.function` using it."""

from __future__ import annotations

import numpy as np
import pytest

import autoconv as ac
from autoconv.optimize import optimize
from optimize_support import trace

F32 = (np.float32, (3,))


def f(x):
    np.cos(x)
    return (x * 1 + 2) * 3


@pytest.fixture
def switches():
    saved = dict(ac.config.optimizer)
    yield ac.config.optimizer
    ac.config.optimizer.clear()
    ac.config.optimizer.update(saved)


def test_report_lists_passes_counts_and_changes():
    graph = trace(f, F32)
    text = str(graph)
    new, report = optimize(graph, verify=True)
    assert str(graph) == text
    assert (report.before, report.after) == (4, 2)
    assert str(report).splitlines()[:3] == [
        "optimized f: 4 -> 2 operations (2 rounds)",
        "  prune: 4 -> 3 (dropped cos)",
        "  fold_constants: 3 -> 3 (no change)",
    ]
    assert "  simplify_arithmetic: 3 -> 2 (x * 1 -> x)" in str(report)


def test_passes_switch_off_by_name(switches):
    switches["simplify_arithmetic"] = False
    new, report = optimize(trace(f, F32))
    assert "multiply %0, 1" in str(new) and "cos" not in str(new)
    assert "simplify_arithmetic" not in str(report)
    switches["fold_constant"] = True
    with pytest.raises(ValueError, match="fold_constant"):
        optimize(trace(f, F32))


def test_function_runs_the_optimized_graph():
    fn = ac.function(f)
    x = np.array([1.0, -0.0, np.nan], np.float32)
    assert np.array_equal(fn(x), (x * 1 + 2) * 3, equal_nan=True)
    cf = fn.get_concrete_function(ac.TensorSpec([3], np.float32))
    assert "cos" not in str(cf.optimized_graph)
    assert "x * 1 -> x" in str(cf.optimization_report())
