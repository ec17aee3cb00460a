"""Tracing small graphs and checking that a pass keeps their meaning."""

from __future__ import annotations

from typing import Any, Callable

import numpy as np

from autoconv.graph import Graph, tracing
from autoconv.graph.verify import verify
from autoconv.runtime.lower import lower


def trace(fn: Callable[..., Any], *types: Any, name: str = "f") -> Graph:
    """The graph of `fn` on inputs of the given `(dtype, shape)` types; `"pyint"` is a weak int."""
    graph = Graph(name)
    inputs = [graph.add_input(np.int64, (), True) if t == "pyint" else graph.add_input(*t) for t in types]
    with tracing(graph):
        out = fn(*inputs)
    return graph.freeze(out if isinstance(out, tuple) else (out,))


def results(graph: Graph, args: tuple) -> tuple:
    return lower(graph)(*args)


def assert_same_results(before: tuple, after: tuple) -> None:
    """Bit for bit: values (NaN and -0.0 included), dtypes, shapes, Python-scalar-ness."""
    assert len(before) == len(after)
    for i, (a, b) in enumerate(zip(before, after)):
        assert type(a) is type(b) or (isinstance(a, np.ndarray) == isinstance(b, np.ndarray)), (i, a, b)
        a_arr, b_arr = np.asarray(a), np.asarray(b)
        assert a_arr.dtype == b_arr.dtype, f"output {i}: {a_arr.dtype} before, {b_arr.dtype} after"
        assert a_arr.shape == b_arr.shape, f"output {i}: {a_arr.shape} before, {b_arr.shape} after"
        assert a_arr.tobytes() == b_arr.tobytes(), f"output {i}:\nbefore {a_arr!r}\nafter  {b_arr!r}"


def check_pass(p: Callable[[Graph], Graph], graph: Graph, *argsets: tuple) -> Graph:
    """Run `p`, verify the result, compare results on every argument set, check idempotence."""
    text = str(graph)
    new = p(graph)
    assert str(graph) == text, "the pass changed its input graph"
    verify(new)
    for args in argsets:
        assert_same_results(results(graph, args), results(new, args))
    again = p(new)
    verify(again)
    assert str(again) == str(new), f"{p.__name__} is not idempotent:\n{new}\n---\n{again}"
    return new
