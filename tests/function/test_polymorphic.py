"""ac.function: decorator forms, the trace cache, signatures, retracing, threads, outputs."""

import collections
import threading
import warnings

import numpy as np
import pytest

import autoconv as ac


def test_decorator_forms():
    def f(x):
        return x + 1

    a = ac.function(f)
    b = ac.function()(f)
    c = ac.function(f, reduce_retracing=True, jit_compile=False, autograph=False)

    @ac.function
    def d(x):
        return x + 1

    for pf in (a, b, c, d):
        assert isinstance(pf, ac.PolymorphicFunction)
        np.testing.assert_array_equal(pf(np.array([1, 2])), np.array([2, 3]))


def test_keyword_arguments_and_defaults_share_a_trace():
    @ac.function
    def f(x, scale=2.0):
        return x * scale

    x = np.ones(3, np.float32)
    r1 = f(x)
    r2 = f(x, scale=2.0)
    r3 = f(x=x)
    assert f.experimental_get_tracing_count() == 1
    for r in (r1, r2, r3):
        assert r.dtype == np.float32
        np.testing.assert_array_equal(r, 2 * x)
    f(x, scale=3.0)
    assert f.experimental_get_tracing_count() == 2


def test_methods_use_the_descriptor_protocol():
    class Model:
        def __init__(self, w):
            self.w = w

        @ac.function
        def apply(self, x):
            return x @ self.w

    m1, m2 = Model(np.eye(2)), Model(2 * np.eye(2))
    x = np.array([[1.0, 2.0]])
    np.testing.assert_array_equal(m1.apply(x), x)
    np.testing.assert_array_equal(m2.apply(x), 2 * x)
    assert m1.apply(x).shape == (1, 2)
    assert m1.apply.experimental_get_tracing_count() == 1


def test_trace_types_arrays_by_dtype_and_shape_python_by_value():
    @ac.function
    def f(x, n, name=None, pair=(1, 2)):
        return x * n

    f(np.zeros(3), 2)
    f(np.ones(3), 2)
    assert f.experimental_get_tracing_count() == 1
    f(np.ones(4), 2)
    f(np.ones(3, np.float32), 2)
    f(np.ones(3), 3)
    f(np.ones(3), 2, name="a")
    f(np.ones(3), 2, pair=(1, 3))
    assert f.experimental_get_tracing_count() == 6
    f(np.ones(3), 2, name="a")
    assert f.experimental_get_tracing_count() == 6


def test_objects_keyed_by_identity():
    class Config:
        scale = 3.0

    @ac.function
    def f(x, cfg):
        return x * cfg.scale

    c1, c2 = Config(), Config()
    f(np.ones(2), c1)
    f(np.ones(2), c1)
    f(np.ones(2), c2)
    assert f.experimental_get_tracing_count() == 2


def test_input_signature_traces_once_and_rejects_mismatches():
    @ac.function(input_signature=[ac.TensorSpec([None, 3], np.float32)])
    def f(x):
        return x.sum(axis=1)

    np.testing.assert_array_equal(f(np.ones((2, 3), np.float32)), np.full(2, 3.0, np.float32))
    np.testing.assert_array_equal(f(np.ones((5, 3), np.float32)), np.full(5, 3.0, np.float32))
    assert f.experimental_get_tracing_count() == 1
    with pytest.raises(TypeError) as info:
        f(np.ones((2, 4), np.float32))
    message = str(info.value)
    assert "TensorSpec(shape=(None, 3), dtype=float32)" in message
    assert "float32[2,4]" in message
    with pytest.raises(TypeError, match="input_signature"):
        f(np.ones((2, 3), np.int64))
    assert f.experimental_get_tracing_count() == 1


