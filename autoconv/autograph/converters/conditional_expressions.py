"""`a if c else b` -> `ag__.if_exp(c, lambda: a, lambda: b, 'a if c else b')`."""

from __future__ import annotations

import gast

from autoconv.autograph.context import Context
from autoconv.autograph.pyct import anno, parser, templates
from autoconv.autograph.pyct.transformer import Transformer


class ConditionalExpressions(Transformer):
    def __init__(self) -> None:
        self.sources: dict[int, str] = {}  # the text of each expression, before its operands change

    def enter_IfExp(self, node: gast.IfExp) -> None:
        self.sources[id(node)] = parser.unparse(node)
        anno.setanno(node.test, anno.Basic.TRUTH_TESTED, True)

    def leave_IfExp(self, node: gast.IfExp) -> gast.expr:
        return templates.replace_as_expression(
            "ag__.if_exp(test, lambda: body, lambda: orelse, source)",
            test=node.test,
            body=node.body,
            orelse=node.orelse,
            source=gast.Constant(value=self.sources.pop(id(node)), kind=None),
        )


def rewriter(ctx: Context) -> Transformer:
    return ConditionalExpressions()


def transform(node: gast.AST, ctx: Context) -> gast.AST:
    return rewriter(ctx).visit(node)
