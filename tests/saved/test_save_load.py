"""ac.save / ac.load: a loaded graph returns what the original returned, with its state."""

import collections
import json
import os
import sys

import numpy as np
import pytest

import autoconv as ac
from autoconv.graph import ops

Pair = collections.namedtuple("Pair", ["left", "right"])
F32 = np.float32


def roundtrip(fn, path, *args):
    """Save, load, and check outputs and graph text against the original on `args`."""
    ac.save(fn, path)
    loaded = ac.load(path)
    cf = fn if isinstance(fn, ac.ConcreteFunction) else None
    if cf is not None:
        assert str(loaded.graph) == str(cf.graph)
    return loaded


def assert_same(a, b):
    assert type(a) is type(b), (a, b)
    if isinstance(a, dict):
        assert list(a) == list(b)
        for k in a:
            assert_same(a[k], b[k])
    elif isinstance(a, (tuple, list)):
        assert len(a) == len(b)
        for x, y in zip(a, b):
            assert_same(x, y)
    elif a is not None:
        assert a.dtype == b.dtype and a.shape == b.shape
        np.testing.assert_array_equal(a, b)


def test_nested_outputs_constants_and_control_flow(tmp_path):
    def f(x, n):
        y = ac.cond(x.sum() > 0, lambda: x * 2, lambda: x - 1)
        i, s = ac.while_loop(lambda i, s: i < n, lambda i, s: (i + 1, s + y[0]), (0, F32(0)))
        return {"z": np.arange(3), "pair": Pair(y, s), "list": [i, None], "k": np.reshape(x, [3, 1])[1:2, ...]}

    cf = ac.function(f, autograph=False).get_concrete_function(ac.TensorSpec([3], F32), ac.TensorSpec([], np.int64))
    loaded = roundtrip(cf, tmp_path / "f", np.ones(3, F32), np.int64(3))
    for x in (np.ones(3, F32), -np.arange(3, dtype=F32)):
        got, want = loaded(x, np.int64(4)), cf(x, np.int64(4))
        assert list(got) == list(want)
        assert type(got["pair"]).__name__ == "Pair" and got["pair"]._fields == ("left", "right")
        assert_same(got["pair"]._asdict(), want["pair"]._asdict())
        for k in ("z", "list", "k"):
            assert_same(got[k], want[k])


def test_variables_are_saved_with_values_and_keep_changing(tmp_path):
    total = ac.Variable(np.arange(3, dtype=F32), name="total")

    @ac.function(input_signature=[ac.TensorSpec([3], F32)])
    def accumulate(x):
        total.assign_add(x)
        return total.read_value() * 2

    ac.save(accumulate, tmp_path / "acc")
    loaded = ac.load(tmp_path / "acc")
    (v,) = loaded.variables
    assert isinstance(v, ac.Variable) and v.name == "total" and v is not total
    np.testing.assert_array_equal(v.numpy(), np.arange(3, dtype=F32))
    np.testing.assert_array_equal(loaded(np.ones(3, F32)), (np.arange(3) + 1) * 2)
    np.testing.assert_array_equal(loaded(np.ones(3, F32)), (np.arange(3) + 2) * 2)
    np.testing.assert_array_equal(v.numpy(), np.arange(3) + 2)
    np.testing.assert_array_equal(total.numpy(), np.arange(3))  # the original is untouched
    v.assign(np.zeros(3, F32))
    np.testing.assert_array_equal(loaded(np.ones(3, F32)), np.full(3, 2, F32))


def test_variable_shared_by_two_functions_is_one_loaded_variable(tmp_path):
    v = ac.Variable(np.zeros((), np.int64))

    @ac.function
    def bump(x):
        v.assign_add(x.sum())
        return v.read_value()

    bump(np.ones(2, np.int64))
    bump(np.ones(3, np.int32))
    v.assign(np.int64(0))
    ac.save(bump, tmp_path / "bump")
    loaded = ac.load(tmp_path / "bump")
    assert len(loaded.functions) == 2 and len(loaded.variables) == 1
    assert loaded(np.ones(2, np.int64)) == 2
    assert loaded(np.ones(3, np.int32)) == 5


def test_several_signatures_are_picked_by_dtype_and_shape(tmp_path):
    @ac.function
    def f(x):
        return x * 2, np.shape(x)[0]

    for x in (np.ones(2, F32), np.ones(5, np.int32), np.ones((2, 2))):
        f(x)
    ac.save(f, tmp_path / "f")
    loaded = ac.load(tmp_path / "f")
    assert len(loaded.functions) == 3
    for x in (np.ones(2, F32), np.ones(5, np.int32), np.ones((2, 2))):
        assert_same(loaded(x), f(x))
    with pytest.raises(TypeError, match="no saved signature"):
        loaded(np.ones(4, F32))
    assert_same(loaded([1.5, 2.5]), (np.array([3.0, 5.0], F32), np.array(2)))  # lists cast to a saved dtype


