"""Fresh names for generated variables and functions that never clash with user names."""

from __future__ import annotations

from typing import Iterable

import gast

from autoconv.autograph.pyct import traversal


def names_in(tree: gast.AST) -> set[str]:
    """Every identifier a tree uses or binds."""
    found: set[str] = set()
    for node in traversal.walk(tree):
        if isinstance(node, gast.Name):
            found.add(node.id)
        elif isinstance(node, (gast.FunctionDef, gast.AsyncFunctionDef, gast.ClassDef)):
            found.add(node.name)
        elif isinstance(node, (gast.Global, gast.Nonlocal)):
            found.update(node.names)
        elif isinstance(node, gast.alias):
            found.add((node.asname or node.name).split(".")[0])
    return found


class Namer:
    """Hands out names that do not clash with the names of the user's code."""

    def __init__(self, reserved: Iterable[str]):
        self.reserved = set(reserved)

    def new(self, base: str, avoid: Iterable[str] = ()) -> str:
        """`base`, or `base_1`, `base_2`... : the first not used by the user nor in `avoid`.

        Generated helpers (`if_body`, `get_state`...) may be defined again by every statement
        that needs them: each definition is used right away, before the next one.
        """
        taken = self.reserved.union(avoid)
        sep = "" if base.endswith("_") else "_"
        name, i = base, 0
        while name in taken:
            i += 1
            name = f"{base}{sep}{i}"
        return name

    def unique(self, base: str) -> str:
        """A name used nowhere else in the function (reserved from now on)."""
        name = self.new(base)
        self.reserved.add(name)
        return name
