"""W6: a 30-line function with nested control flow; its first call (convert, trace, optimize,
lower, run) is timed in a fresh process each time (`python -m benchmarks.w6_nested MODE`)."""

import sys
import time

import numpy as np

NAME = "W6 first call, 30-line nested control flow"
TARGETS = {"graph": 5e-3, "jit": 5e-3}  # seconds, absolute
FIRST_CALL = True
ABSOLUTE = True


def nested(x, n):
    total = np.zeros((), x.dtype)
    i = np.zeros((), np.int64)
    while i < n:
        s = x.sum()
        if s > 0:
            if x.max() > 2:
                x = x * 0.5
            else:
                x = x + 1
        else:
            j = np.zeros((), np.int64)
            while j < 3:
                x = x - s * 0.1
                j += 1
        m = x.mean()
        if m > 1:
            total = total + m
        elif m < -1:
            total = total - m
        else:
            total = total * 0.5
        for k in range(3):
            total = total + x[k]
        if total > 100:
            total = total - 100
        i += 1
    return x, total


function = nested


def make_args():
    return (np.linspace(-2, 3, 64), np.array(20))


def first_call(mode):
    """Seconds taken by the first call in this process: 'numpy', 'graph' or 'jit'."""
    args = make_args()
    if mode == "numpy":
        start = time.perf_counter()
        nested(*args)
        return time.perf_counter() - start
    import autoconv as ac
    import autoconv.autograph.api  # noqa: F401  (stages imported on first use: not part of a call)
    import autoconv.operators  # noqa: F401
    import autoconv.optimize  # noqa: F401
    import autoconv.runtime.fused  # noqa: F401

    fn = ac.function(nested, jit_compile=(mode == "jit"))
    start = time.perf_counter()
    fn(*args)
    return time.perf_counter() - start


if __name__ == "__main__":
    print(repr(first_call(sys.argv[1])))