def test_python_value_arguments_are_baked_in(tmp_path):
    @ac.function
    def power(x, n):
        for _ in range(n):
            x = x * x
        return x

    cf = power.get_concrete_function(ac.TensorSpec([2], F32), 2)
    loaded = roundtrip(cf, tmp_path / "p")
    x = np.array([2, 3], F32)
    np.testing.assert_array_equal(loaded(x), x ** 4)
    np.testing.assert_array_equal(loaded(x, 2), x ** 4)
    np.testing.assert_array_equal(loaded(x, n=2), x ** 4)
    with pytest.raises(TypeError):
        loaded(x, 3)


def test_dict_and_tuple_arguments(tmp_path):
    @ac.function
    def f(pair, d):
        return pair[0] + pair[1], d["a"] - d["b"]

    args = ((np.ones(2), np.arange(2.0)), {"a": np.ones(3, F32), "b": np.full(3, 2, F32)})
    cf = f.get_concrete_function(*args)
    loaded = roundtrip(cf, tmp_path / "f")
    assert_same(loaded(*args), cf(*args))


def test_random_generator_state_and_legacy_functions(tmp_path):
    rng = np.random.default_rng(7)

    def f(x):
        return x + ops.random(rng.normal, (), {"size": 3}), ops.random(np.random.uniform, (0.0, 1.0, (2,)), {})

    cf = ac.function(f, autograph=False).get_concrete_function(np.zeros(3))
    loaded = roundtrip(cf, tmp_path / "r")
    first, _ = loaded(np.zeros(3))
    np.testing.assert_array_equal(first, np.random.default_rng(7).normal(size=3))
    np.testing.assert_array_equal(loaded(np.zeros(3))[0], _second_draw(7))
    assert cf(np.zeros(3))[0].tolist() == first.tolist()  # the original generator is not shared
    np.random.seed(3)
    _, legacy = loaded(np.zeros(3))
    np.random.seed(3)
    np.testing.assert_array_equal(legacy, np.random.uniform(0.0, 1.0, (2,)))


def _second_draw(seed):
    g = np.random.default_rng(seed)
    g.normal(size=3)
    return g.normal(size=3)


def test_nonfinite_complex_and_dtype_attributes(tmp_path):
    def f(x):
        y = np.where(np.isnan(x), np.inf, x) + 1j
        return np.maximum(np.abs(y), -np.inf) * np.nan, x.astype(np.float16), np.sum(x, dtype=np.float32)

    cf = ac.function(f, autograph=False).get_concrete_function(np.zeros(3))
    loaded = roundtrip(cf, tmp_path / "f")
    x = np.array([np.nan, 1.0, -2.0])
    assert_same(loaded(x), cf(x))


def test_print_to_stdout_survives(tmp_path, capfd):
    def f(x):
        ac.print("x is", x, file=sys.stderr)
        return x + 1

    cf = ac.function(f, autograph=False).get_concrete_function(np.zeros(2))
    loaded = roundtrip(cf, tmp_path / "f")
    loaded(np.zeros(2))
    assert "x is [0. 0.]" in capfd.readouterr().err


def test_optimized_graph_is_saved_beside_the_traced_one(tmp_path):
    @ac.function
    def f(x):
        return (x * 1 + 0) * 3

    cf = f.get_concrete_function(np.zeros(2))
    loaded = roundtrip(cf, tmp_path / "f")
    assert str(loaded.optimized_graph) == str(cf.optimized_graph)
    document = json.loads((tmp_path / "f" / "graph.json").read_text())
    assert ("optimized_graph" in document["functions"][0]) == (str(cf.optimized_graph) != str(cf.graph))


def test_save_refuses_what_it_cannot_write(tmp_path):
    class Thing:
        pass

    @ac.function
    def f(x, thing):
        return x

    cf = f.get_concrete_function(np.zeros(2), Thing())
    with pytest.raises(ac.AutoConvError, match="cannot be saved"):
        ac.save(cf, tmp_path / "f")
    with pytest.raises(ac.AutoConvError, match="not been traced"):
        ac.save(ac.function(lambda x: x), tmp_path / "g")
    (tmp_path / "busy").mkdir()
    (tmp_path / "busy" / "notes.txt").write_text("mine")
    with pytest.raises(ac.AutoConvError, match="not empty"):
        ac.save(ac.function(lambda x: x).get_concrete_function(np.zeros(1)), tmp_path / "busy")


def test_saving_again_replaces_the_previous_save(tmp_path):
    f = ac.function(lambda x: x + np.arange(4.0), autograph=False)
    g = ac.function(lambda x: x * 2, autograph=False)
    ac.save(f.get_concrete_function(np.zeros(4)), tmp_path / "s")
    ac.save(g.get_concrete_function(np.zeros(4)), tmp_path / "s")
    assert sorted(os.listdir(tmp_path / "s")) == ["graph.json"]
    np.testing.assert_array_equal(ac.load(tmp_path / "s")(np.ones(4)), np.full(4, 2.0))
