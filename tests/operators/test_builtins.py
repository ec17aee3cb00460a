"""Builtins on traced values behave as they do on the NumPy values the graph computes."""

import numpy as np
import pytest

import autoconv as ac
from autoconv.errors import StagingError
from autoconv.testing import assert_converts

F32, I64 = np.float32, np.int64


def test_int_float_bool_give_python_scalars():
    def f(x):
        # Weak results: `int(x) * int32` stays int32, as it does on a Python int.
        return int(x) + 1, float(x) * 2, bool(x), int(x) * np.int32(2), float(x) * F32(1)

    assert_converts(f, (F32(2.5),), (F32(-0.0),), (I64(3),), (np.array(-1.5),))


def test_int_of_a_python_scalar_value():
    def f(n):
        total = 0
        for i in range(n):
            total = total + int(i * 1.5)
        return total

    assert_converts(f, (I64(4),), (I64(0),))


def test_abs():
    def f(x):
        return abs(x), abs(x - 10), abs(-x)

    assert_converts(f, (F32(-2.5),), (I64(3),), (np.array([-1.0, 2.0]),))


def test_min_max_return_one_operand():
    def f(x, y):
        return min(x, y), max(x, y), max(x, y, x * 2), min(y, x)

    assert_converts(f, (F32(2.5), F32(1)), (F32(1), F32(2.5)), (F32(np.nan), F32(1)), (F32(1), F32(np.nan)))
    assert_converts(f, (I64(3), I64(7)), (I64(9), I64(-1)), (I64(2), I64(2)))


def test_min_max_with_python_ints():
    def f(x, y):
        return min(x, 3), max(2, y, x)

    assert_converts(f, (I64(3), I64(7)), (I64(9), I64(-1)))


def test_min_of_different_dtypes_is_an_error():
    def f(x, y):
        return min(x, y)

    line = f.__code__.co_firstlineno + 1
    with pytest.raises(StagingError, match=rf"min\(\) at .*:{line} compares values of different dtypes \(int64 and float32\)"):
        ac.function(f)(F32(1), I64(2))


def test_min_max_of_one_array():
    def f(x):
        return min(x), max(x)

    assert_converts(f, (np.array([3.0, -1.0, 2.0]),), (np.array([4, 1, 9]),))


@pytest.mark.filterwarnings("ignore:overflow encountered:RuntimeWarning")  # uint8 wraps, in both
def test_sum_adds_left_to_right_from_zero():
    def f(x):
        return sum(x), sum(x, 1), sum(x, F32(0.5))

    rng = np.random.default_rng(0)
    assert_converts(
        f,
        (np.arange(5, dtype=np.float32) / 3,),
        (rng.random(300).astype(np.float32),),  # pairwise summation would round differently
        (rng.random(301).astype(np.float32),),
        (rng.random((7, 3)),),
    )
    assert_converts(f, (np.arange(4, dtype=np.int32),), (np.arange(5, dtype=np.int32),))
    assert_converts(f, (np.array([True, False, True]),), (np.array([False, False, True]),))
    assert_converts(f, (np.arange(6, dtype=np.uint8) * 60,), (np.arange(6, dtype=np.uint8),))


def test_isinstance_sees_arrays():
    def f(x):
        return isinstance(x, np.ndarray), isinstance(x, int), isinstance(int(x.sum()), int), isinstance(x, (list, np.ndarray))

    assert_converts(f, (np.arange(3.0),))


def test_len_range_enumerate_zip():
    def f(x):
        t = 0.0
        for i, (a, b) in enumerate(zip(x, x[::-1])):
            t += i * a - b
        for i in range(len(x)):
            t += i
        for i in range(1, len(x), 2):
            t -= i
        return t, len(x)

    assert_converts(f, (np.arange(4.0),), (np.arange(7.0),))


def test_abs_and_len_of_python_int_values_stay_python_ints():
    def f(x, n):
        y = x
        for i in range(n):
            y = y + abs(i - 2) + len(range(i))
        return y

    assert_converts(f, (np.float32(1), I64(4)), (np.float32(0.5), I64(0)))


