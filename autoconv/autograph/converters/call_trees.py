"""`f(a, *b, k=c)` -> `ag__.converted_call(f, (a, *b), {'k': c})`: callees get converted too."""

from __future__ import annotations

import gast

from autoconv.autograph.context import Context
from autoconv.autograph.pyct import templates
from autoconv.autograph.pyct.transformer import Transformer

# Builtins that look at the caller's frame: called from an operator they would see the
# wrong one, so they stay direct calls.
_FRAME_BUILTINS = frozenset({"super", "locals", "globals", "vars", "eval", "exec", "dir"})
# Builtins with nothing to convert or stage, kept as direct calls for readable output.
_PLAIN_BUILTINS = frozenset({"slice"})


def is_operator_call(node: gast.AST, name: str | None = None) -> bool:
    """Whether `node` calls an `ag__` operator (the one called `name`, if given)."""
    if not isinstance(node, gast.Call):
        return False
    func = node.func
    return (isinstance(func, gast.Attribute) and isinstance(func.value, gast.Name) and func.value.id == "ag__"
            and (name is None or func.attr == name))


class _CallTrees(Transformer):
    def __init__(self, ctx: Context, first_param: str | None):
        self.ctx = ctx
        self.first_param = first_param

    def visit_FunctionDef(self, node: gast.FunctionDef) -> gast.FunctionDef:
        outer = self.first_param
        params = node.args.posonlyargs + node.args.args
        self.first_param = params[0].id if params else None
        self.generic_visit(node)
        self.first_param = outer
        return node

    def visit_Call(self, node: gast.Call) -> gast.expr:
        self.generic_visit(node)
        if is_operator_call(node):
            return node
        if isinstance(node.func, gast.Name) and node.func.id in _PLAIN_BUILTINS:
            return node
        if isinstance(node.func, gast.Name) and node.func.id in _FRAME_BUILTINS:
            if node.func.id == "super" and not node.args and self.first_param is not None:
                # Zero-argument super() finds its class through the `__class__` cell of a
                # method; the converted function gets that cell, but not the compiler's magic.
                return templates.replace_as_expression(
                    "super(__class__, first)", first=self.first_param
                )
            return node
        args = gast.Tuple(elts=node.args, ctx=gast.Load())
        if node.keywords:
            keys = [None if kw.arg is None else gast.Constant(value=kw.arg, kind=None) for kw in node.keywords]
            kwargs: gast.expr = gast.Dict(keys=keys, values=[kw.value for kw in node.keywords])
        else:
            kwargs = gast.Constant(value=None, kind=None)
        return templates.replace_as_expression(
            "ag__.converted_call(func, args, kwargs)", func=node.func, args=args, kwargs=kwargs
        )


def transform(node: gast.AST, ctx: Context) -> gast.AST:
    return _CallTrees(ctx, None).visit(node)
