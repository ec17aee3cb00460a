"""`fold_constants`: evaluate operations whose inputs are all known now, once.

`%3 = add %1, %2` with `%1`, `%2` constants becomes `%3 = const <value>`, computed with the
registry kernel the runtime would call. Not folded:

- stateful operations, and `empty`/`empty_like` (their contents are not a value);
- results over `MAX_ELEMENTS` elements (a small expression should not become a big array);
- an evaluation that raises, warns or sets a floating-point flag: the graph keeps the
  operation, so the error or warning still happens when (and only if) it runs;
- a result the caller receives (see `rebuild.escaping`) unless it is a Python scalar: a
  folded array would be one array shared by every call.

A weak (Python scalar) result stays a Python scalar constant, so NEP 50 promotion of its
uses is unchanged.
"""

from __future__ import annotations

import math
import warnings
from typing import Any, Sequence

import numpy as np

from autoconv.graph import registry
from autoconv.graph.ir import Graph, Operation, Tensor
from autoconv.optimize.rebuild import NOT_CONSTANT, PY_SCALARS, Builder, constant_value, is_stateful, rebuild_if

MAX_ELEMENTS = 100_000
_NOT_VALUES = frozenset({"const", "cond", "while", "empty", "empty_like"})


def fold_constants(graph: Graph) -> Graph:
    return rebuild_if(graph, lambda op: _known_inputs(op, op.inputs) is not None, _fold)


def _known_inputs(op: Operation, inputs: tuple) -> list[Any] | None:
    """The values of `inputs` if `op` is a small pure operation whose inputs are all known."""
    if op.type in _NOT_VALUES or not op.outputs or is_stateful(op):
        return None
    values = [constant_value(x) for x in inputs]
    if any(v is NOT_CONSTANT for v in values) or any(_too_big(t.shape) for t in op.outputs):
        return None
    return values


def _fold(b: Builder, op: Operation, inputs: tuple) -> Sequence[Tensor] | None:
    values = _known_inputs(op, inputs)
    if values is None:
        return None
    if b.escapes(op) and not all(t.weak for t in op.outputs):
        return None
    results = _evaluate(op, values)
    if results is None:
        return None
    consts = [_as_constant(t, r) for t, r in zip(op.outputs, results)]
    if any(c is NOT_CONSTANT for c in consts):
        return None
    b.note(f"folded {op.type}")
    return tuple(b.const(c, op.location) for c in consts)


def _evaluate(op: Operation, values: list[Any]) -> tuple | None:
    try:
        with warnings.catch_warnings(), np.errstate(all="raise"):
            warnings.simplefilter("error")
            out = registry.OPS[op.type].kernel(*values, **op.attrs)
    except Exception:
        return None
    return out if len(op.outputs) > 1 else (out,)


def _as_constant(t: Tensor, value: Any) -> Any:
    """`value` as the constant standing for `t`, or NOT_CONSTANT if its type is not `t`'s."""
    if t.weak:
        ok = type(value) in PY_SCALARS and np.asarray(value).dtype == t.dtype
        return value if ok else NOT_CONSTANT
    if type(value) in PY_SCALARS:
        return NOT_CONSTANT
    array = np.asarray(value)
    if array.dtype != t.dtype or len(array.shape) != len(t.shape) or array.size > MAX_ELEMENTS:
        return NOT_CONSTANT
    if any(d is not None and d != a for d, a in zip(t.shape, array.shape)):
        return NOT_CONSTANT
    return array


def _too_big(shape: tuple) -> bool:
    known = [d for d in shape if d is not None]
    return math.prod(known) > MAX_ELEMENTS
