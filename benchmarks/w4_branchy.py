"""W4: 100 iterations (the bound a 0-d array: a staged loop) of an `if` on `x.sum()`."""

import numpy as np

NAME = "W4 branchy: 100 x if x.sum()>0, 256 float32"
TARGETS = {"graph": 1.5}


def branchy(x, n):
    for _ in range(n):
        if x.sum() > 0:
            x = x * 0.5 - 1
        else:
            x = x * -1.5 + 0.25
    return x


function = branchy


def make_args():
    return (np.linspace(-1, 1, 256, dtype=np.float32), np.array(100))
