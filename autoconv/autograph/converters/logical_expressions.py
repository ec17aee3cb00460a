"""`a and b` -> `ag__.and_(lambda: a, lambda: b)`, `a or b` -> `ag__.or_(...)`,
`not a` -> `ag__.not_(a)`.

Where only the truth of `a and b` counts (an if/while/assert test, under `not`), `and_` and
`or_` give a bool. Elsewhere the value is an operand, as in Python: `ag__.and_value` and
`ag__.or_value` stage a branch between the operands."""

from __future__ import annotations

import gast

from autoconv.autograph.context import Context
from autoconv.autograph.pyct import anno, templates
from autoconv.autograph.pyct.transformer import Transformer


class LogicalExpressions(Transformer):
    def enter_BoolOp(self, node: gast.BoolOp) -> None:
        if anno.hasanno(node, anno.Basic.TRUTH_TESTED):
            for value in node.values:
                anno.setanno(value, anno.Basic.TRUTH_TESTED, True)

    def enter_UnaryOp(self, node: gast.UnaryOp) -> None:
        if isinstance(node.op, gast.Not):
            anno.setanno(node.operand, anno.Basic.TRUTH_TESTED, True)

    def leave_BoolOp(self, node: gast.BoolOp) -> gast.expr:
        name = "and_" if isinstance(node.op, gast.And) else "or_"
        if not anno.hasanno(node, anno.Basic.TRUTH_TESTED):
            name += "value"
        template = f"ag__.{name}(lambda: a, lambda: b)"
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
