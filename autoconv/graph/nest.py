"""Nested structures (tuples, lists, dicts, namedtuples) of leaves: flatten and rebuild."""

from __future__ import annotations

from typing import Any


def _is_namedtuple(x: Any) -> bool:
    return isinstance(x, tuple) and hasattr(type(x), "_fields")


def flatten(x: Any) -> list[Any]:
    if isinstance(x, (tuple, list)):
        return [leaf for v in x for leaf in flatten(v)]
    if isinstance(x, dict):
        return [leaf for k in sorted(x, key=repr) for leaf in flatten(x[k])]
    return [x]


def structure(x: Any) -> Any:
    """A hashable description of the nesting (not the leaves)."""
    if isinstance(x, (tuple, list)):
        return (type(x).__name__, tuple(structure(v) for v in x))
    if isinstance(x, dict):
        return ("dict", tuple((repr(k), structure(x[k])) for k in sorted(x, key=repr)))
    return "*"


def describe(x: Any) -> str:
    if isinstance(x, (tuple, list)):
        inner = ", ".join(describe(v) for v in x)
        return f"({inner},)" if isinstance(x, tuple) and len(x) == 1 else (f"({inner})" if isinstance(x, tuple) else f"[{inner}]")
    if isinstance(x, dict):
        return "{" + ", ".join(f"{k!r}: {describe(v)}" for k, v in x.items()) + "}"
    return "value"


def pack_as(template: Any, leaves: list[Any]) -> Any:
    """Rebuild `template`'s structure from `leaves` (in `flatten` order)."""
    it = iter(leaves)
    result = _pack(template, it)
    return result


def sequence_like(template: tuple | list, items: Any) -> Any:
    """`items` in the sequence type of `template` (a tuple, a list, a namedtuple)."""
    return type(template)(*items) if _is_namedtuple(template) else type(template)(items)


def _pack(t: Any, it: Any) -> Any:
    if isinstance(t, (tuple, list)):
        return sequence_like(t, [_pack(v, it) for v in t])
    if isinstance(t, dict):
        packed = {k: _pack(t[k], it) for k in sorted(t, key=repr)}
        return {k: packed[k] for k in t}
    return next(it)


def map_structure(fn: Any, x: Any) -> Any:
    return pack_as(x, [fn(v) for v in flatten(x)])
