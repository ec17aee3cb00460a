"""The registry's NumPy entry points are many, and each is exercised by a property test."""

from __future__ import annotations

import numpy as np

import test_graph_functions
import test_graph_ufuncs
from autoconv.graph import registry

# Operations no NumPy call dispatches to, and the tests that exercise them.
INTERNAL = {
    "const": "every property test (arrays and NumPy scalars become constants)",
    "setitem": "test_graph_indexing.test_setitem",
    "read_variable": "test_runtime_effects", "assign_variable": "test_runtime_effects",
    "print": "test_runtime_effects", "cond": "test_graph_text", "while": "test_graph_text",
    "getitem": "test_graph_indexing", "astype": "test_graph_functions (astype)",
    "shape": "test_graph_functions (shape)",
    "assert": "test_runtime_effects", "random": "test_runtime_effects", "reseed": "test_random_calls",
    "raise": "test_staged_raise",
    "append_row": "test_staged_lists (lists of arrays built by nested staged loops)",
    "fused": "the tests of autoconv.optimize (built by the fusion pass, never traced)",
}


def entry_points() -> set[str]:
    """Ops reached from NumPy: every ufunc and every function dispatched by __array_function__."""
    ufuncs = {name for name, op in registry.OPS.items() if isinstance(op.kernel, np.ufunc)}
    functions = {op.name for op in registry.BY_FUNCTION.values()}
    return ufuncs | functions


def property_tested() -> set[str]:
    return (set(test_graph_ufuncs.ELEMENTWISE_UNARY) | set(test_graph_ufuncs.ELEMENTWISE_BINARY)
            | set(test_graph_ufuncs.GENERALIZED) | set(test_graph_functions.PROPERTY_TESTED))


def test_at_least_120_entry_points() -> None:
    assert len(entry_points()) >= 120, sorted(entry_points())


def test_every_entry_point_has_a_property_test() -> None:
    assert sorted(entry_points() - property_tested()) == []


def test_every_operation_is_accounted_for() -> None:
    assert sorted(set(registry.OPS) - property_tested() - set(INTERNAL)) == []
