"""The functions of `docs/guide.md`, importable by the demo, the tests and users."""

from __future__ import annotations

import numpy as np

import autoconv as ac


def a_regular_function(x: np.ndarray, y: np.ndarray, b: np.ndarray) -> np.ndarray:
    x = np.matmul(x, y)
    x = x + b
    return x


a_function_that_uses_a_graph = ac.function(a_regular_function)


def inner_function(x: np.ndarray, y: np.ndarray, b: np.ndarray) -> np.ndarray:
    x = np.matmul(x, y)
    x = x + b
    return x


@ac.function
def outer_function(x: np.ndarray) -> np.ndarray:
    y = np.array([[2.0], [3.0]])
    b = np.array(4.0)
    return inner_function(x, y, b)


def simple_relu(x: np.ndarray) -> np.ndarray:
    if np.greater(x, 0):
        return x
    else:
        return np.zeros_like(x)


def collatz(n: np.ndarray) -> np.ndarray:
    steps = 0
    while n != 1:
        if n % 2 == 0:
            n = n // 2
        else:
            n = 3 * n + 1
        steps += 1
    return steps


@ac.function
def my_relu(x: np.ndarray) -> np.ndarray:
    return np.maximum(0.0, x)


@ac.function
def get_mse(y_true: np.ndarray, y_pred: np.ndarray) -> np.ndarray:
    print("Calculating MSE!")
    sq_diff = (y_true - y_pred) ** 2
    return np.mean(sq_diff)


@ac.function
def get_mse_every_call(y_true: np.ndarray, y_pred: np.ndarray) -> np.ndarray:
    ac.print("Calculating MSE!")
    sq_diff = (y_true - y_pred) ** 2
    return np.mean(sq_diff)


def unused_return(x: np.ndarray) -> np.ndarray:
    # np.take raises for an out-of-range index, but only if it runs.
    np.take(x, [1])
    return x


unused_return_graph = ac.function(unused_return)


@ac.function
def power(x: np.ndarray, y: int) -> np.ndarray:
    result = np.eye(10, dtype=np.int32)
    for _ in range(y):
        result = np.matmul(x, result)
    return result


power_eager = power.python_function


@ac.function
def a_function_with_python_side_effect(x: np.ndarray) -> np.ndarray:
    print("Tracing!")
    return x * x + 2
