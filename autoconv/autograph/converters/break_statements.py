"""`while c: ... break` -> `break_ = False; while not break_ and c: ... break_ = True`, with
the rest of the body guarded by `if not break_:`."""

from __future__ import annotations

import gast

from autoconv.autograph.context import Context
from autoconv.autograph.converters import jump_flags
from autoconv.autograph.pyct import anno, templates


class _Breaks(jump_flags.LoopJumps):
    prefix = "break_"

    def _loop(self, node: gast.While | gast.For) -> gast.stmt | list[gast.stmt]:
        flag = self.visit_loop_body(node)
        if not any(jump_flags.sets_flag(stmt, flag) for stmt in node.body):
            return node
        node.body = jump_flags.guard_blocks(node.body, flag)
        jump_flags.add_loop_condition(node, flag)
        anno.setanno(node, anno.Basic.BREAK_FLAG, flag)
        return templates.replace("flag = False", flag=flag) + [node]

    visit_While = visit_For = _loop

    visit_Break = jump_flags.LoopJumps.jump


def transform(node: gast.AST, ctx: Context) -> gast.AST:
    return _Breaks(ctx).visit(node)
