"""`raise` inside a staged `if`: the branch raises when the graph takes it, as Python would."""

import numpy as np
import pytest

import autoconv as ac
from autoconv.errors import StagingError


def _check(v):
    if v > 10:
        raise ValueError("value too large")
    return v


def validated(x):
    if x < 0:
        raise ValueError("negative")
    elif x > 100:
        raise KeyError("huge")
    return _check(x) * 2


def test_a_raising_branch_raises_only_when_taken():
    f = ac.function(validated)
    assert f(np.array(5.0)) == 10.0
    with pytest.raises(ValueError, match="negative"):
        f(np.array(-1.0))
    with pytest.raises(KeyError, match="huge"):
        f(np.array(500.0))
    with pytest.raises(ValueError, match="too large"):  # raised in a called function
        f(np.array(50.0))
    assert f(np.array(7.0)) == 14.0  # the graph still runs after a failed call
    assert f.experimental_get_tracing_count() == 1


def test_variables_of_the_other_branch_and_dtypes_follow_it():
    def f(x):
        if x < 0:
            raise ValueError("negative")
        else:
            y = x * 1.5  # int -> float, defined only here
        return y

    def g(xs):
        total = xs[0] * 0
        for v in xs:
            if v > 5:
                raise OverflowError("too big")
            total = total + v
        return total

    cf = ac.function(f)
    assert cf(np.array(2)) == 3.0 and cf(np.array(2)).dtype == np.float64
    with pytest.raises(ValueError):
        cf(np.array(-2))
    cg = ac.function(g)
    assert cg(np.array([1, 2])) == 3
    with pytest.raises(OverflowError):
        cg(np.array([1, 9]))


def test_both_branches_raising_raise_while_tracing():
    def f(x):
        if x < 0:
            raise ValueError("a")
        else:
            raise ValueError("b")

    with pytest.raises(ValueError):
        ac.function(f)(np.array(1.0))


def test_errors_of_autoconv_are_not_deferred():
    def f(x):
        if x > 0:
            y = x
        return y

    with pytest.raises(StagingError):
        ac.function(f)(np.array(1.0))


def test_raise_op_points_at_the_raise_line():
    cf = ac.function(validated).get_concrete_function(np.array(1.0))
    raises = [op for op in cf.graph.walk() if op.type == "raise"]
    lines = {int(op.location.rsplit(":", 1)[1]) for op in raises}
    import inspect

    first = inspect.getsourcelines(validated)[1]
    assert first + 2 in lines and first + 4 in lines


class CountedError(Exception):
    made = 0

    def __init__(self, n):
        super().__init__(f"n={n}")
        self.n = n
        CountedError.made += 1


def test_the_raised_copy_keeps_the_exception_as_made():
    def f(x):
        if x > 0:
            raise CountedError(5)
        return x

    cf = ac.function(f)
    cf(np.array(-1))
    made = CountedError.made
    for _ in range(2):
        with pytest.raises(CountedError) as info:
            cf(np.array(1))
        assert str(info.value) == "n=5" and info.value.n == 5
    assert CountedError.made == made  # __init__ does not run again


def test_what_numpy_would_complain_about_in_a_branch_raises_when_the_branch_runs():
    def shifted(x):
        if x[0] > 10:
            x = x - 1000  # a Python int out of bounds for uint8: NumPy raises OverflowError
        return x

    f = ac.function(shifted)
    assert f(np.array([1, 2], np.uint8)).tolist() == [1, 2]
    with pytest.raises(OverflowError, match="out of bounds for uint8"):
        f(np.array([11, 2], np.uint8))

    def early(y, k):
        s = y[0]
        for i in range(k):  # unrolled: y[3] is out of range, but the return comes first
            if np.count_nonzero(y > s) >= 3:
                return s
            s += y[i]
        return s

    got = ac.function(early)(np.array([-2, -3, 3]), 4)
    assert got == early(np.array([-2, -3, 3]), 4)


def test_operands_python_would_not_evaluate_raise_only_when_they_run():
    def both(x):
        if x[0] > 5 and x[7] > 0:
            return x[1]
        return x[0]

    def ternary(x):
        return x[7] if x[0] > 5 else x[0]

    def either(x):
        return x[0] if x[0] < 5 else x[9]

    for fn in (both, ternary, either):
        g = ac.function(fn)
        assert g(np.array([1.0, 2.0])) == fn(np.array([1.0, 2.0]))
        with pytest.raises(IndexError):
            g(np.array([9.0, 2.0]))
