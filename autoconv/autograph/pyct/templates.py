"""Templates: generated code written as Python text whose placeholder names get replaced.

    replace("if not flag:\n    body", flag="break_", body=[...statements...])
    replace_as_expression("ag__.not_(x)", x=node.operand)

A replacement is
  * a gast expression: substituted for every `Name` spelled like the placeholder (with the
    context of the place it lands in);
  * a string: renames the placeholder wherever it stands for a name (variables, parameters,
    function names, `nonlocal` lists);
  * a list of strings: expands the placeholder inside a `nonlocal`/`global` statement (the
    statement disappears when the list is empty);
  * a list of statements: spliced where the placeholder stands alone as a statement.

Template nodes carry no source location; `origin.stamp` gives them the user's line.
"""

from __future__ import annotations

import ast
import copy
import textwrap
from typing import Any

import gast

from autoconv.autograph.pyct import translate, traversal

_LOCATION = ("lineno", "col_offset", "end_lineno", "end_col_offset")


def replace(template: str, **replacements: Any) -> list[gast.stmt]:
    """The statements of `template` with placeholders replaced."""
    tree = _parsed(template, "exec")
    return _Replacer(replacements).visit_block(tree.body)


def replace_as_expression(template: str, **replacements: Any) -> gast.expr:
    """The expression `template` with placeholders replaced."""
    tree = _parsed(template, "eval")
    return _Replacer(replacements).visit(tree.body)


_parsed_templates: dict[tuple[str, str], gast.AST] = {}


def _parsed(template: str, mode: str) -> gast.AST:
    """A fresh copy of the parsed `template` (each text is parsed once)."""
    tree = _parsed_templates.get((template, mode))
    if tree is None:
        text = textwrap.dedent(template) if mode == "exec" else template.strip()
        tree = translate.to_gast(ast.parse(text, mode=mode))
        _strip_locations(tree)
        _parsed_templates[template, mode] = tree
    return _clone(tree)


def _clone(node: gast.AST) -> gast.AST:
    """A deep copy of a tree without locations or annotations (what a parsed template is)."""
    cls = type(node)
    new = cls.__new__(cls)
    fields = new.__dict__
    for name, value in node.__dict__.items():
        if type(value) is list:
            value = [_clone(v) if isinstance(v, gast.AST) else v for v in value]
        elif isinstance(value, gast.AST):
            value = _clone(value)
        fields[name] = value
    return new


def _strip_locations(tree: gast.AST) -> None:
    for node in traversal.walk(tree):
        for attr in _LOCATION:
            if hasattr(node, attr):
                delattr(node, attr)


class _Replacer(traversal.Visitor):
    def __init__(self, replacements: dict[str, Any]):
        self.replacements = replacements
        self.used: set[str] = set()

    def _fresh(self, name: str) -> gast.AST:
        # The first use takes the node itself (keeping its annotations and location);
        # later uses take copies so that no node has two parents.
        node = self.replacements[name]
        if name in self.used:
            return copy.deepcopy(node)
        self.used.add(name)
        return node

    def visit_block(self, stmts: list[gast.stmt]) -> list[gast.stmt]:
        out: list[gast.stmt] = []
        for stmt in stmts:
            if (
                isinstance(stmt, gast.Expr)
                and isinstance(stmt.value, gast.Name)
                and isinstance(self.replacements.get(stmt.value.id), list)
            ):
                out.extend(self._fresh(stmt.value.id))
                continue
            result = self.visit(stmt)
            if result is None:
                continue
            out.extend(result if isinstance(result, list) else [result])
        return out

    def generic_visit(self, node: gast.AST) -> gast.AST:
        for field in node._fields:
            value = getattr(node, field, None)
            if isinstance(value, list) and value and isinstance(value[0], gast.stmt):
                block = self.visit_block(value)
                setattr(node, field, block or [gast.Pass()])
            elif isinstance(value, list):
                setattr(node, field, [self.visit(v) if isinstance(v, gast.AST) else v for v in value])
            elif isinstance(value, gast.AST) and type(value) not in traversal.LEAVES:
                setattr(node, field, self.visit(value))
        return node

    def visit_Name(self, node: gast.Name) -> gast.AST:
        value = self.replacements.get(node.id)
        if value is None:
            return node
        if isinstance(value, str):
            node.id = value
            return node
        if isinstance(value, gast.AST):
            new = self._fresh(node.id)
            _set_context(new, node.ctx)
            return new
        raise ValueError(f"placeholder {node.id!r} cannot take a {type(value).__name__} here")

    def visit_FunctionDef(self, node: gast.FunctionDef) -> gast.AST:
        value = self.replacements.get(node.name)
        if isinstance(value, str):
            node.name = value
        return self.generic_visit(node)

    def _names(self, node: gast.Global | gast.Nonlocal) -> gast.AST | None:
        names: list[str] = []
        for name in node.names:
            value = self.replacements.get(name, name)
            names.extend([value] if isinstance(value, str) else value)
        node.names = names
        return node if names else None

    visit_Nonlocal = _names
    visit_Global = _names


def _set_context(node: gast.AST, ctx: gast.expr_context) -> None:
    if isinstance(node, (gast.Name, gast.Attribute, gast.Subscript, gast.Starred, gast.List, gast.Tuple)):
        node.ctx = type(ctx)()
    if isinstance(node, (gast.Tuple, gast.List)):
        for elt in node.elts:
            _set_context(elt, ctx)
    elif isinstance(node, gast.Starred):
        _set_context(node.value, ctx)
