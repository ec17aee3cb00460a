"""ac.Variable and ac.print in staged control flow: converted runs leave the same state and
print the same lines, in the same order, as plain runs (one trace per signature)."""

import numpy as np

import autoconv as ac

from . import programs_state as ps


def _same(a, b):
    a, b = np.asarray(a), np.asarray(b)
    return a.dtype == b.dtype and a.shape == b.shape and np.array_equal(a, b)


def _check_variable_program(fn, init, arg_list):
    plain_v, graph_v = ac.Variable(init), ac.Variable(init)
    graph_fn = ac.function(fn)
    for args in arg_list:
        expected = fn(plain_v, *args)
        actual = graph_fn(graph_v, *args)
        for e, a in zip(expected if isinstance(expected, tuple) else (expected,),
                        actual if isinstance(actual, tuple) else (actual,)):
            assert _same(e, a), (fn.__name__, args, e, a)
        assert _same(plain_v.numpy(), graph_v.numpy()), (fn.__name__, args, plain_v.numpy(), graph_v.numpy())
    assert graph_fn.experimental_get_tracing_count() == 1


def _check_printing_program(fn, arg_list, capsys, variable_init=None):
    graph_fn = ac.function(fn)
    plain_v = ac.Variable(variable_init) if variable_init is not None else None
    graph_v = ac.Variable(variable_init) if variable_init is not None else None
    for args in arg_list:
        capsys.readouterr()
        expected = fn(*((plain_v,) if plain_v is not None else ()), *args)
        plain_out = capsys.readouterr().out
        actual = graph_fn(*((graph_v,) if graph_v is not None else ()), *args)
        graph_out = capsys.readouterr().out
        assert graph_out == plain_out, (fn.__name__, args)
        assert plain_out  # the program prints something
        assert _same(expected, actual)
    assert graph_fn.experimental_get_tracing_count() == 1


def test_count_positive_into_variable():
    _check_variable_program(ps.count_positive_into_variable, np.int64(0),
                            [(np.array([1.0, -2.0, 3.0]),), (np.array([-1.0, -2.0, -3.0]),), (np.ones(3),)])


def test_accumulate_and_read_between():
    _check_variable_program(ps.accumulate_and_read_between, np.zeros(2, np.float32),
                            [(np.array([1.0, 2.0], np.float32),), (np.array([0.5, -1.0], np.float32),)])


def test_assign_in_one_branch():
    _check_variable_program(ps.assign_in_one_branch, np.zeros(3),
                            [(np.array([1.0, 2.0, 3.0]),), (np.array([-1.0, -2.0, -3.0]),), (np.zeros(3),)])


def test_variable_in_while_condition():
    _check_variable_program(ps.variable_in_while_condition, np.float64(0.0),
                            [(np.array(3.0),), (np.array(0.5),), (np.array(100.0),)])


def test_print_in_loop(capsys):
    x = np.array([1.5, -2.0, 3.0], np.float32)
    _check_printing_program(ps.print_in_loop, [(x, np.array(3)), (x, np.array(0)), (x, np.array(1))], capsys)


def test_print_in_branches(capsys):
    _check_printing_program(ps.print_in_branches, [(np.array([1, 2]),), (np.array([-1, 0]),)], capsys)


def test_print_and_variable_order(capsys):
    _check_printing_program(ps.print_and_variable_order,
                            [(np.array([1.0, 2.0]),), (np.array([3.0, -4.0]),)], capsys, variable_init=np.zeros(2))


def test_print_inside_early_exit(capsys):
    _check_printing_program(ps.print_inside_early_exit,
                            [(np.array([1.0, 2.0, -3.0]),), (np.array([-1.0, 2.0, 3.0]),), (np.array([1.0, 2.0, 3.0]),)],
                            capsys)


def test_plain_print_runs_only_while_tracing(capsys):
    def f(x):
        print("tracing")
        if x > 0:
            x = x - 1
        return x

    g = ac.function(f)
    capsys.readouterr()
    g(np.array(1.0))
    g(np.array(-1.0))
    g(np.array(5.0))
    assert capsys.readouterr().out == "tracing\n"


def test_variable_value_reads_when_the_graph_runs():
    counter = ac.Variable(np.array(0))

    @ac.function
    def count(x):
        for i in range(x.shape[0]):
            if x[i] > 0:
                counter.assign_add(1)
        return counter.value

    assert int(count(np.array([1.0, -1.0, 2.0]))) == 2
    assert int(count(np.array([1.0, -1.0, 2.0]))) == 4  # not the value the trace saw
    assert count.experimental_get_tracing_count() == 1
    assert int(counter.value) == 4
