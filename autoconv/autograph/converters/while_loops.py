"""`while c: body` -> `def loop_test(): return c; def loop_body(): body;`
`ag__.while_stmt(loop_test, loop_body, get_state, set_state, ('i',), {})`."""

from __future__ import annotations

import gast

from autoconv.autograph.context import Context
from autoconv.autograph.converters import state_functions
from autoconv.autograph.pyct import anno, templates
from autoconv.autograph.pyct.transformer import Transformer


class _WhileLoops(Transformer):
    statements_only = True

    def __init__(self, ctx: Context):
        self.ctx = ctx

    def visit_While(self, node: gast.While) -> list[gast.stmt]:
        self.generic_visit(node)
        anno.setanno(node.test, anno.Basic.TRUTH_TESTED, True)
        names = state_functions.carried(node)
        defs, get_state, set_state = state_functions.state_functions(names, self.ctx)
        loop_test = self.ctx.namer.new("loop_test")
        loop_body = self.ctx.namer.new("loop_body")
        defs += templates.replace("def loop_test():\n    return test", loop_test=loop_test, test=node.test)
        defs += state_functions.body_function(loop_body, [], names, node.body)
        call = templates.replace(
            "ag__.while_stmt(loop_test, loop_body, get_state, set_state, names, opts)",
            loop_test=loop_test,
            loop_body=loop_body,
            get_state=get_state,
            set_state=set_state,
            names=state_functions.names_tuple(names),
            opts=state_functions.options(node),
        )
        return defs + call


def transform(node: gast.AST, ctx: Context) -> gast.AST:
    return _WhileLoops(ctx).visit(node)