def test_reduce_retracing_generalizes_shapes():
    @ac.function(reduce_retracing=True)
    def f(x):
        return x * 2

    f(np.ones(2))
    f(np.ones(3))
    f(np.ones(4))
    f(np.ones(7))
    assert f.experimental_get_tracing_count() == 2
    np.testing.assert_array_equal(f(np.arange(5.0)), np.arange(5.0) * 2)
    assert f.experimental_get_tracing_count() == 2
    shapes = sorted(str(cf.pretty_printed_signature()) for cf in f.concrete_functions)
    assert any("float64[?]" in s for s in shapes)


def test_retracing_warning_names_the_argument():
    @ac.function
    def f(x, y):
        return x + y

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        for y in range(8):
            f(np.ones(2), y)
    messages = [str(w.message) for w in caught]
    assert len(messages) == 1, messages
    assert "argument y: Python value" in messages[0]
    assert "pass an array to avoid retracing" in messages[0]


def test_no_warning_below_threshold():
    @ac.function
    def f(x, y):
        return x + y

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        for y in range(3):
            f(np.ones(2), y)
    assert not caught


def test_concurrent_first_calls_trace_once():
    @ac.function
    def f(x):
        return np.tanh(x) * 2

    x = np.linspace(-1, 1, 50)
    barrier = threading.Barrier(8)
    results = [None] * 8

    def worker(i):
        barrier.wait()
        results[i] = f(x)

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert f.experimental_get_tracing_count() == 1
    for r in results:
        np.testing.assert_array_equal(r, np.tanh(x) * 2)


def test_get_concrete_function_with_specs_and_text_form():
    @ac.function
    def f(x, y):
        return np.matmul(x, y)

    cf = f.get_concrete_function(ac.TensorSpec([2, 3], np.float32), ac.TensorSpec([3, None], np.float32))
    assert isinstance(cf, ac.ConcreteFunction)
    assert cf.pretty_printed_signature() == "f(x: float32[2,3], y: float32[3,?]) -> (float32[2,?])"
    assert "matmul %0, %1" in str(cf)
    out = cf(np.ones((2, 3), np.float32), np.ones((3, 4), np.float32))
    np.testing.assert_array_equal(out, np.full((2, 4), 3.0, np.float32))
    assert f.get_concrete_function(ac.TensorSpec([2, 3], np.float32), ac.TensorSpec([3, None], np.float32)) is cf


def test_nested_function_inlines_into_one_graph():
    @ac.function
    def inner(x):
        return x * 2

    @ac.function
    def outer(x):
        return inner(x) + 1

    cf = outer.get_concrete_function(np.ones(3))
    assert [op.type for op in cf.graph.operations] == ["multiply", "add"]
    np.testing.assert_array_equal(outer(np.ones(3)), np.full(3, 3.0))


Point = collections.namedtuple("Point", "x y")


def test_outputs_keep_structure_and_become_arrays():
    @ac.function
    def f(x):
        return {"sum": x.sum(), "pair": (x, 3), "point": Point(x * 2, 1.5), "list": [x[0]], "none": None}

    out = f(np.array([1, 2], np.int32))
    assert set(out) == {"sum", "pair", "point", "list", "none"}
    assert isinstance(out["pair"], tuple) and isinstance(out["point"], Point) and isinstance(out["list"], list)
    assert isinstance(out["sum"], np.ndarray) and out["sum"].shape == () and out["sum"] == 3
    assert out["sum"].dtype == np.sum(np.array([1, 2], np.int32)).dtype
    assert isinstance(out["pair"][1], np.ndarray) and out["pair"][1] == 3
    assert out["point"].y.dtype == np.float64
    assert out["none"] is None
    np.testing.assert_array_equal(out["point"].x, np.array([2, 4], np.int32))


def test_concrete_functions_check_the_dtype_of_what_they_are_given():
    f = ac.function(lambda x: x * 2, input_signature=[ac.TensorSpec([None], np.float32)])
    cf = f.get_concrete_function(ac.TensorSpec([3], np.float32))
    assert cf(np.ones(2, np.float32)).dtype == np.float32
    with pytest.raises(TypeError, match="dtype float64"):
        cf(np.ones(2))
    with pytest.raises(TypeError, match="does not match the input_signature"):
        f.get_concrete_function(ac.TensorSpec([3], np.float64))


