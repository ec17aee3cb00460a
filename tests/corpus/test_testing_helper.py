"""What autoconv.testing.assert_converts itself promises."""

import numpy as np

import autoconv as ac
from autoconv.testing import _same, assert_converts


def countdown(n):
    total = 0
    while n > 0:
        total += n
        n -= 1  # in place on a 0-d array argument
    return total


def test_plain_run_does_not_change_converted_inputs():
    assert_converts(countdown, (np.array(3),))


def test_converted_function_does_not_mutate_caller_arrays():
    # Known difference from plain NumPy: in-place operators and item assignment are
    # functional on traced values, so the caller's array keeps its value.
    n = np.array(3)
    assert ac.function(countdown)(n) == 6
    assert n == 3


def test_comparison_is_by_value_dtype_and_shape():
    assert _same(3, np.array(3))            # Python int result vs 0-d int64 array
    assert _same(True, np.array(True))
    assert _same(1.5, np.float64(1.5))
    assert not _same(1.5, np.float32(1.5))  # a dtype difference is a difference
    assert not _same(np.ones(1), np.ones(()))
    assert _same(np.array(np.nan), np.array(np.nan))
