"""Base class of the converters' tree rewriters."""

from __future__ import annotations

from typing import Any, Callable

import gast

from autoconv.autograph.pyct import origin, scopes, traversal
from autoconv.autograph.pyct.traversal import LEAVES

# Where statements can be: everything else is an expression (or part of one), and a lambda,
# the only scope an expression can hold, holds no statements.
_HOLDS_STATEMENTS = (gast.stmt, gast.excepthandler, gast.Module)


class Transformer(traversal.Visitor):
    """A NodeTransformer whose generated nodes inherit the location of the node they replace.

    Class bodies are left alone: a class defined inside converted code is plain Python, and
    its methods get converted when they are called.

    A converter that rewrites statements only sets `statements_only`: the walk then skips
    expressions, which cannot hold statements.

    Besides `visit_<Kind>` (which walks the node's children itself, if it wants them
    walked), a converter may define `enter_<Kind>` (sees the node before its children are
    walked) and `leave_<Kind>` (rewrites the node after). Converters made only of those can
    share one walk (`Together`).
    """

    statements_only = False

    @classmethod
    def _find_visitor(cls, kind: type) -> Callable[[Any, gast.AST], Any] | None:
        """Its `visit_<Kind>` method, or its enter/leave hooks around the walk of the
        children, or None (the walk alone)."""
        method = getattr(cls, "visit_" + kind.__name__, None)
        enter = getattr(cls, "enter_" + kind.__name__, None)
        leave = getattr(cls, "leave_" + kind.__name__, None)
        if method is None and (enter is not None or leave is not None):
            method = _around(enter, leave)
        return method

    def visit(self, node: gast.AST) -> Any:
        method = self._visitor(type(node))
        result = self.generic_visit(node) if method is None else method(self, node)
        if result is not node and result is not None:
            origin.stamp(result if isinstance(result, list) else [result], node)
        return result

    def _skips(self, node: Any) -> bool:
        kind = type(node)
        if kind in LEAVES:
            return self._visitor(kind) is None
        return self.statements_only and not isinstance(node, _HOLDS_STATEMENTS)

    def generic_visit(self, node: gast.AST) -> gast.AST:
        for field in node._fields:
            value = getattr(node, field, None)
            if type(value) is list:
                new: list[Any] = []
                changed = False
                for item in value:
                    if not isinstance(item, gast.AST) or self._skips(item):
                        new.append(item)
                        continue
                    result = self.visit(item)
                    if result is not item:
                        changed = True
                    if result is None:
                        continue
                    if isinstance(result, gast.AST):
                        new.append(result)
                    else:
                        new.extend(result)
                if changed:
                    value[:] = new
            elif isinstance(value, gast.AST) and not self._skips(value):
                result = self.visit(value)
                if result is None:
                    delattr(node, field)
                elif result is not value:
                    setattr(node, field, result)
        return node

    def visit_ClassDef(self, node: gast.ClassDef) -> gast.ClassDef:
        return node

    def visit_block(self, stmts: list[gast.stmt]) -> list[gast.stmt]:
        """Visit statements, splicing in the lists that visitors return."""
        out: list[gast.stmt] = []
        for stmt in stmts:
            result = self.visit(stmt)
            if result is None:
                continue
            out.extend(result if isinstance(result, list) else [result])
        return out


def _around(enter: Callable | None, leave: Callable | None) -> Callable[[Any, gast.AST], Any]:
    def visit(self: Transformer, node: gast.AST) -> Any:
        if enter is not None:
            enter(self, node)
        node = self.generic_visit(node)
        return leave(self, node) if leave is not None else node

    return visit


class Together(Transformer):
    """One walk for several converters made of `enter_`/`leave_` hooks: each node is entered
    by every converter in order, its children walked once, then left by every converter in
    order (each seeing what the one before made of it)."""

    def __init__(self, members: list[Transformer]):
        for m in members:
            own = [k for k in vars(type(m)) if k.startswith("visit_")]
            if own or m.statements_only:
                raise TypeError(f"{type(m).__name__} walks on its own ({own}); it cannot share a walk")
        self.members = members
        self._table: dict[tuple[str, type], list[tuple[int, Callable[[gast.AST], Any]]]] = {}

    def visit(self, node: gast.AST) -> Any:
        if isinstance(node, gast.ClassDef):
            return node
        for _, enter in self._hooks("enter_", type(node)):
            enter(node)
        result = self.generic_visit(node)
        done = 0  # members that have left the node
        while isinstance(result, gast.AST):
            later = [(i, leave) for i, leave in self._hooks("leave_", type(result)) if i >= done]
            if not later:
                break
            done, leave = later[0]
            done += 1
            result = leave(result)
        if result is not node and result is not None:
            origin.stamp(result if isinstance(result, list) else [result], node)
        return result

    def _hooks(self, prefix: str, kind: type) -> list[tuple[int, Callable[[gast.AST], Any]]]:
        """(position, bound method) of the members' `<prefix><Kind>` hooks."""
        found = self._table.get((prefix, kind))
        if found is None:
            name = prefix + kind.__name__
            found = [(i, getattr(m, name)) for i, m in enumerate(self.members) if hasattr(m, name)]
            self._table[prefix, kind] = found
        return found


class LocalsTransformer(Transformer):
    """A Transformer that knows the local variables of the function it is inside
    (`self.locals_`): rewrites that assign a name must leave free and global names alone,
    since assigning them would make them local, and unbound."""

    locals_: frozenset[str] | set[str] = frozenset()

    def visit_FunctionDef(self, node: gast.FunctionDef) -> gast.FunctionDef:
        outer, self.locals_ = self.locals_, scopes.local_names(node)
        self.generic_visit(node)
        self.locals_ = outer
        return node
