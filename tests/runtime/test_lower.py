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
