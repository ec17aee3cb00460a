"""Helpers for users' own tests."""

from __future__ import annotations

import copy
from typing import Any, Callable

import numpy as np

from autoconv.function import function
from autoconv.graph import nest


def _describe(x: Any) -> str:
    if isinstance(x, (np.ndarray, np.generic)):
        return f"{np.asarray(x).dtype.name}{list(np.shape(x))} {np.asarray(x)!r}"
    return repr(x)


def _same(expected: Any, actual: Any) -> bool:
    if expected is None or actual is None:
        return expected is actual
    e, a = np.asarray(expected), np.asarray(actual)
    return e.dtype == a.dtype and e.shape == a.shape and bool(np.array_equal(e, a, equal_nan=e.dtype.kind in "fc"))


def assert_converts(fn: Callable[..., Any], *arg_tuples: tuple, **options: Any) -> None:
    """Assert `ac.function(fn)` returns exactly what `fn` returns (values, dtypes, structure)
    for every tuple of arguments, with one trace per distinct signature of those arguments.

    Arguments are passed the same way to both, so give arrays where the plain function
    takes arrays. Each failure shows the arguments and both results.
    """
    graph_fn = function(fn, **options)
    for args in arg_tuples:
        # The plain run gets copies: NumPy code may update its arguments in place.
        expected = fn(*copy.deepcopy(args))
        actual = graph_fn(*args)
        exp_leaves, act_leaves = nest.flatten(expected), nest.flatten(actual)
        if nest.structure(expected) != nest.structure(actual) or len(exp_leaves) != len(act_leaves):
            raise AssertionError(f"{fn.__name__}{args!r}: structure differs: plain {expected!r}, converted {actual!r}")
        for i, (e, a) in enumerate(zip(exp_leaves, act_leaves)):
            if not _same(e, a):
                raise AssertionError(
                    f"{fn.__name__}{args!r}: output {i} differs:\n  plain:     {_describe(e)}\n"
                    f"  converted: {_describe(a)}")
    signatures = {tuple(_signature(a) for a in args) for args in arg_tuples}
    traces = graph_fn.experimental_get_tracing_count()
    if traces != len(signatures):
        raise AssertionError(f"{fn.__name__}: {traces} traces for {len(signatures)} distinct input signatures")


def _signature(x: Any) -> Any:
    from autoconv.function.spec import trace_type

    return trace_type(x)
