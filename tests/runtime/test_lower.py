"""Lowering graphs to Python: how operators and literals are written."""

import numpy as np
import pytest

import autoconv as ac


def test_python_operators_keep_negative_literals_grouped():
    def powers(n):
        s = 0
        for i in range(n):
            s = s + (-1) ** i + (-2) ** int(n)
        return s, -(2 ** int(n)), (-2.5) ** int(n)

    for n in (0, 3, 4):
        got = ac.function(powers)(np.array(n))
        assert [g.item() for g in got] == list(powers(np.array(n)))


def test_int_to_traced_negative_power_is_an_error_not_a_truncated_float():
    def halves(n):
        out = []
        for i in range(n):
            out.append(2 ** -i)
        return np.array(out)

    def doubles(n):
        s = 0
        for i in range(n):
            s = s + 2 ** i
        return s

    assert ac.function(doubles)(np.array(5)) == 31
    with pytest.raises(ValueError, match="negative power"):
        ac.function(halves)(np.array(3))


def test_power_of_numpy_scalars_is_their_own_pow_bit_for_bit():
    # NumPy scalars (items, reductions) compute `**` with their own pow, which can differ in
    # the last bit from np.power / np.sqrt / np.square on arrays.
    def f(x):
        return x[0] ** 0.5, x[1] ** 0.5, x[2] ** 2, 2.0 ** x[0], np.sum(x * x) ** 0.5, x ** 2, x[3] ** 2

    x = np.array([2.7919551260869758e-05, -np.inf, 3.5435059532352557e17, 3.3])
    with np.errstate(all="ignore"):
        want, got = f(x), ac.function(f)(x)
    for w, g in zip(want, got):
        assert np.asarray(w).dtype == g.dtype and np.asarray(w).tobytes() == g.tobytes()
    f32 = ac.function(lambda v: v[0] ** 2)(np.array([3.3], np.float32))
    assert f32.dtype == np.float32 and f32 == np.float32(3.3) ** 2


def test_power_of_numpy_scalars_made_by_casts_and_of_scalar_exponents():
    def f(x):
        return (np.float32(x[0]) ** 0.5, x[0].astype(np.float32) ** 0.5, x[0] ** np.float64(0.5),
                np.float32(x.sum()) ** 2)

    for x in (np.array([-0.0, 1.0]), np.array([-np.inf, 2.0]), np.array([3.3, 1.7])):
        with np.errstate(all="ignore"):
            want, got = f(x), ac.function(f)(x)
        for w, g in zip(want, got):
            assert np.asarray(w).dtype == g.dtype and np.asarray(w).tobytes() == g.tobytes()
