"""Every error of the graph core names the problem and the user's own file:line."""

from __future__ import annotations

from typing import Any, Callable

import numpy as np
import pytest

import autoconv as ac
from autoconv.errors import TracingError, UnsupportedOpError
from autoconv.graph import Graph, tracing


def _trace(fn: Callable[..., Any], *specs: tuple) -> None:
    graph = Graph("f")
    inputs = [graph.add_input(dtype, shape) for dtype, shape in specs]
    with tracing(graph):
        fn(*inputs)


def assert_raises_at(error: type, words: str, fn: Callable[..., Any], *specs: tuple) -> Exception:
    """Tracing `fn` raises `error`, its message holds `words` and the line of `fn`'s body."""
    with pytest.raises(error) as info:
        _trace(fn, *specs)
    message = str(info.value)
    assert words in message, message
    line = fn.__code__.co_firstlineno + (fn.__name__ != "<lambda>")
    assert f"{__file__}:{line}" in message, message
    return info.value


UNKNOWN = (np.float32, (None, 3))
VECTOR = (np.float32, (3,))


def test_truth_value() -> None:
    def f(x):
        return 1 if x[0, 0] > 0 else 0
    assert_raises_at(TracingError, "truth value", f, UNKNOWN)


def test_int_and_float() -> None:
    def f(x):
        return int(x[0, 0])
    assert_raises_at(TracingError, "int()", f, UNKNOWN)

    def g(x):
        return float(x[0, 0])
    assert_raises_at(TracingError, "float()", g, UNKNOWN)


def test_len_of_unknown_dim() -> None:
    def f(x):
        return len(x)
    assert_raises_at(TracingError, "len() of an unknown dim", f, UNKNOWN)


def test_iteration_over_unknown_dim() -> None:
    def f(x):
        return [row for row in x]
    assert_raises_at(TracingError, "iteration over an unknown dim", f, UNKNOWN)


def test_index_use_as_python_int() -> None:
    def f(x):
        return range(x[0, 0].astype(np.int64))
    assert_raises_at(TracingError, "use as a Python index", f, UNKNOWN)


@pytest.mark.parametrize("call, name", [
    (lambda x: np.unique(x), "np.unique"),
    (lambda x: np.linalg.svd(x), "np.linalg.svd"),
    (lambda x: np.fft.fft(x), "np.fft.fft"),
    (lambda x: np.argwhere(x), "np.argwhere"),
])
def test_unregistered_function(call: Callable[..., Any], name: str) -> None:
    err = assert_raises_at(UnsupportedOpError, name, call, UNKNOWN)
    assert isinstance(err, ac.AutoConvError)
    assert "has no graph operation" in str(err)


def test_out_arguments() -> None:
    buffer = np.zeros(3, np.float32)

    def f(x):
        return np.add(x, x, out=buffer)
    assert_raises_at(ac.AutoConvError, "out=", f, VECTOR)

    def g(x):
        return np.sum(x, out=buffer[:1].reshape(()))
    assert_raises_at(ac.AutoConvError, "out=", g, VECTOR)


def test_traced_value_leaking_into_another_graph() -> None:
    leaked = []

    def keep(x):
        leaked.append(x * 2)
    _trace(keep, VECTOR)

    def f(x):
        return x + leaked[0]
    assert_raises_at(ac.AutoConvError, "another graph", f, VECTOR)


def test_broadcast_mismatch() -> None:
    def f(x, y):
        return x + y
    err = assert_raises_at(ValueError, "could not be broadcast together with shapes (3,) (4,)", f, VECTOR,
                           (np.float32, (4,)))
    assert isinstance(err, ac.AutoConvError)


def test_matmul_core_mismatch() -> None:
    def f(x, y):
        return x @ y
    assert_raises_at(ValueError, "matmul", f, (np.float32, (2, 3)), (np.float32, (4, 5)))


def test_reshape_mismatch() -> None:
    def f(x):
        return np.reshape(x, (4,))
    assert_raises_at(ValueError, "reshape", f, VECTOR)


def test_axis_out_of_bounds() -> None:
    def f(x):
        return np.sum(x, axis=3)
    assert_raises_at(np.exceptions.AxisError.__mro__[1], "axis 3 is out of bounds", f, VECTOR)


def test_nep50_overflow() -> None:
    def f(x):
        return x + 1000
    assert_raises_at(OverflowError, "out of bounds for int8", f, (np.int8, (3,)))


def test_index_out_of_bounds() -> None:
    def f(x):
        return x[5]
    assert_raises_at(IndexError, "index 5 is out of bounds", f, VECTOR)


def test_item_assignment() -> None:
    def f(x):
        x[0] = 1.0
    assert_raises_at(TracingError, "item assignment", f, VECTOR)


def test_static_argument_traced() -> None:
    def f(x):
        return np.sum(x, axis=x[0].astype(np.int64))
    assert_raises_at(ac.AutoConvError, "argument 'axis' of np.sum must be a Python value", f, VECTOR)
