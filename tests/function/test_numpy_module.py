"""autoconv.numpy: what NumPy cannot dispatch, staged when its arguments are traced."""

import numpy as np
import pytest

import autoconv as ac
import autoconv.numpy as anp


def test_concrete_arguments_behave_like_numpy():
    assert anp.zeros(3, np.int32).dtype == np.int32
    np.testing.assert_array_equal(anp.ones((2, 2)), np.ones((2, 2)))
    np.testing.assert_array_equal(anp.full(2, 7), np.full(2, 7))
    np.testing.assert_array_equal(anp.arange(1, 7, 2), np.arange(1, 7, 2))
    x = np.zeros(3)
    assert anp.setitem(x, 1, 5.0) is x and x[1] == 5.0


def test_creation_with_a_traced_shape():
    @ac.function(autograph=False)
    def f(n, x):
        return anp.zeros(n, np.float32) + x, anp.ones((2, n)), anp.arange(n)

    cf = f.get_concrete_function(np.array(3), np.float32(1))
    assert cf.graph.outputs[0].shape == (None,) and cf.graph.outputs[0].dtype == np.float32
    a, b, c = f(np.array(4), np.float32(1.5))
    np.testing.assert_array_equal(a, np.full(4, 1.5, np.float32))
    assert a.dtype == np.float32
    np.testing.assert_array_equal(b, np.ones((2, 4)))
    np.testing.assert_array_equal(c, np.arange(4))
    assert c.dtype == np.arange(4).dtype


def test_array_of_traced_values_stacks_them():
    @ac.function(autograph=False)
    def f(x, y):
        return anp.array([x, y]), anp.array([x, y, 2.0]), anp.array([[x, y]], dtype=np.float16)

    x, y = np.float32(1), np.float32(2)
    for got, want in zip(f(x, y), (np.array([x, y]), np.array([x, y, 2.0]), np.array([[x, y]], dtype=np.float16))):
        np.testing.assert_array_equal(got, want)
        assert got.dtype == want.dtype and got.shape == want.shape


def test_setitem_is_functional_on_traced_values():
    @ac.function(autograph=False)
    def f(x, i):
        y = anp.setitem(x, i, -1.0)
        return x, y

    x = np.arange(4.0)
    before, after = f(x, np.array(2))
    np.testing.assert_array_equal(before, np.arange(4.0))
    np.testing.assert_array_equal(after, np.array([0.0, 1.0, -1.0, 3.0]))


def test_item_assignment_on_a_traced_value_explains_itself():
    @ac.function(autograph=False)
    def f(x):
        x[0] = 1.0
        return x

    with pytest.raises(ac.AutoConvError, match="immutable") as info:
        f(np.zeros(2))
    assert "test_numpy_module.py:" in str(info.value)


def test_runtime_failure_names_the_operation_and_user_line():
    @ac.function(autograph=False)
    def f(x, i):
        return np.take(x, i)

    with pytest.raises(IndexError) as info:
        f(np.zeros(2), np.array(5))
    notes = "\n".join(getattr(info.value, "__notes__", []))
    if hasattr(info.value, "add_note"):
        assert "take" in notes and "test_numpy_module.py:" in notes
