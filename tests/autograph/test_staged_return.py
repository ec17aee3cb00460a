"""`return` inside staged loops: the loop carries the return flag and value."""

import numpy as np
import pytest

import autoconv as ac
from autoconv.errors import StagingError
from autoconv.testing import assert_converts

I64 = np.int64


def test_return_inside_staged_for():
    def f(xs):
        for x in xs:
            if x > 2:
                return x
        return xs[0]

    assert_converts(f, (np.arange(5.0),), (np.arange(2.0),), (np.zeros(3),))


def test_return_inside_nested_staged_if():
    def f(xs):
        for x in xs:
            if x > 0:
                if x > 2:
                    return x * 2
        return xs[0]

    assert_converts(f, (np.arange(5.0),), (np.arange(2.0),))


def test_return_inside_staged_while():
    def f(n):
        i = 0
        while i < n:
            if i * i > 10:
                return i
            i += 1
        return -1

    assert_converts(f, (I64(3),), (I64(5),), (I64(0),))


def test_return_of_a_tuple_and_code_after_it():
    def f(xs, limit):
        total = 0.0
        for i in range(len(xs)):
            total = total + xs[i]
            if total > limit:
                return total, i
            total = total * 2
        return total, -1

    assert_converts(f, (np.arange(5.0), np.float64(7.0)), (np.arange(5.0), np.float64(1e9)))


def test_return_inside_nested_staged_loops():
    def f(m):
        for i in range(m.shape[0]):
            for j in range(m.shape[1]):
                if m[i, j] < 0:
                    return i * 100 + j
        return -1

    a = np.ones((3, 4))
    b = a.copy()
    b[1, 2] = -1
    assert_converts(f, (a,), (b,))


def test_return_with_break_and_continue():
    def f(xs):
        acc = 0
        for x in xs:
            if x == 1:
                continue
            if x > 6:
                break
            if acc > 8:
                return acc
            acc = acc + x
        return acc * 10

    assert_converts(f, (np.arange(10),), (np.arange(4),), (np.array([7, 1, 1]),))


def test_loop_may_end_without_returning_a_value():
    def f(xs):
        for x in xs:
            if x > 2:
                return x

    line = f.__code__.co_firstlineno + 3
    with pytest.raises(StagingError, match=r"the return value .*float64\[\].*NoneType.*None where the function ends without a return"):
        ac.function(f)(np.arange(5.0))
    assert str(line)


def test_return_of_another_dtype_after_the_loop():
    def f(xs):
        for x in xs:
            if x > 2:
                return x
        return np.int32(0)

    with pytest.raises(StagingError, match=r"give the return value .*dtypes differ"):
        ac.function(f)(np.arange(5.0))


def test_while_true_that_ends_only_by_return():
    def isqrt(n):
        i = 0
        while True:
            if i * i > n:
                return i - 1
            i += 1

    def first_above(x, t):
        k = np.zeros((), np.int64)
        while True:
            if x[k] > t:
                return k, x[k]
            k += 1

    assert_converts(isqrt, (np.array(8),), (np.array(0),), (np.array(99),))
    assert_converts(first_above, (np.arange(5.0), np.array(2.5)), (np.arange(5.0), np.array(-1.0)))


def test_return_inside_try_with_finally_or_else():
    def f(x):
        try:
            return x + 1
        finally:
            pass

    def g(x):
        try:
            y = x * 2
        except ValueError:
            return x
        else:
            return y

    assert_converts(f, (np.array(1.0),))
    assert_converts(g, (np.array(2.0),))


def test_returning_a_variable_a_staged_loop_defines_first_is_an_error_not_zero():
    def search(v):
        for e in v:
            if e > 2:
                break
        else:
            return -1.0
        return e

    def counted(n):
        i = 0
        while i < n:
            y = i * 2
            i += 1
            if y > 2:
                break
        else:
            return -1
        return y

    for fn, arg in ((search, np.array([1.0, 3.0, 5.0])), (counted, np.array(3))):
        with pytest.raises(StagingError, match="first defined inside a staged (for|while) loop"):
            ac.function(fn)(arg)


def test_a_nested_function_keeps_its_own_return_flag():
    def f(x):
        def h(a):
            for _ in range(2):
                pass
            else:
                return a * 2
            return a

        if x[0] > 0:
            return h(x[0])
        return x[1]

    assert_converts(f, (np.array([2.0, 1.0]),), (np.array([-2.0, 1.0]),))


def test_returning_a_variable_defined_on_some_paths_is_an_error_not_zeros():
    def g(x):
        if x[0] > 0:
            q = x[1]
        elif x[1] > 5:
            return q
        if x[2] > 0:
            return q
        return x[0]

    def f(x):
        for _ in range(2):
            if x[1] > 0:
                q = x[1]
            if x[0] <= 1:
                return q
        return x[1]

    for fn in (g, f):
        with pytest.raises(StagingError, match="returns 'q'"):
            ac.function(fn)(np.array([1.0, 2.0, 3.0]))
