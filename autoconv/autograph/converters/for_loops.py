"""`for i in xs: body` -> `def loop_body(i): body;`
`ag__.for_stmt(xs, None, loop_body, get_state, set_state, ('s',), {})`."""

from __future__ import annotations

import gast

from autoconv.autograph.context import Context
from autoconv.autograph.converters import state_functions
from autoconv.autograph.pyct import anno, templates
from autoconv.autograph.pyct.transformer import Transformer


class _ForLoops(Transformer):
    statements_only = True

    def __init__(self, ctx: Context):
        self.ctx = ctx

    def visit_For(self, node: gast.For) -> list[gast.stmt]:
        self.generic_visit(node)
        names = state_functions.carried(node)
        defs, get_state, set_state = state_functions.state_functions(names, self.ctx)
        extra = anno.getanno(node, anno.Basic.EXTRA_LOOP_TEST, ())
        extra_test: gast.expr = gast.Constant(value=None, kind=None)
        if extra:
            name = self.ctx.namer.new("extra_test")
            test = extra[0] if len(extra) == 1 else gast.BoolOp(op=gast.And(), values=list(extra))
            anno.setanno(test, anno.Basic.TRUTH_TESTED, True)
            defs += templates.replace("def extra_test():\n    return test", extra_test=name, test=test)
            extra_test = gast.Name(id=name, ctx=gast.Load(), annotation=None, type_comment=None)
        loop_body = self.ctx.namer.new("loop_body")
        target = node.target
        if isinstance(target, gast.Name) and target.id not in names:
            # The iterate can be the parameter itself: it is local to the body.
            defs += state_functions.body_function(loop_body, [target.id], names, node.body)
        else:
            itr = self.ctx.namer.new("itr")
            unpack = templates.replace("target = itr", target=target, itr=itr)
            defs += state_functions.body_function(loop_body, [itr], names, unpack + node.body)
        call = templates.replace(
            "ag__.for_stmt(iterated, extra_test, loop_body, get_state, set_state, names, opts)",
            iterated=node.iter,
            extra_test=extra_test,
            loop_body=loop_body,
            get_state=get_state,
            set_state=set_state,
            names=state_functions.names_tuple(names),
            opts=state_functions.options(node),
        )
        return defs + call


def transform(node: gast.AST, ctx: Context) -> gast.AST:
    return _ForLoops(ctx).visit(node)
