"""`assert`: raises AssertionError on Python values; a run-time check on traced ones."""

from __future__ import annotations

from typing import Any, Callable

from autoconv.errors import user_location
from autoconv.graph import dispatch, ops
from autoconv.operators.tensors import is_tensor


def assert_stmt(test: Any, message: Callable[[], Any] | None = None) -> None:
    if is_tensor(test):
        if message is None:
            ops.assert_(test, f"assertion failed at {user_location()}")
            return
        # Traced values in the message are shown as they are when the check fails.
        with dispatch.formatted_later() as values:
            text = str(message())
        ops.assert_(test, text, values)
        return
    if not test:
        if message is None:
            raise AssertionError
        raise AssertionError(message())
