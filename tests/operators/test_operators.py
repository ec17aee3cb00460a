"""Operators: plain Python semantics on Python values, staging on traced ones."""

import warnings

import numpy as np
import pytest

import autoconv as ac
from autoconv import operators as ag__
from autoconv.autograph import convert, do_not_convert, is_converted
from autoconv.errors import StagingError


def test_and_or_not_python_semantics():
    assert ag__.and_(lambda: 0, lambda: 1 / 0) == 0
    assert ag__.or_(lambda: "a", lambda: 1 / 0) == "a"
    assert ag__.and_(lambda: 2, lambda: [3]) == [3]
    assert ag__.not_([]) is True


def test_if_exp_and_assert():
    assert ag__.if_exp(0, lambda: 1 / 0, lambda: 5, "") == 5
    with pytest.raises(AssertionError, match="boom"):
        ag__.assert_stmt(False, lambda: "boom")
    ag__.assert_stmt(True, lambda: 1 / 0)


def test_list_append_and_set_item_keep_identity():
    lst = []
    assert ag__.list_append(lst, 1) is lst and lst == [1]
    a = np.zeros(2)
    assert ag__.set_item(a, 0, 3) is a and a[0] == 3


def test_builtins_on_python_values():
    assert ag__.converted_call(range, (3,), None) == range(3)
    assert ag__.converted_call(len, ([1, 2],), None) == 2
    assert list(ag__.converted_call(zip, ([1], [2]), None)) == [(1, 2)]
    assert ag__.converted_call(max, (1, 5, 2), None) == 5


def test_undefined_raises_on_use():
    u = ag__.Undefined("y")
    for use in (lambda: u + 1, lambda: bool(u), lambda: u.attr, lambda: np.add(u, 1), lambda: list(u)):
        with pytest.raises(StagingError, match="variable 'y'"):
            use()


def test_converted_call_runs_do_not_convert_as_is():
    @do_not_convert
    def plain(x):
        return x if x else 0

    def f(x):
        return plain(x)

    assert convert(f)(3) == 3
    assert not is_converted(plain)


def test_for_extra_test_does_not_consume_an_extra_item():
    def f(it):
        for x in it:
            if x == 1:
                break
        return next(it)

    assert convert(f)(iter([0, 1, 2, 3])) == 2


def test_staged_if_while_for():
    def f(x, n):
        s = np.zeros_like(x)
        i = 0
        while i < n:
            if x.sum() > 0:
                s = s + x
            else:
                s = s - x
            i += 1
        for v in x:
            s = s + v
        return s

    x = np.array([1.0, 2.0])
    np.testing.assert_allclose(ac.function(f)(x, np.int64(3)), f(x, 3))


def test_staged_range_with_traced_bound():
    def f(n):
        s = 0
        for i in range(n):
            s += i
        return s

    assert ac.function(f)(np.int64(5)) == 10


def test_unroll_warning_names_the_line():
    def f(x):
        for _ in range(1200):
            x = x + 1
        return x

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        ac.function(f)(np.zeros(()))
    messages = [str(w.message) for w in caught if "more than 1000 iterations" in str(w.message)]
    assert len(messages) == 1 and __file__ in messages[0]


def test_range_bounds_of_small_integer_dtypes_do_not_overflow():
    from autoconv.testing import assert_converts

    def count(a, b, step):
        c = 0
        total = np.zeros((), np.int64)
        for i in range(a, b, step):
            c += 1
            total = total + i
        return c, total

    i8, u8 = np.int8, np.uint8
    assert_converts(count, (np.array(-100, i8), np.array(100, i8), np.array(1, i8)),
                    (np.array(0, i8), np.array(127, i8), np.array(2, i8)),
                    (np.array(100, i8), np.array(-100, i8), np.array(-3, i8)))
    assert_converts(count, (np.array(0, u8), np.array(250, u8), np.array(7, u8)))


