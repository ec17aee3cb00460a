"""`while (n := f(n)) > 0: body` -> `while True: if not (n := f(n)) > 0: break` then `body`.

A test that assigns a variable (`:=`) becomes a statement of the body, where what it
assigns is carried like any variable the body modifies (a staged loop evaluates its test
apart from its body). A loop with an `else` clause keeps its test: moving the test would
move the clause's exit too, so that is an error.
"""

from __future__ import annotations

import gast

from autoconv.autograph.context import Context
from autoconv.autograph.pyct import templates, traversal
from autoconv.autograph.pyct.transformer import Transformer
from autoconv.errors import ConversionError


class _LoopTests(Transformer):
    statements_only = True

    def __init__(self, ctx: Context):
        self.ctx = ctx

    def visit_While(self, node: gast.While) -> gast.While:
        self.generic_visit(node)
        if not any(isinstance(n, gast.NamedExpr) for n in traversal.walk(node.test)):
            return node
        if node.orelse:
            raise ConversionError(
                f"a `while` loop whose test assigns a variable (:=) and that has an `else` clause "
                f"({self.ctx.location(node)}) is not supported in converted code: assign the "
                "variable in the body")
        exit_ = templates.replace("if not test:\n    break", test=node.test)
        node.test = gast.Constant(value=True, kind=None)
        node.body = exit_ + node.body
        return node


def transform(node: gast.AST, ctx: Context) -> gast.AST:
    return _LoopTests(ctx).visit(node)
