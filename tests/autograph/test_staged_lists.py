"""Lists grown inside staged loops and staged `if` branches become tensor lists."""

import numpy as np
import pytest

import autoconv as ac
from autoconv.errors import StagingError
from autoconv.testing import assert_converts

I64 = np.int64


def test_append_in_staged_for_then_stack():
    def f(xs):
        out = []
        for x in xs:
            out.append(x * 2)
        return np.stack(out), np.array(out), np.asarray(out), len(out), out[-1], out[0]

    assert_converts(f, (np.arange(4.0),), (np.arange(1.0),), (np.arange(6.0),))


def test_list_that_a_nested_function_declares_nonlocal_still_grows():
    # `nonlocal xs` belongs to g's scope: xs is still a local variable of f.
    def f(n):
        xs = []

        def g():
            nonlocal xs
            return len(xs)

        i = np.zeros((), I64)
        while i < n:
            xs.append(i * 2)
            i += 1
        g()
        return np.stack(xs)

    assert_converts(f, (np.array(4),), (np.array(1),))


def test_append_rows_and_stack_on_another_axis():
    def f(m):
        rows = []
        for r in m:
            rows.append(r + 1)
        return np.stack(rows, axis=1), np.array(rows, dtype=np.float32)

    assert_converts(f, (np.arange(6.0).reshape(3, 2),), (np.ones((5, 2)),))


def test_append_under_staged_if_in_loop():
    def f(xs):
        pos = []
        for x in xs:
            if x > 1:
                pos.append(x)
        return np.array(pos).sum(), len(pos)

    assert_converts(f, (np.arange(4.0),), (np.arange(7.0) - 3,))


def test_append_python_scalars_in_staged_while():
    def f(n):
        out = []
        i = 0
        while i < n:
            out.append(i * 3)
            i += 1
        return np.array(out), sum(out)

    assert_converts(f, (I64(3),), (I64(5),))


def test_non_empty_list_grows():
    def f(n):
        out = [np.float32(0)]
        for i in range(n):
            out.append(i * np.float32(2))
        return np.array(out), len(out), out[-1]

    assert_converts(f, (I64(3),), (I64(0),))


def test_nested_loops_append_to_one_list():
    def f(n):
        out = []
        for i in range(n):
            for j in range(i):
                out.append(i * 10 + j)
        return np.array(out), len(out)

    assert_converts(f, (I64(4),), (I64(2),))


def test_both_branches_of_a_staged_if_append():
    def f(x):
        out = [x]
        if x > 1:
            out.append(x * 2)
        else:
            out.append(x + 1)
            out.append(x + 2)
        return np.array(out), len(out)

    assert_converts(f, (np.float32(0),), (np.float32(3),))


def test_one_branch_of_a_staged_if_appends_to_an_empty_list():
    def f(x):
        out = []
        if x > 1:
            out.append(x)
        return np.array(out), len(out)

    assert_converts(f, (np.array([2.0]).reshape(()),), (np.array(0.0),))


def test_returned_list_is_an_array():
    def f(xs):
        out = []
        for x in xs:
            out.append(x)
        return out

    result = ac.function(f)(np.arange(3.0))
    assert isinstance(result, np.ndarray) and result.tolist() == [0.0, 1.0, 2.0]


def test_items_of_another_dtype_name_the_list():
    def f(xs, n):
        out = []
        for x in xs:
            out.append(x)
            out.append(n)
        return np.stack(out)

    with pytest.raises(StagingError, match=r"list 'out' gets items of different types \(float64\[\], int64\[\]\)"):
        ac.function(f)(np.arange(3.0), I64(2))


def test_python_list_in_python_loop_unchanged():
    def f(x):
        out = []
        for i in range(3):
            out.append(x * i)
        return out

    assert_converts(f, (np.arange(2.0),))


def test_list_grown_by_a_loop_in_one_branch_of_a_staged_if():
    def f(a, xs):
        out = [a]
        if a > 1:
            for x in xs:
                out.append(x)
        return np.array(out).sum(), len(out)

    assert_converts(f, (np.float64(0), np.arange(3.0)), (np.float64(3), np.arange(3.0)))