def test_in_place_updates_of_an_array_inside_staged_branches():
    from autoconv.testing import assert_converts

    def count(x):
        k = np.zeros((), np.int64)
        total = np.zeros(2)
        if x.sum() > 0:
            k += 1
            total += x[:2]
        else:
            total -= 1.0
        if x[0] > x[1]:
            k *= 10
        return k, total

    assert_converts(count, (np.arange(3.0),), (-np.arange(3.0),), (np.array([5.0, 1.0, 0.0]),))


def test_in_place_update_of_an_array_by_a_traced_value_is_a_new_value():
    from autoconv.errors import AutoConvError
    from autoconv.testing import assert_converts

    def grow(x, n):
        acc = np.zeros(3)
        acc += x  # an array updated by a traced value
        acc *= 2
        steps = np.zeros((), np.int64)
        steps += n
        return acc, steps

    assert_converts(grow, (np.arange(3.0), np.array(4)), (np.ones(3), np.array(-1)))

    def narrowing(x):
        a = np.zeros(3, np.int64)
        a += x  # float into int64: NumPy refuses the cast
        return a

    with pytest.raises(TypeError, match="same_kind"):
        ac.function(narrowing)(np.ones(3))

    def explicit_out(x):
        a = np.zeros(3)
        np.add(a, x, out=a)
        return a

    with pytest.raises(AutoConvError, match="out="):
        ac.function(explicit_out)(np.ones(3))


def test_in_place_operators_on_traced_arrays_keep_the_dtype_and_refuse_views():
    from autoconv.testing import assert_converts

    def accumulate(x, scale):
        h = np.zeros(3, np.float32)
        for t in range(x.shape[0]):
            h += x[t]  # float64 into a float32 array: stays float32
            h *= scale
        total = x.sum()
        total -= 1  # a 0-d float64
        return h, total

    assert_converts(accumulate, (np.ones((4, 3)), np.array(0.5)), (np.ones((0, 3)), np.array(2.0)))

    def doubles_rows(m):
        for row in m:
            row *= 2  # NumPy changes m through the view
        return m

    with pytest.raises(StagingError, match="view of another"):
        ac.function(doubles_rows)(np.ones((2, 2)))


def test_reversed_traced_range_and_array():
    from autoconv.testing import assert_converts

    def f(x, n):
        out = np.zeros(())
        for i in reversed(range(n)):
            out = out * 10 + i
        for i in reversed(range(1, n, 2)):
            out = out * 10 + i
        for row in reversed(x):
            out = out + row[0]
        for i, v in enumerate(reversed(x[:, 1])):
            out = out - i * v
        return out

    assert_converts(f, (np.arange(6.0).reshape(3, 2), np.array(5)), (np.zeros((0, 2)), np.array(0)))


def test_an_endless_python_loop_with_a_staged_break_is_an_error(monkeypatch):
    import itertools

    from autoconv.operators import for_loops

    monkeypatch.setattr(for_loops, "GUARDED_ITERATIONS_LIMIT", 50)

    def first_above(x):
        for k in itertools.count():
            if x < k:
                break
        return k

    with pytest.raises(StagingError, match="endless iterator"), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ac.function(first_above)(np.array(3.5))


def test_round_of_traced_scalars_and_list_methods_on_grown_lists():
    from autoconv.testing import assert_converts

    def rounded(x):
        s = 0
        for v in x:
            s += round(v)  # a Python int per item, rounding half to even
        return s, round(x[0] * 3.14159, 2)

    assert_converts(rounded, (np.array([1.5, 2.5, -0.5]),), (np.array([0.2]),))

    def pops(x):
        stack = []
        for v in x:
            stack.append(v)
        return stack.pop()

    with pytest.raises(AttributeError, match="only `append` is staged"):
        ac.function(pops)(np.ones(3))


