"""`a if c else b` -> `ag__.if_exp(c, lambda: a, lambda: b, 'a if c else b')`."""

from __future__ import annotations

import gast

from autoconv.autograph.context import Context
from autoconv.autograph.pyct import parser, templates
from autoconv.autograph.pyct.transformer import Transformer


class _ConditionalExpressions(Transformer):
    def visit_IfExp(self, node: gast.IfExp) -> gast.expr:
        source = parser.unparse(node)
        self.generic_visit(node)
        return templates.replace_as_expression(
            "ag__.if_exp(test, lambda: body, lambda: orelse, source)",
            test=node.test,
            body=node.body,
            orelse=node.orelse,
            source=gast.Constant(value=source, kind=None),
        )


def transform(node: gast.AST, ctx: Context) -> gast.AST:
    return _ConditionalExpressions().visit(node)
