"""`for x in xs: ... continue` -> `continue_ = True` at the jump, `continue_ = False` at the top
of the body, and the rest of the body guarded by `if not continue_:`."""

from __future__ import annotations

import gast

from autoconv.autograph.context import Context
from autoconv.autograph.converters import jump_flags
from autoconv.autograph.pyct import origin, templates
from autoconv.autograph.pyct.transformer import Transformer


class _Continues(Transformer):
    def __init__(self, ctx: Context):
        self.ctx = ctx
        self.flags: list[str] = []

    def _loop(self, node: gast.While | gast.For) -> gast.stmt:
        flag = self.ctx.namer.new("continue_", avoid=self.flags)
        self.flags.append(flag)
        node.body = self.visit_block(node.body)
        self.flags.pop()
        node.orelse = self.visit_block(node.orelse)
        if not any(jump_flags.sets_flag(stmt, flag) for stmt in node.body):
            return node
        reset = templates.replace("flag = False", flag=flag)
        origin.stamp(reset, node.body[0])
        node.body = reset + jump_flags.guard_blocks(node.body, flag)
        return node

    visit_While = visit_For = _loop

    def visit_Continue(self, node: gast.Continue) -> list[gast.stmt]:
        return jump_flags.set_flag(self.flags[-1])

    def visit_FunctionDef(self, node: gast.FunctionDef) -> gast.FunctionDef:
        outer, self.flags = self.flags, []
        self.generic_visit(node)
        self.flags = outer
        return node


def transform(node: gast.AST, ctx: Context) -> gast.AST:
    return _Continues(ctx).visit(node)