def test_scalar_types_item_copy_any_all_on_traced_values():
    from autoconv.testing import assert_converts

    def f(x, n):
        s = np.float32(0)
        c = 0
        for i in range(n):
            s = s + np.float32(x[i])
            c += x[i].item() > 1
        big = any(x > 3)
        every = all(x >= 0)
        z = (x[0] + 1j).item()
        v = x[1:].copy()
        v += 1  # a copy, not a view of x
        return s, c, big, every, z, v, x

    assert_converts(f, (np.arange(5.0), np.array(3)), (np.arange(5.0) - 2, np.array(0)))
    with pytest.raises(StagingError, match="np.any/np.all"):
        ac.function(lambda m: any(m > 0))(np.ones((2, 2)))


def test_where_with_one_argument_is_nonzero():
    from autoconv.testing import assert_converts

    def f(x, m):
        i, = np.where(x > 1)
        r, c = np.nonzero(m)
        return i, r, c, np.where(x > 1, x, 0.0), x[np.nonzero(x > 0)]

    assert_converts(f, (np.arange(4.0), np.eye(3)), (np.zeros(2), np.ones((2, 2))))


def test_flatten_order_astype_casting_and_0d_iteration_as_numpy():
    from autoconv.testing import assert_converts

    def f(x):
        return x.flatten("F"), x.flatten(), x.astype(np.int8, casting="unsafe")

    assert_converts(f, (np.arange(6.0).reshape(2, 3),))
    with pytest.raises(TypeError, match="same_kind"):
        ac.function(lambda x: x.astype(np.int8, casting="same_kind"))(np.ones(2))

    def total(x):
        s = 0
        for v in x:
            s += v
        return s

    with pytest.raises(TypeError, match="iteration over a 0-d array"):
        ac.function(total)(np.array(3))
    with pytest.raises(TypeError, match="len"):
        ac.function(lambda x: len(x))(np.array(3))


def test_in_and_not_in_with_traced_values():
    from autoconv.testing import assert_converts

    def days(m, x):
        if m in (4, 6, 9, 11):
            d = 30
        elif m not in [1, 3, 5, 7, 8, 10, 12]:
            d = 28
        else:
            d = 31
        return d, 2.0 in x, m in range(3), "a" in "abc"

    for m in (2, 4, 5):
        assert_converts(days, (np.array(m), np.array([1.0, 2.0])))
    with pytest.raises(StagingError, match="`in` of a traced value in a dict"):
        ac.function(lambda m: m in {1: 2})(np.array(1))


def test_augmented_assignment_on_numpy_scalars_promotes():
    from autoconv.testing import assert_converts

    def scalars(a, b):
        q = np.float32(b)  # a NumPy scalar: += rebinds, with NumPy's promotion
        q += a
        r = a * 1  # arithmetic on 0-d values gives a scalar too
        r += 1.5
        return q, r

    assert_converts(scalars, (np.array(2, np.int32), np.array(1.5)))


def test_in_place_updates_of_copies_and_temporaries_and_in_of_traced_items():
    from autoconv.testing import assert_converts

    def f(x, n, a, b):
        y = x.flatten()
        y += n  # flatten copies
        z = (x * 2).reshape(-1)
        z += n  # a view of a temporary nothing else reads
        d = np.diff(x, axis=1)
        d = d[:, 1:]
        d *= n
        hit = 0 in (a, b)
        return y, z, d, hit, np.nan in (np.nan,)

    assert_converts(f, (np.arange(6.0).reshape(2, 3), np.array(2.0), np.array(0), np.array(3)),
                    (np.ones((2, 3)), np.array(-1.0), np.array(1), np.array(2)))
    with pytest.raises(AssertionError, match=r"bad x=array\(-1.5\)"):
        ac.function(_checked_repr)(np.array(-1.5))


def _checked_repr(x):
    assert x > 0, f"bad x={x!r}"
    return x


def test_converted_call_sees_changed_defaults():
    def helper(x, k=1.0, *, m=1.0):
        return x * k * m

    def f(x):
        return helper(x)

    assert ac.function(f)(np.array(1.0)) == 1.0
    helper.__defaults__ = (7.0,)
    assert ac.function(f)(np.array(1.0)) == 7.0
    helper.__kwdefaults__ = {"m": 3.0}
    assert ac.function(f)(np.array(1.0)) == 21.0
