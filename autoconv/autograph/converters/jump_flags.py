"""Lowering of jumps (`break`, `continue`, `return`) to flags, shared by their converters.

A jump becomes an assignment `flag = True` marked with `Basic.JUMP_FLAG`; every statement
that could run after it in the same iteration or function is then guarded:

    if c:                       if c:
        break_ = True     ->        break_ = True
    rest                        if not break_:
                                    rest
"""

from __future__ import annotations


import gast

from autoconv.autograph.context import Context
from autoconv.autograph.pyct import anno, origin, templates, traversal
from autoconv.autograph.pyct.transformer import Transformer

_SCOPES = traversal.SCOPES


def set_flag(flag: str) -> list[gast.stmt]:
    """`flag = True`, marked as a jump."""
    stmts = templates.replace("flag = True", flag=flag)
    anno.setanno(stmts[0], anno.Basic.JUMP_FLAG, flag)
    return stmts


def sets_flag(node: gast.AST, flag: str) -> bool:
    """Whether running `node` may set `flag` (a jump somewhere inside it)."""
    return any(anno.getanno(n, anno.Basic.JUMP_FLAG) == flag for n in traversal.statements([node]))


def guard_blocks(stmts: list[gast.stmt], flag: str) -> list[gast.stmt]:
    """Guard, in `stmts` and every block nested in them, what follows a jump setting `flag`."""
    for stmt in stmts:
        if isinstance(stmt, _SCOPES):
            continue
        for field in ("body", "orelse", "finalbody"):
            block = getattr(stmt, field, None)
            if isinstance(block, list) and block:
                setattr(stmt, field, guard_blocks(block, flag))
        for handler in getattr(stmt, "handlers", []):
            handler.body = guard_blocks(handler.body, flag)
    return _guard_rest(stmts, flag)


def _guard_rest(stmts: list[gast.stmt], flag: str) -> list[gast.stmt]:
    for i, stmt in enumerate(stmts[:-1]):
        if sets_flag(stmt, flag):
            rest = _guard_rest(stmts[i + 1 :], flag)
            guard = templates.replace("if not flag:\n    rest", flag=flag, rest=rest)
            origin.stamp(guard, rest[0])
            return stmts[: i + 1] + guard
    return stmts


def add_loop_condition(loop: gast.While | gast.For, flag: str) -> None:
    """Make `loop` stop starting iterations once `flag` is set."""
    test = templates.replace_as_expression("not flag", flag=flag)
    if isinstance(loop, gast.While):
        loop.test = gast.BoolOp(op=gast.And(), values=[test, loop.test])
    else:
        extra = anno.getanno(loop, anno.Basic.EXTRA_LOOP_TEST, ())
        anno.setanno(loop, anno.Basic.EXTRA_LOOP_TEST, extra + (test,))


class LoopJumps(Transformer):
    """Lowers one kind of loop jump (`break`, `continue`) to a flag per enclosing loop."""

    statements_only = True

    prefix = ""  # the flag's name: `break_`, `continue_`

    def __init__(self, ctx: Context):
        self.ctx = ctx
        self.flags: list[str] = []  # one per enclosing loop, innermost last

    def visit_loop_body(self, node: gast.While | gast.For) -> str:
        """Visit the loop's body with a new flag for its jumps, and its `else` clause, whose
        jumps belong to the enclosing loop; the flag (set only if `sets_flag` finds it)."""
        # Enclosing loops keep their flags set while an inner loop runs: names must differ.
        flag = self.ctx.namer.new(self.prefix, avoid=self.flags)
        self.flags.append(flag)
        node.body = self.visit_block(node.body)
        self.flags.pop()
        node.orelse = self.visit_block(node.orelse)
        return flag

    def jump(self, node: gast.stmt) -> list[gast.stmt]:
        return set_flag(self.flags[-1])

    def visit_FunctionDef(self, node: gast.FunctionDef) -> gast.FunctionDef:
        outer, self.flags = self.flags, []  # a nested function's loops are its own
        self.generic_visit(node)
        self.flags = outer
        return node
