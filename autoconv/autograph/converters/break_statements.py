"""`while c: ... break` -> `break_ = False; while not break_ and c: ... break_ = True`, with
the rest of the body guarded by `if not break_:`."""

from __future__ import annotations

import gast

from autoconv.autograph.context import Context
from autoconv.autograph.converters import jump_flags
from autoconv.autograph.pyct import anno, templates
from autoconv.autograph.pyct.transformer import Transformer


class _Breaks(Transformer):
    def __init__(self, ctx: Context):
        self.ctx = ctx
        self.flags: list[str] = []  # one per enclosing loop, innermost last

    def _loop(self, node: gast.While | gast.For) -> gast.stmt | list[gast.stmt]:
        # Enclosing loops keep their flags set while an inner loop runs: names must differ.
        flag = self.ctx.namer.new("break_", avoid=self.flags)
        self.flags.append(flag)
        node.body = self.visit_block(node.body)
        self.flags.pop()
        # A `break` in the `else` clause belongs to the enclosing loop.
        node.orelse = self.visit_block(node.orelse)
        if not any(jump_flags.sets_flag(stmt, flag) for stmt in node.body):
            return node
        node.body = jump_flags.guard_blocks(node.body, flag)
        jump_flags.add_loop_condition(node, flag)
        anno.setanno(node, anno.Basic.BREAK_FLAG, flag)
        return templates.replace("flag = False", flag=flag) + [node]

    visit_While = visit_For = _loop

    def visit_Break(self, node: gast.Break) -> list[gast.stmt]:
        return jump_flags.set_flag(self.flags[-1])

    def visit_FunctionDef(self, node: gast.FunctionDef) -> gast.FunctionDef:
        outer, self.flags = self.flags, []
        self.generic_visit(node)
        self.flags = outer
        return node


def transform(node: gast.AST, ctx: Context) -> gast.AST:
    return _Breaks(ctx).visit(node)
