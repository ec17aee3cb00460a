"""Registry of corpus programs: each program is a plain Python + NumPy function and the
argument tuples it is checked with (same dtypes and shapes, different paths)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

PROGRAMS: list["Program"] = []


@dataclass
class Program:
    fn: Callable[..., Any]
    arg_tuples: tuple[tuple, ...]
    xfail: str | None
    options: dict

    @property
    def id(self) -> str:
        return f"{self.fn.__module__.rsplit('.', 1)[-1]}::{self.fn.__name__}"


def program(*arg_tuples: tuple, xfail: str | None = None, **options: Any) -> Callable:
    """Register `fn` to be checked with `assert_converts(fn, *arg_tuples, **options)`.

    `xfail` records a known autoconv bug (the test is a strict xfail)."""

    def register(fn: Callable[..., Any]) -> Callable[..., Any]:
        PROGRAMS.append(Program(fn, arg_tuples, xfail or getattr(fn, "_known_bug", None), options))
        return fn

    return register


def known_bug(reason: str) -> Callable:
    """Put under `@program(...)`: the program exposes the autoconv bug `reason`."""

    def mark(fn: Callable[..., Any]) -> Callable[..., Any]:
        fn._known_bug = reason
        return fn

    return mark


TRACED_RANGE_STEP = "range() with an array step is rejected"
