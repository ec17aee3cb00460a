"""Walking gast trees: children, descendants, and the nodes of one scope.

Contexts (`Load`, `Store`...) and operators (`Add`, `Not`...) are attributes of their
parent rather than nodes worth visiting: walks leave them out.
"""

from __future__ import annotations

from typing import Any, Callable, Iterable, Iterator

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


def statements(stmts: Iterable[gast.stmt]) -> Iterator[gast.stmt]:
    """The statements among `scope_walk(stmts)`, in the same order, found without looking
    into expressions (which hold no statements)."""
    todo = list(stmts)
    while todo:
        stmt = todo.pop()
        yield stmt
        if isinstance(stmt, SCOPES):
            continue
        for block in blocks(stmt):
            todo.extend(block)


def blocks(stmt: gast.AST) -> list[list[gast.stmt]]:
    """The statement blocks directly inside a statement, in field order (the body of each
    `except` handler and `match` case is one)."""
    found = []
    for field in _BLOCK_FIELDS.get(type(stmt), ()):
        if field in ("handlers", "cases"):
            found += [part.body for part in getattr(stmt, field)]
        else:
            found.append(getattr(stmt, field))
    return found


# Fields of compound statements that hold statements, in field order.
_BLOCK_FIELDS = {
    cls: tuple(f for f in cls._fields if f in ("body", "handlers", "cases", "orelse", "finalbody"))
    for cls in vars(gast).values()
    if isinstance(cls, type) and issubclass(cls, gast.stmt)
}


class Visitor:
    """`gast.NodeVisitor` with its `visit_<Kind>` methods looked up once per node class;
    `generic_visit` visits `children` (contexts and operators are not visited)."""

    _dispatch: dict[type, Callable[[Any, gast.AST], Any] | None] = {}

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        cls._dispatch = {}

    def _visitor(self, kind: type) -> Callable[[Any, gast.AST], Any] | None:
        """What visits a `kind` node for this class (unbound), or None (the walk alone)."""
        table = type(self)._dispatch
        try:
            return table[kind]
        except KeyError:
            method = table[kind] = type(self)._find_visitor(kind)
            return method

    @classmethod
    def _find_visitor(cls, kind: type) -> Callable[[Any, gast.AST], Any] | None:
        return getattr(cls, "visit_" + kind.__name__, None)

    def visit(self, node: gast.AST) -> Any:
        method = self._visitor(type(node))
        return self.generic_visit(node) if method is None else method(self, node)

    def generic_visit(self, node: gast.AST) -> None:
        for child in children(node):
            self.visit(child)
