"""`for x in xs: ... continue` -> `continue_ = True` at the jump, `continue_ = False` at the top
of the body, and the rest of the body guarded by `if not continue_:`."""

from __future__ import annotations

import gast

from autoconv.autograph.context import Context
from autoconv.autograph.converters import jump_flags
from autoconv.autograph.pyct import origin, templates


class _Continues(jump_flags.LoopJumps):
    prefix = "continue_"

    def _loop(self, node: gast.While | gast.For) -> gast.stmt:
        flag = self.visit_loop_body(node)
        if not any(jump_flags.sets_flag(stmt, flag) for stmt in node.body):
            return node
        reset = templates.replace("flag = False", flag=flag)
        origin.stamp(reset, node.body[0])
        node.body = reset + jump_flags.guard_blocks(node.body, flag)
        return node

    visit_While = visit_For = _loop

    visit_Continue = jump_flags.LoopJumps.jump


def transform(node: gast.AST, ctx: Context) -> gast.AST:
    return _Continues(ctx).visit(node)
