"""`if c: y = 1 else: y = 2` -> `def if_body(): ...; def else_body(): ...;`
`ag__.if_stmt(c, if_body, else_body, get_state, set_state, ('y',), 1)`."""

from __future__ import annotations

import gast

from autoconv.autograph.context import Context
from autoconv.autograph.converters import state_functions
from autoconv.autograph.pyct import anno, templates
from autoconv.autograph.pyct.transformer import Transformer


class _Conditionals(Transformer):
    statements_only = True

    def __init__(self, ctx: Context):
        self.ctx = ctx

    def visit_If(self, node: gast.If) -> list[gast.stmt]:
        self.generic_visit(node)
        anno.setanno(node.test, anno.Basic.TRUTH_TESTED, True)
        names = state_functions.carried(node)
        outputs = anno.getanno(node, anno.Static.OUTPUTS, len(names))
        defs, get_state, set_state = state_functions.state_functions(names, self.ctx)
        if_body = self.ctx.namer.new("if_body")
        else_body = self.ctx.namer.new("else_body")
        defs += state_functions.body_function(if_body, [], names, node.body)
        defs += state_functions.body_function(else_body, [], names, node.orelse)
        call = templates.replace(
            "ag__.if_stmt(test, if_body, else_body, get_state, set_state, names, outputs)",
            test=node.test,
            if_body=if_body,
            else_body=else_body,
            get_state=get_state,
            set_state=set_state,
            names=state_functions.names_tuple(names),
            outputs=gast.Constant(value=outputs, kind=None),
        )
        enclosing = anno.getanno(node, anno.Static.ENCLOSING)
        if enclosing is not None:
            call[0].value.keywords.append(
                gast.keyword(arg="enclosing", value=gast.Constant(value=enclosing, kind=None))
            )
        return defs + call


def transform(node: gast.AST, ctx: Context) -> gast.AST:
    return _Conditionals(ctx).visit(node)
