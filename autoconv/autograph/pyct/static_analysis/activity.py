"""Activity: which variables a piece of code reads, writes and deletes, in its own scope.

Nested functions, lambdas, classes and comprehensions are scopes of their own: their free
variables count as reads where they are defined, their local names are not seen.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable

import gast

from autoconv.autograph.pyct import traversal

_SCOPES = (gast.FunctionDef, gast.AsyncFunctionDef, gast.Lambda, gast.ClassDef)
_COMPREHENSIONS = (gast.ListComp, gast.SetComp, gast.DictComp, gast.GeneratorExp)
_COMPOUND = (gast.If, gast.While, gast.For, gast.AsyncFor, gast.Try, gast.With, gast.AsyncWith)


@dataclass
class Activity:
    reads: set[str] = field(default_factory=set)
    writes: set[str] = field(default_factory=set)
    deletes: set[str] = field(default_factory=set)


def of_expressions(nodes: Iterable[gast.AST | None]) -> Activity:
    """Activity of expressions (or simple statements), nested scopes seen from outside."""
    visitor = _Visitor(descend_blocks=False)
    for node in nodes:
        if node is not None:
            visitor.visit(node)
    return visitor.activity


def of_block(stmts: Iterable[gast.stmt]) -> Activity:
    """Activity of statements including everything nested in them (not nested scopes)."""
    visitor = _Visitor(descend_blocks=True)
    for stmt in stmts:
        visitor.visit(stmt)
    return visitor.activity


def modified(stmts: Iterable[gast.stmt]) -> set[str]:
    """Names (re)bound or deleted by statements, nested blocks included."""
    act = of_block(stmts)
    return act.writes | act.deletes


def free_variables(node: gast.AST) -> set[str]:
    """Names a nested scope reads from outside itself."""
    if isinstance(node, (gast.FunctionDef, gast.AsyncFunctionDef, gast.Lambda)):
        inner = _Visitor(descend_blocks=True)
        args = node.args
        params = [a for a in args.posonlyargs + args.args + args.kwonlyargs]
        params += [a for a in (args.vararg, args.kwarg) if a is not None]
        bound = {a.id for a in params}
        body = node.body if isinstance(node.body, list) else [node.body]
        for stmt in body:
            inner.visit(stmt)
        declared_outer = inner.declared_outer
        local = (inner.activity.writes | inner.activity.deletes | bound) - declared_outer
        return (inner.activity.reads | declared_outer) - local
    if isinstance(node, gast.ClassDef):
        inner = _Visitor(descend_blocks=True)
        for stmt in node.body:
            inner.visit(stmt)
        return inner.activity.reads - inner.activity.writes
    if isinstance(node, _COMPREHENSIONS):
        inner = _Visitor(descend_blocks=False)
        for gen in node.generators:
            inner.visit(gen.iter)
            inner.visit(gen.target)
            for cond in gen.ifs:
                inner.visit(cond)
        for part in ("elt", "key", "value"):
            if hasattr(node, part):
                inner.visit(getattr(node, part))
        return inner.activity.reads - inner.activity.writes
    raise TypeError(f"not a scope: {type(node).__name__}")


class _Visitor(traversal.Visitor):
    def __init__(self, descend_blocks: bool):
        self.activity = Activity()
        self.descend_blocks = descend_blocks
        self.declared_outer: set[str] = set()

    def visit_Name(self, node: gast.Name) -> None:
        if isinstance(node.ctx, gast.Load):
            self.activity.reads.add(node.id)
        elif isinstance(node.ctx, (gast.Store, gast.Param)):
            self.activity.writes.add(node.id)
        elif isinstance(node.ctx, gast.Del):
            self.activity.deletes.add(node.id)
        if node.annotation is not None:
            self.visit(node.annotation)

    def visit_AugAssign(self, node: gast.AugAssign) -> None:
        if isinstance(node.target, gast.Name):
            self.activity.reads.add(node.target.id)
        self.generic_visit(node)

    def visit_Global(self, node: gast.Global) -> None:
        self.declared_outer.update(node.names)

    visit_Nonlocal = visit_Global

    def _scope(self, node: gast.AST) -> None:
        self.activity.reads |= free_variables(node)
        if isinstance(node, (gast.FunctionDef, gast.AsyncFunctionDef, gast.ClassDef)):
            self.activity.writes.add(node.name)
            for dec in node.decorator_list:
                self.visit(dec)
        if isinstance(node, gast.ClassDef):
            for base in node.bases + node.keywords:
                self.visit(base)
        else:
            for default in node.args.defaults + [d for d in node.args.kw_defaults if d]:
                self.visit(default)

    visit_FunctionDef = visit_AsyncFunctionDef = visit_Lambda = visit_ClassDef = _scope

    def _comprehension(self, node: gast.AST) -> None:
        self.activity.reads |= free_variables(node)

    visit_ListComp = visit_SetComp = visit_DictComp = visit_GeneratorExp = _comprehension

    def visit_alias(self, node: gast.alias) -> None:
        if node.name != "*":
            self.activity.writes.add((node.asname or node.name).split(".")[0])

    def generic_visit(self, node: gast.AST) -> None:
        if not self.descend_blocks and isinstance(node, _COMPOUND):
            return
        super().generic_visit(node)
