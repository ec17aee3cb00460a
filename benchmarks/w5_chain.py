"""W5: a 12-op elementwise chain on 2,000,000 float32 (the jit_compile=True fusion case)."""

import numpy as np

NAME = "W5 12-op elementwise chain, 2M float32"
TARGETS = {"jit": 1 / 1.5}
MEMORY_TARGET = 0.5  # jit peak memory / NumPy peak memory


def chain(x):
    return np.sin(x) * np.cos(x) + x * x - np.exp(-np.abs(x)) + np.sqrt(np.abs(x) + 1) * 0.5


function = chain


def make_args():
    return (np.random.default_rng(5).standard_normal(2_000_000).astype(np.float32),)