def test_min_max_any_all_over_lists_and_generators_of_traced_values():
    def extremes(x):
        return (max([x[0], x[1], x[2]]), min(v * 2 for v in x), max(x[0], x[1], x[2]),
                max(range(3), key=lambda i: x[i]), min([x[2], x[0]], key=lambda v: -v))

    def truths(x):
        return any([x[0] > 2, x[1] > 2]), all(v > 0 for v in x), any(v > 9 for v in x)

    for x in (np.array([1, 5, 3]), np.array([4, 4, -2]), np.array([7, 1, 7])):
        assert [int(v) for v in ac.function(extremes)(x)] == [int(v) for v in extremes(x)]
        assert [bool(v) for v in ac.function(truths)(x)] == list(truths(x))


def test_zip_enumerate_reversed_of_traced_arrays_in_comprehensions():
    def f(a, b):
        return ([p * q for p, q in zip(a, b)], [i * v for i, v in enumerate(a)], list(reversed(b)))

    a, b = np.array([1.0, 2.0]), np.array([3.0, 4.0])
    got, want = ac.function(f)(a, b), f(a, b)
    assert [[float(v) for v in part] for part in got] == [[float(v) for v in part] for part in want]


TABLE = np.array([10, 20, 30])


def test_take_from_an_array_that_is_not_traced():
    def f(k):
        return np.take(TABLE, k) + np.take(TABLE, [k, 0]).sum()

    assert_converts(f, (np.array(1),), (np.array(2),))


def test_max_of_enumerate_with_a_key():
    def f(x):
        return max(enumerate(x), key=lambda p: p[1])[0]

    for x in (np.array([1.0, 3.0, 2.0]), np.array([5.0, 3.0, 5.0])):
        assert ac.function(f)(x) == f(x)


MASK = np.array([True, False, True])


def test_numpy_calls_with_traced_parameters_that_numpy_does_not_dispatch_on():
    def f(x, k):
        return (np.full(3, x[0]), np.full((2,), x[1], dtype=np.float32), np.full(k, 2.5),
                np.sum(x, where=MASK), np.max(x, where=MASK, initial=-1.0), x[:k].size)

    assert_converts(f, (np.array([1.0, 2.0, 3.0]), np.array(2)), (np.array([4.0, -2.0, 0.5]), np.array(2)))


def test_random_draws_with_constrained_traced_parameters():
    def choice(p):
        return np.random.default_rng(0).choice(3, p=p)

    def integers(lo, hi):
        return np.random.default_rng(0).integers(lo, hi)

    assert ac.function(choice)(np.array([0.2, 0.3, 0.5])) == choice(np.array([0.2, 0.3, 0.5]))
    assert ac.function(integers)(np.array(2), np.array(5)) == integers(np.array(2), np.array(5))


def test_in_place_forms_are_errors_or_new_values_not_ignored():
    def clip_out(x):
        y = x * 2.0
        np.clip(y, -1.0, 1.0, out=y)
        return y

    def cumsum_out(x):
        y = np.zeros(3)
        np.cumsum(x, 0, None, y)
        return y

    def nan_to_num_in_place(x):
        y = x * 1.0
        np.nan_to_num(y, copy=False)
        return y

    def set_shape(x):
        y = x * 1.0
        y.shape = (3, 1)
        return y

    for fn in (clip_out, cumsum_out, nan_to_num_in_place):
        with pytest.raises(ac.AutoConvError, match="not supported"):
            ac.function(fn)(np.array([1.0, 2.0, 3.0]))
    assert ac.function(set_shape)(np.array([1.0, 2.0, 3.0])).shape == (3, 1)


def test_a_traced_range_step_of_zero_is_a_value_error_when_the_graph_runs():
    def f(n):
        s = 0
        for i in range(0, 10, n):
            s += i
        return s

    g = ac.function(f)
    assert g(np.array(3)) == 18
    with pytest.raises(ValueError, match="range\\(\\) arg 3 must not be zero"):
        g(np.array(0))
