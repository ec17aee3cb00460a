"""`yield x` -> ConversionError naming the construct and line; marks control flow nested
in `try`/`with`, which may only run as Python."""

from __future__ import annotations

import gast

from autoconv.autograph.context import Context
from autoconv.autograph.pyct import anno, traversal
from autoconv.errors import ConversionError

_REJECTED = {
    gast.Yield: "yield",
    gast.YieldFrom: "yield from",
    gast.Await: "await",
    gast.AsyncFunctionDef: "async def",
    gast.AsyncFor: "async for",
    gast.AsyncWith: "async with",
}
_CONTROL_FLOW = (gast.If, gast.While, gast.For)
_NESTED_SCOPES = (gast.FunctionDef, gast.Lambda, gast.GeneratorExp)


def transform(node: gast.FunctionDef | gast.Lambda, ctx: Context) -> gast.AST:
    functions = []
    nested_scopes = False
    for sub in traversal.walk(node):
        kind = _REJECTED.get(type(sub))
        if kind is None and type(sub).__name__ == "Match":
            kind = "match"
        if kind is not None:
            raise ConversionError(
                f"{kind} is not supported in converted code ({ctx.location(sub)})"
            )
        if _wrapped_in_lambdas(sub):
            inner = next((n for n in traversal.walk(sub) if isinstance(n, gast.NamedExpr)), None)
            if inner is not None:
                raise ConversionError(
                    f"an assignment expression (:=) inside `and`, `or`, `... if ... else ...` or a chained "
                    f"comparison ({ctx.location(inner)}) is not supported in converted code, whose operands "
                    "are evaluated by functions: assign the variable in a statement before")
        if isinstance(sub, gast.FunctionDef):
            functions.append(sub)
        if sub is not node and isinstance(sub, _NESTED_SCOPES):
            nested_scopes = True
    anno.setanno(node, anno.Static.NESTED_SCOPES, nested_scopes)
    for scope in functions:
        _check_declarations(scope, ctx)
        _mark_enclosed(scope.body, None)
    return node


def _wrapped_in_lambdas(node: gast.AST) -> bool:
    """Whether conversion turns the operands of `node` into lambdas."""
    return isinstance(node, (gast.BoolOp, gast.IfExp)) or (isinstance(node, gast.Compare) and len(node.ops) > 1)


def _check_declarations(scope: gast.FunctionDef, ctx: Context) -> None:
    # A name declared global/nonlocal lives outside the function: the functions that
    # staged control flow is made of could not hand its new value back.
    declared = {
        name: decl
        for decl in traversal.statements(scope.body)
        if isinstance(decl, (gast.Global, gast.Nonlocal))
        for name in decl.names
    }
    if not declared:
        return
    for stmt in traversal.statements(scope.body):
        if not isinstance(stmt, _CONTROL_FLOW):
            continue
        for sub in traversal.scope_walk(stmt.body + stmt.orelse):
            if isinstance(sub, gast.Name) and isinstance(sub.ctx, gast.Store) and sub.id in declared:
                decl = declared[sub.id]
                kind = "global" if isinstance(decl, gast.Global) else "nonlocal"
                raise ConversionError(
                    f"{kind} variable {sub.id!r} ({ctx.location(decl)}) is assigned inside "
                    f"control flow at {ctx.location(sub)}; this is not supported in converted "
                    "code: assign a local variable and copy it after the statement"
                )


def _mark_enclosed(stmts: list[gast.stmt], enclosing: str | None) -> None:
    for stmt in stmts:
        if isinstance(stmt, (gast.FunctionDef, gast.ClassDef)):
            continue
        inner = enclosing
        if isinstance(stmt, (gast.Try, gast.With)) or type(stmt).__name__ == "TryStar":
            inner = "with" if isinstance(stmt, gast.With) else "try"
        elif isinstance(stmt, _CONTROL_FLOW) and enclosing is not None:
            anno.setanno(stmt, anno.Static.ENCLOSING, enclosing)
        for field in ("body", "orelse", "finalbody"):
            _mark_enclosed(getattr(stmt, field, []), inner)
        for handler in getattr(stmt, "handlers", []):
            _mark_enclosed(handler.body, inner)
