"""Base class of the converters' tree rewriters."""

from __future__ import annotations

from typing import Any

import gast

from autoconv.autograph.pyct import origin


class Transformer(gast.NodeTransformer):
    """A NodeTransformer whose generated nodes inherit the location of the node they replace.

    Class bodies are left alone: a class defined inside converted code is plain Python, and
    its methods get converted when they are called.
    """

    def visit(self, node: gast.AST) -> Any:
        result = super().visit(node)
        if result is not node and result is not None:
            origin.stamp(result if isinstance(result, list) else [result], node)
        return result

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
