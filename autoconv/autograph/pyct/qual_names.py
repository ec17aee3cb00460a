"""Qualified names: the dotted/subscripted spelling of an expression like `a.b[i].c`."""

from __future__ import annotations

import gast


def root_name(node: gast.AST) -> str | None:
    """The variable at the root of an attribute/subscript chain (`a` in `a.b[i]`)."""
    while isinstance(node, (gast.Attribute, gast.Subscript)):
        node = node.value
    return node.id if isinstance(node, gast.Name) else None


def dotted(node: gast.AST) -> str | None:
    """`a.b.c` for a chain of attributes on a name, else None."""
    parts = []
    while isinstance(node, gast.Attribute):
        parts.append(node.attr)
        node = node.value
    if not isinstance(node, gast.Name):
        return None
    parts.append(node.id)
    return ".".join(reversed(parts))


def is_subscript_of_name(node: gast.AST) -> bool:
    """True for `x[i]`, `x[i][j]`...: subscripts all the way down to a plain name."""
    if not isinstance(node, gast.Subscript):
        return False
    while isinstance(node, gast.Subscript):
        node = node.value
    return isinstance(node, gast.Name)
