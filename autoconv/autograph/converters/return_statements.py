"""`if c: return x` ... -> `do_return = True; retval_ = x`, the rest guarded by
`if not do_return:`, and a single `return retval_` at the end of the function."""

from __future__ import annotations

import gast

from autoconv.autograph.context import Context
from autoconv.autograph.converters import jump_flags
from autoconv.autograph.pyct import anno, origin, templates, traversal
from autoconv.autograph.pyct.transformer import Transformer

_SCOPES = traversal.SCOPES


def transform(node: gast.AST, ctx: Context) -> gast.AST:
    for scope in _functions(node):
        _convert_function(scope, ctx)
    return node


def _functions(node: gast.AST) -> list[gast.FunctionDef]:
    """Function definitions under `node` (not in classes), innermost first."""
    found: list[gast.FunctionDef] = []
    for child in traversal.children(node):
        if not isinstance(child, gast.ClassDef):
            found.extend(_functions(child))
    if isinstance(node, gast.FunctionDef):
        found.append(node)
    return found


def _returns(stmts: list[gast.stmt]) -> list[gast.Return]:
    return [node for node in traversal.statements(stmts) if isinstance(node, gast.Return)]


def _always_returns(stmts: list[gast.stmt]) -> bool:
    if not stmts:
        return False
    last = stmts[-1]
    if isinstance(last, (gast.Return, gast.Raise)):
        return True
    if isinstance(last, gast.If):
        return _always_returns(last.body) and _always_returns(last.orelse)
    # `while True:` with no `break` (lowered before this converter runs, into a loop test
    # that is no longer a constant) ends only by `return` or `raise`.
    return isinstance(last, gast.While) and isinstance(last.test, gast.Constant) and bool(last.test.value)


def _move_rest_into_else(stmts: list[gast.stmt]) -> list[gast.stmt]:
    """`if c: return x` followed by `rest` -> `if c: return x` / `else: rest`.

    Then both branches of the `if` define the return value: a staged `if` needs that.
    """
    for i, stmt in enumerate(stmts):
        for field in ("body", "orelse", "finalbody"):
            block = getattr(stmt, field, None)
            if isinstance(block, list) and block and not isinstance(stmt, _SCOPES):
                setattr(stmt, field, _move_rest_into_else(block))
        for handler in getattr(stmt, "handlers", []):
            handler.body = _move_rest_into_else(handler.body)
        rest = stmts[i + 1 :]
        if isinstance(stmt, gast.If) and rest:
            if _always_returns(stmt.body):
                stmt.orelse = _move_rest_into_else(stmt.orelse + rest)
                return stmts[: i + 1]
            if stmt.orelse and _always_returns(stmt.orelse):
                stmt.body = _move_rest_into_else(stmt.body + rest)
                return stmts[: i + 1]
    return stmts


class _Returns(Transformer):
    statements_only = True

    def __init__(self, flag: str, value: str, last: gast.stmt):
        self.flag = flag
        self.value = value
        self.last = last

    def visit_Return(self, node: gast.Return) -> list[gast.stmt]:
        value = node.value if node.value is not None else gast.Constant(value=None, kind=None)
        # The value first: the flag guards what follows it.
        stmts = templates.replace("retval = value", retval=self.value, value=value)
        if node is not self.last:  # after the function's last statement, nothing to guard
            stmts += jump_flags.set_flag(self.flag)
        origin.stamp(stmts, node)
        return stmts

    def _skip(self, node: gast.AST) -> gast.AST:
        return node

    visit_FunctionDef = visit_Lambda = visit_ClassDef = _skip


def _convert_function(func: gast.FunctionDef, ctx: Context) -> None:
    returns = _returns(func.body)
    if not returns or (len(returns) == 1 and func.body[-1] is returns[0]):
        return  # no return, or only a final one: nothing to lower
    func.body = _move_rest_into_else(func.body)
    flag = ctx.namer.new("do_return")
    value = ctx.namer.new("retval_")
    falls_off_end = not _always_returns(func.body)
    body = [_Returns(flag, value, func.body[-1]).visit(stmt) for stmt in func.body]
    body = [s for item in body for s in (item if isinstance(item, list) else [item])]
    body = jump_flags.guard_blocks(body, flag)
    flag_used = _add_loop_conditions(body, flag)
    flag_used = flag_used or any(
        isinstance(n, gast.If) and not anno.hasanno(n, anno.Basic.JUMP_FLAG) and _tests_flag(n, flag)
        for n in traversal.statements(body)
    )
    if not flag_used:
        _drop_flag_assignments(body, flag)
    # A function that can end without a return returns None; otherwise the value is set on
    # every path, and a staged construct that leaves it unset reports it.
    init = "retval = None" if falls_off_end else "retval = ag__.UndefinedReturnValue()"
    prelude = templates.replace(init, retval=value)
    if flag_used:
        prelude = templates.replace("flag = False", flag=flag) + prelude
    epilogue = templates.replace("return retval", retval=value)
    origin.stamp(prelude, func)
    origin.stamp(epilogue, returns[0])
    docstring = body[:1] if _is_docstring(body[0]) else []
    func.body = docstring + prelude + body[len(docstring) :] + epilogue


def _is_docstring(stmt: gast.stmt) -> bool:
    return isinstance(stmt, gast.Expr) and isinstance(stmt.value, gast.Constant) and isinstance(stmt.value.value, str)


def _tests_flag(node: gast.If, flag: str) -> bool:
    test = node.test
    return (
        isinstance(test, gast.UnaryOp)
        and isinstance(test.op, gast.Not)
        and isinstance(test.operand, gast.Name)
        and test.operand.id == flag
    )


def _add_loop_conditions(stmts: list[gast.stmt], flag: str) -> bool:
    used = False
    for node in traversal.statements(stmts):
        if isinstance(node, (gast.While, gast.For)) and any(jump_flags.sets_flag(s, flag) for s in node.body):
            jump_flags.add_loop_condition(node, flag)
            used = True
    return used


def _drop_flag_assignments(stmts: list[gast.stmt], flag: str) -> None:
    for node in list(traversal.scope_walk(stmts)):
        if isinstance(node, traversal.SCOPES):
            continue  # a nested function's own flag may have the same name
        for field in ("body", "orelse", "finalbody"):
            block = getattr(node, field, None)
            if isinstance(block, list):
                kept = [s for s in block if anno.getanno(s, anno.Basic.JUMP_FLAG) != flag]
                if len(kept) != len(block):  # an `else` may be left empty; other blocks need a statement
                    setattr(node, field, kept or ([] if field == "orelse" else [gast.Pass()]))
    stmts[:] = [s for s in stmts if anno.getanno(s, anno.Basic.JUMP_FLAG) != flag]
