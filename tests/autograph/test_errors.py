"""Error messages name the construct or variable and the user's file:line."""

import numpy as np
import pytest

import autoconv as ac
from autoconv.autograph import convert
from autoconv.errors import ConversionError, StagingError

HERE = __file__


def test_yield_is_rejected_with_location():
    def gen(x):
        yield x

    line = gen.__code__.co_firstlineno + 1
    with pytest.raises(ConversionError, match=rf"yield is not supported .*{HERE}:{line}"):
        convert(gen)


def test_global_written_under_control_flow():
    def f(x):
        global COUNTER
        if x:
            COUNTER = 1

    with pytest.raises(ConversionError, match="global variable 'COUNTER'"):
        convert(f)


def test_del_of_carried_variable():
    def f(x):
        y = 1
        if x:
            y = 2
        z = y
        del y
        return z

    with pytest.raises(ConversionError, match="del of variable 'y'"):
        convert(f)


def test_no_source():
    with pytest.raises(ConversionError, match="no source"):
        convert(eval("lambda: 1"))


def test_undefined_in_one_staged_branch():
    def f(x):
        if x.sum() > 0:
            y = x
        return y + 1

    line = f.__code__.co_firstlineno
    with pytest.raises(StagingError, match=rf"variable 'y' is defined in only one branch of a staged if \({HERE}:{line + 1}\) and used at {HERE}:{line + 3}"):
        ac.function(f)(np.ones(3))


def test_first_defined_inside_staged_loop():
    def f(x):
        for v in x:
            last = v
        return last * 2

    line = f.__code__.co_firstlineno
    with pytest.raises(StagingError, match=rf"variable 'last' is first defined inside a staged for loop \({HERE}:{line + 1}\)"):
        ac.function(f)(np.ones(3))


def test_try_around_staged_if():
    def f(x):
        try:
            if x.sum() > 0:
                x = x + 1
        finally:
            pass
        return x

    with pytest.raises(StagingError, match="try/with around staged control flow is not supported"):
        ac.function(f)(np.ones(3))


def test_python_if_inside_with_still_works():
    import contextlib

    def f(x, flag):
        with contextlib.nullcontext():
            if flag:
                x = x + 1
        return x

    assert convert(f)(1, True) == 2


def test_a_loop_variable_that_changes_structure_is_named():
    def pairs(n):
        v = 0.0
        for _ in range(n):
            v = (v, v)
        return v

    with pytest.raises(StagingError, match=r"variable 'v' changes in the staged for loop at .*:\d+"):
        ac.function(pairs)(np.array(2))


def test_reading_a_variable_before_the_loop_gives_it_a_value_names_that_variable():
    def read_before_write(x, n):
        for i in range(n):
            if i > 0:
                x = y  # noqa: F821 (y has a value from the second iteration on)
            y = x * 2  # noqa: F841 (the next iteration reads it)
        return x

    with pytest.raises(StagingError, match=r"the value of 'y', which is first defined inside a staged for loop"):
        ac.function(read_before_write)(np.array(1.0), np.array(3))


def test_a_python_int_that_does_not_fit_the_dtype_it_joins_is_an_error():
    def sentinel_return(x):
        if x > 0:
            return x
        return -1

    def sentinel_loop(x):
        best = -1
        for v in x:
            if v > 5:
                best = v
        return best

    with pytest.raises(StagingError, match="does not fit uint8"):
        ac.function(sentinel_return)(np.array(0, np.uint8))
    with pytest.raises(StagingError, match=r"variable 'best'.*does not fit the uint8"):
        ac.function(sentinel_loop)(np.array([1, 2], np.uint8))


def test_errors_of_cond_while_loop_and_ternaries_name_the_user_line():
    def ternary(x):
        return x.astype(np.int32) if x > 0 else x

    with pytest.raises(StagingError, match=r"`x.astype\(np.int32\) if x > 0 else x` at .*test_errors.py:\d+"):
        ac.function(ternary)(np.array(1.0))
    with pytest.raises(StagingError, match=r"different dtypes.*\(at .*test_errors.py:\d+\)"):
        ac.function(lambda x: ac.cond(x > 0, lambda: x, lambda: x > 1))(np.array(1.0))
    with pytest.raises(StagingError, match=r"changes dtype.*\(at .*test_errors.py:\d+\)"):
        ac.function(lambda n: ac.while_loop(lambda i: i < n, lambda i: i + 0.5, [np.int64(0)]))(np.array(3))


def test_recursion_under_a_staged_condition_is_named():
    def gcd(a, b):
        if b == 0:
            return a
        return gcd(b, a % b)

    def f(a, b):
        return gcd(a, b)

    with pytest.raises(StagingError, match="gcd calls itself without end while tracing"):
        ac.function(f)(np.array(12), np.array(18))


def test_a_loop_variable_taking_an_undefined_value_names_the_source():
    def f(x, n):
        s = x[0]
        for i in range(n):
            if x[i] > 0:
                q = x[i]
            s = q
        return s

    with pytest.raises(StagingError, match="variable 's' has no value after an iteration.*the value of 'q'"):
        ac.function(f)(np.array([1.0, 2.0]), np.array(2))
