"""Differential checks of traced graphs against NumPy itself.

`check(fn, arrays)` runs `fn` three ways and demands they agree with plain NumPy:

    eager      fn(*arrays)                          the oracle
    traced     fn(*tensors) -> dtype and shape      equal to the oracle's (None only where allowed)
    lowered    lower(graph)(*arrays)                bit for bit equal to the oracle
    evaluated  evaluate(graph, arrays)              bit for bit equal to the lowered code

When NumPy raises, tracing or running must raise too, with an exception of the same
built-in class (`ValueError`, `OverflowError`, ...), never return an answer.
"""

from __future__ import annotations

import os
import warnings
from typing import Any, Callable, Sequence

import numpy as np
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from autoconv.graph import Graph, tracing
from autoconv.graph.ir import Tensor
from autoconv.runtime import evaluate, lower

BOOL = [np.dtype(bool)]
SIGNED = [np.dtype(t) for t in (np.int8, np.int16, np.int32, np.int64)]
UNSIGNED = [np.dtype(t) for t in (np.uint8, np.uint16, np.uint32, np.uint64)]
INTEGER = SIGNED + UNSIGNED
FLOAT = [np.dtype(t) for t in (np.float16, np.float32, np.float64)]
COMPLEX = [np.dtype(t) for t in (np.complex64, np.complex128)]
REAL = BOOL + INTEGER + FLOAT
ALL = REAL + COMPLEX


def builtin_class(exc: BaseException) -> type:
    """The first built-in exception class `exc` is an instance of (AxisError -> ValueError)."""
    return next(c for c in type(exc).__mro__ if c.__module__ == "builtins")


def run_eager(fn: Callable[..., Any], arrays: Sequence[np.ndarray]) -> tuple[Any, BaseException | None]:
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        try:
            return fn(*[a.copy() for a in arrays]), None
        except Exception as exc:  # the oracle's own failure is part of what we compare
            return None, exc


def flat_results(result: Any) -> tuple:
    return tuple(result) if isinstance(result, (tuple, list)) else (result,)


def trace(fn: Callable[..., Any], specs: Sequence[tuple[np.dtype, tuple]]) -> tuple[Graph, tuple]:
    """Trace `fn` on inputs of the given (dtype, shape) (None dims unknown); frozen graph + outputs."""
    graph = Graph("f")
    inputs = [graph.add_input(dtype, shape) for dtype, shape in specs]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with tracing(graph):
            outputs = flat_results(fn(*inputs))
    graph.freeze(outputs)
    return graph, outputs


def run_graph(graph: Graph, arrays: Sequence[np.ndarray]) -> tuple[tuple, tuple]:
    """(lowered results, interpreter results); both must raise or neither."""
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        lowered_exc = evaluated_exc = None
        try:
            lowered = lower(graph)(*[a.copy() for a in arrays])
        except Exception as exc:
            lowered, lowered_exc = None, exc
        try:
            evaluated = evaluate(graph, [a.copy() for a in arrays])
        except Exception as exc:
            evaluated, evaluated_exc = None, exc
    if lowered_exc is not None or evaluated_exc is not None:
        assert lowered_exc is not None and evaluated_exc is not None, (
            f"lowered code raised {lowered_exc!r}, interpreter raised {evaluated_exc!r}\n{graph}")
        assert type(lowered_exc) is type(evaluated_exc), (lowered_exc, evaluated_exc)
        raise lowered_exc
    return lowered, evaluated


def assert_identical(actual: Any, expected: Any, what: str) -> None:
    """Same dtype, shape and bits (NaNs compare equal to NaNs, whatever their payload)."""
    a, e = np.asarray(actual), np.asarray(expected)
    assert a.dtype == e.dtype, f"{what}: dtype {a.dtype} != {e.dtype}"
    assert a.shape == e.shape, f"{what}: shape {a.shape} != {e.shape}"
    if a.dtype.kind in "fc":
        nan_a, nan_e = np.isnan(a), np.isnan(e)
        assert np.array_equal(nan_a, nan_e), f"{what}: NaNs differ\n{a!r}\n{e!r}"
        a, e = np.where(nan_a, 0, a).astype(a.dtype), np.where(nan_e, 0, e).astype(e.dtype)
    assert a.tobytes() == e.tobytes(), f"{what}: values differ\n{a!r}\n{e!r}"