def test_reshape_with_minus_one_of_an_unknown_dim():
    f = ac.function(lambda x: (x.reshape(-1, 2).sum(axis=1), np.reshape(x, (2, -1))),
                    input_signature=[ac.TensorSpec([None], np.float64)])
    for n in (4, 6):
        x = np.arange(float(n))
        got = f(x)
        np.testing.assert_array_equal(got[0], x.reshape(-1, 2).sum(axis=1))
        np.testing.assert_array_equal(got[1], x.reshape(2, -1))
    with pytest.raises(ValueError):
        f(np.arange(3.0))


def test_float_arguments_trace_by_bits():
    f = ac.function(lambda x, k: x / k)
    with np.errstate(divide="ignore", invalid="ignore"):
        assert f(np.array(1.0), 0.0) == np.inf
        assert f(np.array(1.0), -0.0) == -np.inf  # not the trace made for 0.0
        assert np.isnan(f(np.array(1.0), float("nan")))
        assert np.isnan(f(np.array(1.0), float("nan")))
        assert f(np.array(1.0), -0.0) == -np.inf
    assert f.experimental_get_tracing_count() == 3  # NaN finds its trace again
    g = ac.function(lambda x, k: x * k[1])
    g(np.array(1.0), (1, complex(0.0, 0.0)))
    g(np.array(1.0), (1, complex(0.0, -0.0)))
    assert g.experimental_get_tracing_count() == 2


def test_dict_argument_order_is_part_of_the_trace():
    f = ac.function(lambda d: list(d.values()))
    first = f({"a": np.array(1.0), "b": np.array(2.0)})
    second = f({"b": np.array(2.0), "a": np.array(1.0)})
    assert [float(v) for v in first] == [1.0, 2.0]
    assert [float(v) for v in second] == [2.0, 1.0]


def test_methods_bind_by_identity_not_equality():
    import dataclasses

    @dataclasses.dataclass(frozen=True)
    class Scale:
        name: str
        k: float = dataclasses.field(compare=False)

        @ac.function
        def __call__(self, x):
            return x * self.k

    a, b = Scale("s", 2.0), Scale("s", 10.0)
    assert a == b
    assert a(np.array(1.0)) == 2.0
    assert b(np.array(1.0)) == 10.0
    assert a(np.array(3.0)) == 6.0


def test_input_signature_covers_leading_parameters_and_star_args():
    scaled = ac.function(lambda x, k=2: x * k, input_signature=[ac.TensorSpec([None], np.float32)])
    assert scaled(np.array([1.0], np.float32)).tolist() == [2.0]
    assert scaled(np.array([1.0, 2.0], np.float32)).tolist() == [2.0, 4.0]
    assert scaled.experimental_get_tracing_count() == 1
    with pytest.raises(TypeError, match="keeps its default"):
        scaled(np.array([1.0], np.float32), 3)

    def added(*xs):
        return xs[0] + xs[1]

    f = ac.function(added, input_signature=[ac.TensorSpec([2], np.float32)] * 2)
    a = np.ones(2, np.float32)
    assert f(a, a * 2).tolist() == [3.0, 3.0]
    assert "xs[1]: float32[2]" in f.get_concrete_function().pretty_printed_signature()
    with pytest.raises(TypeError):
        f(a, a, a)


def test_dict_keys_trace_as_values():
    def f(x, d):
        (k,) = d
        return x / k

    g = ac.function(f)
    with np.errstate(divide="ignore"):
        assert g(np.array(1.0), {0.0: 0}) == np.inf
        assert g(np.array(1.0), {-0.0: 0}) == -np.inf
    g(np.array(1.0), {1: 0})
    g(np.array(1.0), {True: 0})
    assert g.experimental_get_tracing_count() == 4
