"""`a and b` -> `ag__.and_(lambda: a, lambda: b)`, `a or b` -> `ag__.or_(...)`,
`not a` -> `ag__.not_(a)`."""

from __future__ import annotations

import gast

from autoconv.autograph.context import Context
from autoconv.autograph.pyct import templates
from autoconv.autograph.pyct.transformer import Transformer


class LogicalExpressions(Transformer):
    def leave_BoolOp(self, node: gast.BoolOp) -> gast.expr:
        template = "ag__.and_(lambda: a, lambda: b)" if isinstance(node.op, gast.And) else "ag__.or_(lambda: a, lambda: b)"
        # `a and b and c` == `a and (b and c)`: same value, same operands evaluated.
        result = node.values[-1]
        for value in reversed(node.values[:-1]):
            result = templates.replace_as_expression(template, a=value, b=result)
        return result

    def leave_UnaryOp(self, node: gast.UnaryOp) -> gast.expr:
        if not isinstance(node.op, gast.Not):
            return node
        return templates.replace_as_expression("ag__.not_(x)", x=node.operand)


def rewriter(ctx: Context) -> Transformer:
    return LogicalExpressions()


def transform(node: gast.AST, ctx: Context) -> gast.AST:
    return rewriter(ctx).visit(node)
