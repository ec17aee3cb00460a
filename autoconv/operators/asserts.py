"""`assert`: raises AssertionError on Python values; a run-time check on traced ones."""

from __future__ import annotations

from typing import Any, Callable

from autoconv.errors import user_location
from autoconv.graph import ops
from autoconv.operators.tensors import is_tensor


def assert_stmt(test: Any, message: Callable[[], Any] | None = None) -> None:
    if is_tensor(test):
        text = str(message()) if message is not None else f"assertion failed at {user_location()}"
        ops.assert_(test, text)
        return
    if not test:
        if message is None:
            raise AssertionError
        raise AssertionError(message())
