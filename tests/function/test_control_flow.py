"""ac.cond and ac.while_loop: staged when the predicate is traced, plain Python otherwise."""

import io
import contextlib

import numpy as np
import pytest

import autoconv as ac


def test_cond_with_concrete_pred_calls_one_branch():
    calls = []
    out = ac.cond(True, lambda: calls.append("t") or 1, lambda: calls.append("f") or 2)
    assert out == 1 and calls == ["t"]


def test_cond_staged_builds_cond_op_and_runs_both_ways():
    @ac.function
    def f(x):
        return ac.cond(x.sum() > 0, lambda: x * 2, lambda: -x)

    cf = f.get_concrete_function(np.ones(3, np.float32))
    assert [op.type for op in cf.graph.operations][-1] == "cond"
    assert "    true(" in str(cf.graph) and "    false(" in str(cf.graph)
    np.testing.assert_array_equal(f(np.ones(3, np.float32)), np.full(3, 2.0, np.float32))
    np.testing.assert_array_equal(f(-np.ones(3, np.float32)), np.ones(3, np.float32))
    assert f.experimental_get_tracing_count() == 1
    assert "if " in cf.source and "else:" in cf.source


def test_cond_dtype_mismatch_names_output_and_dtypes():
    @ac.function
    def f(x):
        return ac.cond(x > 0, lambda: x.astype(np.float32), lambda: x.astype(np.int32))

    with pytest.raises(ac.AutoConvError) as info:
        f(np.array(1.0))
    message = str(info.value)
    assert "output 0" in message and "float32" in message and "int32" in message


def test_cond_structure_mismatch():
    @ac.function
    def f(x):
        return ac.cond(x > 0, lambda: (x, x), lambda: x)

    with pytest.raises(ac.AutoConvError, match="different structures"):
        f(np.array(1.0))


def test_cond_unifies_shapes():
    @ac.function
    def f(x, y):
        return ac.cond(x.sum() > 0, lambda: x, lambda: y)

    cf = f.get_concrete_function(np.ones(2), np.ones(3))
    assert cf.graph.outputs[0].shape == (None,)
    np.testing.assert_array_equal(f(np.ones(2), np.zeros(3)), np.ones(2))
    np.testing.assert_array_equal(f(-np.ones(2), np.zeros(3)), np.zeros(3))


def test_while_loop_nested_structures_and_python_fallback():
    assert ac.while_loop(lambda i: i < 5, lambda i: i + 2, 0) == 6

    @ac.function
    def f(x):
        return ac.while_loop(lambda s: s["x"].sum() < 100, lambda s: {"x": s["x"] * 2, "n": s["n"] + 1},
                             ({"x": x, "n": 0},))

    (out,) = f(np.array([1.0, 2.0]))
    np.testing.assert_array_equal(out["x"], np.array([64.0, 128.0]))
    assert out["n"] == 6


def test_while_loop_dtype_change_is_an_error_naming_the_variable():
    @ac.function
    def f(x):
        return ac.while_loop(lambda v: v.sum() < 10, lambda v: v * 1.5, (x,))

    with pytest.raises(ac.AutoConvError) as info:
        f(np.array([1, 2], np.int32))
    message = str(info.value)
    assert "loop variable 0" in message and "int32" in message and "float64" in message


def test_while_loop_relaxes_changing_shapes():
    @ac.function
    def f(x):
        return ac.while_loop(lambda v: v.shape[0] < 100 if False else v.sum() < 20,
                             lambda v: np.concatenate([v, v]), (x,))

    cf = f.get_concrete_function(np.ones(1))
    assert cf.graph.outputs[0].shape == (None,)
    (out,) = f(np.ones(1))
    np.testing.assert_array_equal(out, np.ones(32))


def test_while_loop_maximum_iterations():
    @ac.function
    def f(x):
        return ac.while_loop(lambda v: v.sum() > -1, lambda v: v + 1, (x,), maximum_iterations=7)

    (out,) = f(np.zeros(2))
    np.testing.assert_array_equal(out, np.full(2, 7.0))


def test_state_and_print_in_branches_and_bodies_run_in_program_order():
    v = ac.Variable(np.zeros((), np.float64))

    @ac.function
    def f(x):
        def body(i):
            ac.print("step", i)
            v.assign_add(1.0)
            return (i + 1,)

        ac.while_loop(lambda i: i < x, body, (np.int64(0),))
        ac.cond(x > 2, lambda: (ac.print("big"), v.assign_add(10.0))[1],
                lambda: (ac.print("small"), v.assign_sub(10.0))[1])
        ac.print("done", v.read_value())
        return v.read_value()

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        result = f(np.array(3))
    assert out.getvalue().splitlines() == ["step 0", "step 1", "step 2", "big", "done 13.0"]
    assert result == 13.0 and v.numpy() == 13.0
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        f(np.array(1))
    assert out.getvalue().splitlines() == ["step 0", "small", "done 4.0"]
    assert f.experimental_get_tracing_count() == 1


def test_lowered_code_uses_if_and_while():
    @ac.function
    def f(x):
        (y,) = ac.while_loop(lambda y: y.sum() < 10, lambda y: (y + 1,), (x,))
        return ac.cond(y.sum() > 20, lambda: y, lambda: y * 2)

    src = f.get_concrete_function(np.ones(2)).source
    assert "while True:" in src and "if " in src


def test_while_loop_shape_invariants_relax_dims_from_the_start():
    def grow(n):
        body = lambda x: np.concatenate([x, x[-1:] + 1])  # noqa: E731
        return ac.while_loop(lambda x: np.shape(x)[0] < n, body, [np.zeros(1)], shape_invariants=[(None,)])[0]

    f = ac.function(grow)
    np.testing.assert_array_equal(f(np.array(4)), [0.0, 1.0, 2.0, 3.0])
    assert f.get_concrete_function(np.array(4)).graph.outputs[0].shape == (None,)


def test_while_loop_keeps_list_loop_vars_and_takes_a_traced_maximum():
    def summed(n):
        return ac.while_loop(lambda i, s: i < n, lambda i, s: [i + 1, s + i], [np.array(0), np.array(0)])

    got = ac.function(summed)(np.array(4))
    assert isinstance(got, list) and [int(v) for v in got] == [4, 6]

    def capped(n, m):
        return ac.while_loop(lambda i: i < n, lambda i: i + 1, (np.array(0),), maximum_iterations=m)

    f = ac.function(capped)
    assert int(f(np.array(10), np.array(3))[0]) == 3
    assert int(f(np.array(2), np.array(5))[0]) == 2
