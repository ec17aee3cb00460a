"""Raising `SaveFormatError` with the place in the file where the problem is."""

from __future__ import annotations

from typing import NoReturn

from autoconv.errors import SaveFormatError


def fail(where: str, problem: str) -> NoReturn:
    """Reject the file: `where` is a path into graph.json (`functions[0].graph.operations[3]`)."""
    raise SaveFormatError(f"{where}: {problem}" if where else problem)


def expect(condition: bool, where: str, problem: str) -> None:
    if not condition:
        fail(where, problem)
