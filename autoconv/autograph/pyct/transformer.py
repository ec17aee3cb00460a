"""Base class of the converters' tree rewriters."""

from __future__ import annotations

from typing import Any, Callable

import gast

from autoconv.autograph.pyct import origin
from autoconv.autograph.pyct.traversal import LEAVES

# Where statements can be: everything else is an expression (or part of one), and a lambda,
# the only scope an expression can hold, holds no statements.
_HOLDS_STATEMENTS = (gast.stmt, gast.excepthandler, gast.Module)


class Transformer(gast.NodeTransformer):
    """A NodeTransformer whose generated nodes inherit the location of the node they replace.

    Class bodies are left alone: a class defined inside converted code is plain Python, and
    its methods get converted when they are called.

    A converter that rewrites statements only sets `statements_only`: the walk then skips
    expressions, which cannot hold statements.
    """

    statements_only = False
    _dispatch: dict[type, Callable[[Any, gast.AST], Any] | None]

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        cls._dispatch = {}

    def _visitor(self, kind: type) -> Callable[[Any, gast.AST], Any] | None:
        """The `visit_<Kind>` method of this class (unbound), or None."""
        table = type(self)._dispatch
        try:
            return table[kind]
        except KeyError:
            method = getattr(type(self), "visit_" + kind.__name__, None)
            table[kind] = method
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


class LocalsTransformer(Transformer):
    """A Transformer that knows the local variables of the function it is inside
    (`self.locals_`): rewrites that assign a name must leave free and global names alone,
    since assigning them would make them local, and unbound."""

    locals_: frozenset[str] | set[str] = frozenset()

    def visit_FunctionDef(self, node: gast.FunctionDef) -> gast.FunctionDef:
        from autoconv.autograph.pyct.scopes import local_names

        outer, self.locals_ = self.locals_, local_names(node)
        self.generic_visit(node)
        self.locals_ = outer
        return node