def assert_type_matches(t: Any, expected: Any, may_be_unknown: bool, what: str) -> None:
    e = np.asarray(expected)
    assert isinstance(t, Tensor), f"{what}: traced result is {type(t).__name__}, not a Tensor"
    assert t.dtype == e.dtype, f"{what}: traced dtype {t.dtype} != NumPy's {e.dtype}"
    assert len(t.shape) == e.ndim, f"{what}: traced shape {t.shape} != NumPy's {e.shape}"
    for got, want in zip(t.shape, e.shape):
        if got is None:
            assert may_be_unknown, f"{what}: traced shape {t.shape} has an unknown dim, NumPy's is {e.shape}"
        else:
            assert got == want, f"{what}: traced shape {t.shape} != NumPy's {e.shape}"


def check(fn: Callable[..., Any], arrays: Sequence[Any], unknown: Sequence[Sequence[bool]] | None = None,
          data_dependent: bool = False) -> None:
    """`fn` traced (dims marked in `unknown` left unknown), lowered and interpreted agrees with NumPy."""
    arrays = [np.asarray(a) for a in arrays]
    if unknown is None:
        unknown = [[False] * a.ndim for a in arrays]
    specs = [(a.dtype, tuple(None if u else d for d, u in zip(a.shape, mask))) for a, mask in zip(arrays, unknown)]
    may_be_unknown = data_dependent or any(any(mask) for mask in unknown)
    expected, expected_exc = run_eager(fn, arrays)
    try:
        graph, outputs = trace(fn, specs)
        lowered, evaluated = run_graph(graph, arrays)
    except Exception as exc:
        if expected_exc is None:
            raise AssertionError(f"NumPy returned {expected!r}, but the graph raised {exc!r}") from exc
        kind = builtin_class(expected_exc)
        assert isinstance(exc, kind), (
            f"NumPy raised {type(expected_exc).__name__}({expected_exc}), the graph raised "
            f"{type(exc).__name__}({exc}), not a {kind.__name__}")
        return
    assert expected_exc is None, f"NumPy raised {expected_exc!r}, the graph returned {lowered!r}\n{graph}"
    expected = flat_results(expected)
    assert len(outputs) == len(expected), f"{len(outputs)} outputs traced, NumPy returned {len(expected)}"
    for i, (t, e, low, ev) in enumerate(zip(outputs, expected, lowered, evaluated)):
        assert_type_matches(t, e, may_be_unknown, f"output {i}")
        assert_identical(low, e, f"output {i}, lowered vs NumPy")
        assert_identical(ev, low, f"output {i}, interpreter vs lowered")


# ---------------------------------------------------------------------------------- strategies

# `make fuzz` (AUTOCONV_FUZZ=1) draws many more examples than the everyday suite.
_SCALE = 25 if os.environ.get("AUTOCONV_FUZZ") else 1


def examples(n: int) -> settings:
    return settings(max_examples=n * _SCALE, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def shapes(min_dims: int = 0, max_dims: int = 3, min_side: int = 0, max_side: int = 4) -> st.SearchStrategy:
    return hnp.array_shapes(min_dims=min_dims, max_dims=max_dims, min_side=min_side, max_side=max_side)


def elements(dtype: np.dtype) -> st.SearchStrategy:
    """Values of `dtype`, floats with NaN, infinities and signed zeros."""
    if dtype.kind == "f":
        return st.floats(width=dtype.itemsize * 8, allow_nan=True, allow_infinity=True)
    if dtype.kind == "c":
        part = st.floats(width=dtype.itemsize * 4, allow_nan=True, allow_infinity=True)
        return st.builds(complex, part, part)
    return hnp.from_dtype(dtype)


def small_elements(dtype: np.dtype) -> st.SearchStrategy:
    """Small finite values, where large ones only make every result inf or overflow."""
    if dtype.kind == "b":
        return st.booleans()
    if dtype.kind == "u":
        return st.integers(0, 5)
    if dtype.kind == "i":
        return st.integers(-5, 5)
    if dtype.kind == "f":
        return st.sampled_from([0.0, -0.0, 0.5, -1.5, 2.0, 3.25, np.nan, np.inf])
    return st.builds(complex, st.sampled_from([0.0, 1.0, -2.5]), st.sampled_from([0.0, 0.5, -1.0]))


def arrays(dtype: np.dtype, shape: tuple, small: bool = False) -> st.SearchStrategy:
    return hnp.arrays(dtype, shape, elements=(small_elements if small else elements)(dtype))


def unknown_mask(draw: Any, shape: tuple, allowed: bool = True) -> list[bool]:
    """Which dims of an input to leave unknown while tracing."""
    if not allowed:
        return [False] * len(shape)
    return [draw(st.booleans()) for _ in shape]
