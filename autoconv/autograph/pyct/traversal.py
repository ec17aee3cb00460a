"""Walking gast trees: children, descendants, and the nodes of one scope.

Contexts (`Load`, `Store`...) and operators (`Add`, `Not`...) are attributes of their
parent rather than nodes worth visiting: walks leave them out.
"""

from __future__ import annotations

from typing import Iterable, Iterator

import gast

_LEAF_KINDS = (gast.expr_context, gast.operator, gast.unaryop, gast.boolop, gast.cmpop)
LEAVES = frozenset(
    cls for cls in vars(gast).values() if isinstance(cls, type) and issubclass(cls, _LEAF_KINDS)
)
SCOPES = (gast.FunctionDef, gast.AsyncFunctionDef, gast.Lambda, gast.ClassDef)


def children(node: gast.AST) -> list[gast.AST]:
    """The child nodes of `node`, in field order."""
    found: list[gast.AST] = []
    for field in node._fields:
        value = getattr(node, field, None)
        if type(value) is list:
            found.extend(v for v in value if isinstance(v, gast.AST) and type(v) not in LEAVES)
        elif isinstance(value, gast.AST) and type(value) not in LEAVES:
            found.append(value)
    return found


def walk(node: gast.AST) -> Iterator[gast.AST]:
    """`node` and every node under it (in no particular order)."""
    todo = [node]
    while todo:
        node = todo.pop()
        yield node
        todo.extend(children(node))


def scope_walk(nodes: Iterable[gast.AST]) -> Iterator[gast.AST]:
    """`nodes` and the nodes under them in the same scope: nested functions, lambdas and
    classes are yielded, not entered."""
    todo = list(nodes)
    while todo:
        node = todo.pop()
        yield node
        if not isinstance(node, SCOPES):
            todo.extend(children(node))
