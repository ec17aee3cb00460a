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
    options: dict

    @property
    def id(self) -> str:
        return f"{self.fn.__module__.rsplit('.', 1)[-1]}::{self.fn.__name__}"


def program(*arg_tuples: tuple, **options: Any) -> Callable:
    """Register `fn` to be checked with `assert_converts(fn, *arg_tuples, **options)`."""

    def register(fn: Callable[..., Any]) -> Callable[..., Any]:
        PROGRAMS.append(Program(fn, arg_tuples, options))
        return fn

    return register
