"""`lst.append(v)` -> `lst = ag__.list_append(lst, v)`, so a staged loop can carry the list."""

from __future__ import annotations

import gast

from autoconv.autograph.context import Context
from autoconv.autograph.pyct import templates
from autoconv.autograph.pyct.transformer import LocalsTransformer


class _Lists(LocalsTransformer):
    statements_only = True

    def visit_Expr(self, node: gast.Expr) -> gast.stmt | list[gast.stmt]:
        self.generic_visit(node)
        call = node.value
        if not (
            isinstance(call, gast.Call)
            and isinstance(call.func, gast.Attribute)
            and call.func.attr == "append"
            and isinstance(call.func.value, gast.Name)
            and call.func.value.id in self.locals_
            and len(call.args) == 1
            and not isinstance(call.args[0], gast.Starred)
            and not call.keywords
        ):
            return node
        target = call.func.value
        return templates.replace(
            "target = ag__.list_append(target, value)",
            target=gast.Name(id=target.id, ctx=gast.Store(), annotation=None, type_comment=None),
            value=call.args[0],
        )


def transform(node: gast.AST, ctx: Context) -> gast.AST:
    return _Lists().visit(node)
