"""`lo < x <= hi` -> `ag__.and_(lambda: lo < x, lambda: x <= hi)`; operands that are not
plain names or constants are bound once, in Python's order, as lambda parameters.
`x in c` -> `ag__.in_(x, c)` (`not in` -> `ag__.not_in(x, c)`): Python's own `in` takes the
truth of `x == item`, which a traced `x` does not have while tracing."""

from __future__ import annotations

import copy

import gast

from autoconv.autograph.context import Context
from autoconv.autograph.pyct import templates
from autoconv.autograph.pyct.transformer import Transformer


def _is_plain(node: gast.expr) -> bool:
    return isinstance(node, (gast.Name, gast.Constant))


def _name(name: str) -> gast.Name:
    return gast.Name(id=name, ctx=gast.Load(), annotation=None, type_comment=None)


def _single(left: gast.expr, op: gast.cmpop, right: gast.expr) -> gast.expr:
    if isinstance(op, (gast.In, gast.NotIn)):
        name = "in_" if isinstance(op, gast.In) else "not_in"
        return templates.replace_as_expression(f"ag__.{name}(x, c)", x=left, c=right)
    return gast.Compare(left=left, ops=[op], comparators=[right])


class Comparisons(Transformer):
    def __init__(self, ctx: Context):
        self.ctx = ctx

    def leave_Compare(self, node: gast.Compare) -> gast.expr:
        if len(node.ops) < 2:
            return _single(node.left, node.ops[0], node.comparators[0])
        return self._chain(node.left, list(zip(node.ops, node.comparators)), set())

    def _chain(self, left: gast.expr, rest: list, taken: set[str]) -> gast.expr:
        """`left op1 c1 op2 c2 ...` where `left` is already evaluated (plain or bound)."""
        (op, right), rest = rest[0], rest[1:]
        if not rest:
            return _single(left, op, right)
        bindings: list[tuple[str, gast.expr]] = []
        if not _is_plain(right):
            # `right` is read by two comparisons: evaluate it once, and only when Python
            # does, i.e. when this link of the chain is reached; `left` is bound with it
            # so that the two are still evaluated left to right.
            if not _is_plain(left):
                left = self._bind(left, bindings, taken)
                taken = taken | {bindings[-1][0]}
            right = self._bind(right, bindings, taken)
            taken = taken | {bindings[-1][0]}
        first = _single(left, op, right)
        result = templates.replace_as_expression(
            "ag__.and_(lambda: first, lambda: rest)",
            first=first,
            rest=self._chain(copy.deepcopy(right), rest, taken),
        )
        if not bindings:
            return result
        params = [gast.Name(id=n, ctx=gast.Param(), annotation=None, type_comment=None) for n, _ in bindings]
        lam = gast.Lambda(
            args=gast.arguments(
                args=params, posonlyargs=[], vararg=None, kwonlyargs=[], kw_defaults=[], kwarg=None, defaults=[]
            ),
            body=result,
        )
        return gast.Call(func=lam, args=[v for _, v in bindings], keywords=[])


    def _bind(self, value: gast.expr, bindings: list, taken: set[str]) -> gast.Name:
        name = self.ctx.namer.new("operand_", avoid=taken)
        bindings.append((name, value))
        return _name(name)


def rewriter(ctx: Context) -> Transformer:
    return Comparisons(ctx)


def transform(node: gast.AST, ctx: Context) -> gast.AST:
    return rewriter(ctx).visit(node)
