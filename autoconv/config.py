"""Global switches: eager debugging and the optimizer's passes."""

from __future__ import annotations

_run_eagerly = False

# Graph passes, by name, in the order they run; each can be switched off.
optimizer: dict[str, bool] = {}


def run_functions_eagerly(run_eagerly: bool) -> None:
    """Make every `ac.function` run its original Python function (for debugging)."""
    global _run_eagerly
    _run_eagerly = bool(run_eagerly)


def functions_run_eagerly() -> bool:
    return _run_eagerly
