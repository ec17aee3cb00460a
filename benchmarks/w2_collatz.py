"""W2: Collatz steps from 27: a `while` on a 0-d int64 with an `if` inside (both staged)."""

import numpy as np

NAME = "W2 collatz from 27, 0-d int64"
TARGETS = {"graph": 1.5}


def collatz(n):
    steps = np.zeros((), np.int64)
    while n != 1:
        if n % 2 == 0:
            n = n // 2
        else:
            n = 3 * n + 1
        steps += 1
    return steps


function = collatz


def make_args():
    return (np.array(27, np.int64),)
