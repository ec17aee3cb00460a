"""`assert c, msg` -> `ag__.assert_stmt(c, lambda: msg)` (the message is built only on failure)."""

from __future__ import annotations

import gast

from autoconv.autograph.context import Context
from autoconv.autograph.pyct import anno, templates
from autoconv.autograph.pyct.transformer import Transformer


class _Asserts(Transformer):
    statements_only = True

    def visit_Assert(self, node: gast.Assert) -> list[gast.stmt]:
        self.generic_visit(node)
        anno.setanno(node.test, anno.Basic.TRUTH_TESTED, True)
        if node.msg is None:
            return templates.replace("ag__.assert_stmt(test)", test=node.test)
        return templates.replace("ag__.assert_stmt(test, lambda: msg)", test=node.test, msg=node.msg)


def transform(node: gast.AST, ctx: Context) -> gast.AST:
    return _Asserts().visit(node)
