"""`x[i]` (a read) -> `ag__.get_item(x, i)`: a traced index into an array that is not traced
(a lookup table, `counts = np.zeros(k)` before the first update) reads a traced item.

Keys that are literals (`x[0]`, `x[1:3]`, `x[:, -1]`) stay as written: they are never traced.
"""

from __future__ import annotations

import gast

from autoconv.autograph.context import Context
from autoconv.autograph.converters.slices import as_value
from autoconv.autograph.pyct import templates
from autoconv.autograph.pyct.transformer import Transformer


def _is_literal(key: gast.AST | None) -> bool:
    if key is None or isinstance(key, gast.Constant):
        return True
    if isinstance(key, gast.UnaryOp):
        return isinstance(key.operand, gast.Constant)
    if isinstance(key, gast.Slice):
        return all(_is_literal(p) for p in (key.lower, key.upper, key.step))
    if isinstance(key, gast.Tuple):
        return all(_is_literal(e) for e in key.elts)
    return False


class Subscripts(Transformer):
    def leave_Subscript(self, node: gast.Subscript) -> gast.expr:
        if not isinstance(node.ctx, gast.Load) or _is_literal(node.slice):
            return node
        return templates.replace_as_expression("ag__.get_item(target, key)", target=node.value,
                                               key=as_value(node.slice))


def rewriter(ctx: Context) -> Transformer:
    return Subscripts()


def transform(node: gast.AST, ctx: Context) -> gast.AST:
    return rewriter(ctx).visit(node)
