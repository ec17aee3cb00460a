"""Telling traced values from Python values."""

from __future__ import annotations

import contextlib
import sys
import threading
import types
from typing import Any, Iterator

from autoconv.errors import user_frame
from autoconv.graph import Tensor
from autoconv.graph.tracing import current_graph


def is_tensor(x: Any) -> bool:
    """Whether `x` is a traced value: control flow on it must be staged."""
    return isinstance(x, Tensor)


def is_tracing() -> bool:
    return current_graph() is not None


_before = threading.local()


@contextlib.contextmanager
def containers_of_the_caller() -> Iterator[None]:
    """Note the containers the user's code can reach as a staged if or loop starts (its
    variables, and what they hold): inside, those must not change in place (see
    `changes_a_container_from_before`); containers made inside are the body's own."""
    frame = user_frame(sys._getframe(2))  # past this generator and contextlib's __enter__
    found: set[int] = set()
    if frame is not None:
        _collect(list(frame.f_locals.values()), found)
    stack = getattr(_before, "stack", None)
    if stack is None:
        stack = _before.stack = []
    stack.append(found)
    try:
        yield
    finally:
        stack.pop()


def changes_a_container_from_before(container: Any) -> bool:
    return any(id(container) in found for found in getattr(_before, "stack", ()))


def _collect(values: list, found: set[int], depth: int = 3) -> None:
    for value in values:
        if isinstance(value, (list, dict, set)) and id(value) not in found:
            found.add(id(value))
            if depth:
                _collect(list(value.values()) if isinstance(value, dict) else list(value), found, depth - 1)
        elif isinstance(value, tuple) and depth:
            _collect(list(value), found, depth - 1)
        elif depth and not isinstance(value, (type, types.ModuleType)) and not callable(value):
            try:  # an object's attributes (not through a __getattr__ of its own)
                attributes = object.__getattribute__(value, "__dict__")
            except AttributeError:
                continue
            _collect(list(attributes.values()), found, depth - 1)
