"""`a if c else b` -> `ag__.if_exp(c, lambda: a, lambda: b, 'a if c else b')`."""

from __future__ import annotations

import linecache

import gast

from autoconv.autograph.context import Context
from autoconv.autograph.pyct import anno, parser, templates
from autoconv.autograph.pyct.transformer import Transformer


def _user_text(node: gast.expr, filename: str) -> str | None:
    """The expression as the user wrote it (earlier converters have rewritten its calls)."""
    line, end = getattr(node, "lineno", None), getattr(node, "end_lineno", None)
    if line is None or end is None or line != end:
        return None
    text = linecache.getline(filename, line).encode()[node.col_offset:node.end_col_offset].decode(errors="replace")
    return text.strip() or None


class ConditionalExpressions(Transformer):
    def __init__(self, filename: str) -> None:
        self.filename = filename
        self.sources: dict[int, str] = {}  # the text of each expression, before its operands change

    def enter_IfExp(self, node: gast.IfExp) -> None:
        self.sources[id(node)] = _user_text(node, self.filename) or parser.unparse(node)
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
    return ConditionalExpressions(ctx.filename)


def transform(node: gast.AST, ctx: Context) -> gast.AST:
    return rewriter(ctx).visit(node)
