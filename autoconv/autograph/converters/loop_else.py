"""`while c: ... else: e` -> the loop, then `if not break_: e` (just `e` when nothing breaks)."""

from __future__ import annotations

import gast

from autoconv.autograph.context import Context
from autoconv.autograph.pyct import anno, origin, templates
from autoconv.autograph.pyct.transformer import Transformer


class _LoopElse(Transformer):
    statements_only = True

    def _loop(self, node: gast.While | gast.For) -> gast.stmt | list[gast.stmt]:
        self.generic_visit(node)
        if not node.orelse:
            return node
        orelse, node.orelse = node.orelse, []
        flag = anno.getanno(node, anno.Basic.BREAK_FLAG)
        if flag is None:
            return [node] + orelse
        guarded = templates.replace("if not flag:\n    orelse", flag=flag, orelse=orelse)
        origin.stamp(guarded, orelse[0])
        return [node] + guarded

    visit_While = visit_For = _loop


def transform(node: gast.AST, ctx: Context) -> gast.AST:
    return _LoopElse().visit(node)
