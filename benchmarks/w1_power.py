"""W1: the guide's `power`, 100 matmuls of a 10x10 int32 matrix (a Python int bound: unrolled)."""

import numpy as np

NAME = "W1 power: 100 matmuls, 10x10 int32"
TARGETS = {"graph": 1.05}


def power(x, y):
    result = np.eye(10, dtype=np.int32)
    for _ in range(y):
        result = np.matmul(x, result)
    return result


function = power


def make_args():
    rng = np.random.default_rng(1)
    return (rng.integers(-2, 3, (10, 10)).astype(np.int32), 100)