def test_return_inside_a_loop_of_a_list_that_starts_empty():
    def until_zero(x):
        acc = []
        for v in x:
            if v == 0:
                return np.array(acc)
            acc.append(v * 2)
        return np.array(acc)

    assert_converts(until_zero, (np.array([2.0, 0.0, 1.0]),), (np.array([1.0, 2.0, 3.0]),), (np.array([0.0, 5.0]),))


def test_concatenating_a_list_grown_in_a_staged_loop_is_an_error_and_its_array_is_an_array():
    def concat(x, n):
        t = [x, x * 2]
        for _ in range(n):
            t = t + [x]
        return np.stack(t)

    with pytest.raises(StagingError, match="`\\+` on a list that a staged loop grows"):
        ac.function(concat)(np.array(1.0), np.array(2))

    def grown(x, n):
        t = []
        for i in range(n):
            t.append(x * i)
        return np.stack(t) + 1, np.asarray(t) * 2, np.array(t) - 1

    assert_converts(grown, (np.array(1.5), np.array(3)))


def test_lists_of_arrays_built_by_nested_staged_loops():
    def rows_of(m):
        out = []
        for row in m:
            inner = []
            for v in row:
                if v > 1:
                    inner.append(v * 2)
                else:
                    inner.append(v)
            out.append(np.array(inner))
        return np.array(out)

    def ragged_lengths(n):
        out = []
        for i in range(n):
            inner = []
            for j in range(n):
                inner.append(i + j)
            out.append(np.stack(inner))
        return np.stack(out)

    assert_converts(rows_of, (np.array([[1.0, 2.0], [3.0, 4.0]]),), (np.ones((3, 1)),))
    assert_converts(ragged_lengths, (np.array(3),), (np.array(1),))


def test_len_and_truth_of_a_list_a_staged_loop_grows():
    def capped(c):
        lst = []
        for x in c:
            if len(lst) < 2:
                lst.append(x * 2)
        return np.array(lst, dtype=c.dtype), len(lst)

    def rows_or_nothing(n):
        rows = []
        for i in range(n):
            rows.append(np.float64(i))
        total = np.zeros(())
        while rows and total < 3:
            total = total + 1
        return (np.stack(rows) if rows else np.zeros(0)), (1 if not rows else 2), total

    assert_converts(capped, (np.array([1.0, 2.0, 3.0]),), (np.array([5.0]),))
    assert_converts(rows_or_nothing, (np.array(3),), (np.array(0),))


def test_tuples_and_lists_appended_become_rows():
    def points(x):
        pts = []
        for v in x:
            pts.append((v, v * v))
        return np.array(pts)

    def rows(n):
        out = [(0, 0)]
        for i in range(n):
            out.append([i, 2 * i])
        s = 0
        for a, b in out:
            s = s + a * b
        return np.array(out), s

    assert_converts(points, (np.array([1.0, 2.0]),), (np.array([3.0, -1.0]),))
    assert_converts(rows, (np.array(3),), (np.array(0),))


def test_a_list_the_loop_replaces_keeps_its_length_and_items():
    def fib(n):
        st = [0, 1]
        for _ in range(n):
            st = [st[1], st[0] + st[1]]
        return st[0]

    def sums(x):
        acc = [x[0] * 0, x[0] * 0]
        for v in x:
            acc[0] = acc[0] + v
            acc[1] = acc[1] + v * v
        return acc

    assert_converts(fib, (np.array(10),), (np.array(0),))
    got = ac.function(sums)(np.array([1.0, 2.0]))
    assert isinstance(got, list) and [float(v) for v in got] == [3.0, 5.0]


def test_concatenate_a_list_of_arrays_grown_in_a_staged_loop():
    def pairs(x):
        parts = []
        for v in x:
            parts.append(np.array([v, -v]))
        return np.concatenate(parts)

    def rows(m):
        parts = []
        for row in m:
            parts.append(row[None, :] * 2)
        return np.concatenate(parts)

    assert_converts(pairs, (np.array([1.0, 2.0]),), (np.array([3.0, 4.0]),))
    assert_converts(rows, (np.ones((2, 3)),), (np.arange(6.0).reshape(2, 3),))


def test_items_of_different_known_sizes_are_an_error_naming_the_list():
    def f(x):
        parts = []
        for v in x:
            parts.append(v * np.ones(1))
            parts.append(v * np.ones(2))
        return np.concatenate(parts)

    with pytest.raises(StagingError, match="'parts' gets items of shapes"):
        ac.function(f)(np.array([1.0, 2.0]))
