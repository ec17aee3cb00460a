"""Per-call timing: repeats of a calibrated number of calls; min and median per call."""

from __future__ import annotations

import statistics
import time
import tracemalloc
from typing import Any, Callable

TARGET_REPEAT_SECONDS = 0.02  # each repeat runs at least this long


def calibrate(fn: Callable[[], Any]) -> int:
    """Calls per repeat so that a repeat lasts about `TARGET_REPEAT_SECONDS`."""
    number = 1
    while True:
        start = time.perf_counter()
        for _ in range(number):
            fn()
        elapsed = time.perf_counter() - start
        if elapsed >= TARGET_REPEAT_SECONDS or number >= 1 << 20:
            return number
        number = max(number * 2, int(number * TARGET_REPEAT_SECONDS / max(elapsed, 1e-9)))


def per_call(fn: Callable[[], Any], number: int) -> float:
    start = time.perf_counter()
    for _ in range(number):
        fn()
    return (time.perf_counter() - start) / number


def summary(samples: list[float]) -> tuple[float, float]:
    return min(samples), statistics.median(samples)


def peak_memory(fn: Callable[[], Any]) -> int:
    """Peak bytes traced (NumPy reports its buffers to tracemalloc) during one call."""
    fn()  # warm: caches, traces, compiled code
    tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        base = tracemalloc.get_traced_memory()[0]
        result = fn()
        peak = tracemalloc.get_traced_memory()[1] - base
        del result
    finally:
        tracemalloc.stop()
    return peak


def format_seconds(s: float) -> str:
    if s < 1e-3:
        return f"{s * 1e6:.3g} µs"
    if s < 1:
        return f"{s * 1e3:.3g} ms"
    return f"{s:.3g} s"
