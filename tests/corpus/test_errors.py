"""Unsupported or inconsistent programs raise ac.AutoConvError naming the variable or
construct and the user's file and line."""

import inspect
import os

import numpy as np
import pytest

import autoconv as ac

from . import programs_errors as pe

FILE = os.path.basename(pe.__file__)


def marker_line(tag):
    lines, _ = inspect.getsourcelines(pe)  # a module's source starts at line 1
    hits = [i for i, text in enumerate(lines, 1) if text.rstrip().endswith(f"# ERR:{tag}")]
    assert len(hits) == 1, tag
    return hits[0]


def raises(fn, *args):
    with pytest.raises(ac.AutoConvError) as info:
        ac.function(fn)(*args)
    return str(info.value)


def assert_points_at(message, tag):
    where = f"{FILE}:{marker_line(tag)}"
    assert where in message, f"expected {where!r} in: {message}"


X = np.array([1.0, -2.0, 3.0])


def test_variable_defined_in_one_branch():
    message = raises(pe.undefined_after_branch, X)
    assert "'y'" in message
    assert_points_at(message, "undef-branch")
    assert "branch" in message


def test_variable_defined_in_one_branch_names_use_line():
    message = raises(pe.undefined_after_branch, X)
    assert_points_at(message.split("used at")[-1], "undef-branch-use")


def test_variable_first_defined_in_loop_names_use_line():
    message = raises(pe.defined_in_loop_used_after, X, np.array(2))
    assert_points_at(message.split("used at")[-1], "undef-loop-use")


def test_variable_first_defined_in_staged_loop():
    message = raises(pe.defined_in_loop_used_after, X, np.array(2))
    assert "'last'" in message
    assert "loop" in message
    assert_points_at(message, "undef-loop")


def test_loop_variable_dtype_change_shows_both_dtypes():
    message = raises(pe.dtype_changes_in_loop, X, np.array(2))
    assert "'acc'" in message
    assert "int32" in message and "float64" in message
    assert_points_at(message, "dtype-loop")


def test_branches_with_different_structures():
    message = raises(pe.branches_return_different_structures, X)
    assert "'r'" in message
    assert "structure" in message
    assert_points_at(message, "structure")


def test_yield_is_rejected():
    message = raises(pe.generator_function, X)
    assert "yield" in message
    assert_points_at(message, "yield")


def test_try_around_staged_control_flow():
    message = raises(pe.try_around_staged_if, X)
    assert "try" in message
    assert_points_at(message, "try")


def test_with_around_staged_loop():
    message = raises(pe.with_around_staged_loop, X, np.array(2))
    assert "with" in message
    assert_points_at(message, "with")


def test_del_of_carried_variable():
    message = raises(pe.del_carried_variable, X, np.array(2))
    assert "del" in message and "'t'" in message
    assert_points_at(message, "del")


def test_int_of_traced_value_in_unconverted_helper():
    message = raises(pe.int_of_traced_in_unconverted_helper, X)
    assert "int" in message
    assert_points_at(message, "int")


def test_bool_of_traced_value_in_unconverted_helper():
    message = raises(pe.bool_of_traced_in_unconverted_helper, X)
    assert_points_at(message, "bool")


def test_branch_dtype_mismatch_names_variable_and_dtypes():
    message = raises(pe.branch_dtype_mismatch, X)
    assert "'y'" in message and "float32" in message and "int32" in message
    assert_points_at(message, "branch-dtype")


def test_use_before_definition_in_else_branch():
    # Plain Python raises UnboundLocalError on this path; converted code must not silently
    # produce a value: it raises (an AutoConvError naming z, or the same UnboundLocalError).
    with pytest.raises((ac.AutoConvError, UnboundLocalError, NameError)) as info:
        ac.function(pe.used_in_else_before_assignment)(X)
    assert "z" in str(info.value)


def test_plain_semantics_of_error_programs():
    """The programs fail (or misbehave) plainly too, so rejecting them is right."""
    with pytest.raises(UnboundLocalError):
        pe.undefined_after_branch(-X * 10)
    with pytest.raises(UnboundLocalError):
        pe.defined_in_loop_used_after(X, 0)


def test_failing_assert_raises_assertion_error_at_run_time():
    f = ac.function(pe.assert_positive)
    np.testing.assert_array_equal(f(np.ones(2)), np.full(2, 2.0))
    with pytest.raises(AssertionError, match="total must be positive"):
        f(-np.ones(2))
    assert f.experimental_get_tracing_count() == 1
