"""`for i in xs: body` -> `def loop_body(i): body;`
`ag__.for_stmt(xs, None, loop_body, get_state, set_state, ('s',), {})`."""

from __future__ import annotations

from typing import Iterator

import gast

from autoconv.autograph.context import Context
from autoconv.autograph.converters import call_trees, state_functions
from autoconv.autograph.pyct import anno, templates, traversal
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
        opts = state_functions.options(node)
        live = _updated_in_place(node, names)
        if live is not None:
            opts.keys.append(gast.Constant(value="live", kind=None))
            opts.values.append(gast.Constant(value=live, kind=None))
        call = templates.replace(
            "ag__.for_stmt(iterated, extra_test, loop_body, get_state, set_state, names, opts)",
            iterated=node.iter,
            extra_test=extra_test,
            loop_body=loop_body,
            get_state=get_state,
            set_state=set_state,
            names=state_functions.names_tuple(names),
            opts=opts,
        )
        return defs + call


def _updated_in_place(node: gast.For, names: tuple[str, ...]) -> str | None:
    """The variable `x` of `for v in x` (or `enumerate(x)`) when the body changes it only by
    item updates (`x[i] = ...`, now `x = ag__.set_item(x, ...)`): Python's iterator then sees
    the updates, so each item is read from the variable's current value."""
    iterated = node.iter
    if call_trees.is_operator_call(iterated, "converted_call") and isinstance(iterated.args[0], gast.Name) \
            and iterated.args[0].id == "enumerate" and isinstance(iterated.args[1], gast.Tuple) \
            and iterated.args[1].elts:
        iterated = iterated.args[1].elts[0]
    if not isinstance(iterated, gast.Name) or iterated.id not in names:
        return None
    name = iterated.id
    for stmt in _walk_skipping_setters(node.body):
        targets = stmt.targets if isinstance(stmt, gast.Assign) else \
            [stmt.target] if isinstance(stmt, (gast.AugAssign, gast.AnnAssign, gast.For)) else []
        for target in targets:
            if not any(isinstance(t, gast.Name) and t.id == name for t in traversal.walk(target)):
                continue
            if not (isinstance(stmt, gast.Assign) and call_trees.is_operator_call(stmt.value, "set_item")
                    and isinstance(stmt.value.args[0], gast.Name) and stmt.value.args[0].id == name):
                return None
    return name


def _walk_skipping_setters(stmts: list[gast.stmt]) -> Iterator[gast.AST]:
    """Every node under `stmts` (the staged ifs in them are functions now) but inside the
    `set_state` functions of those ifs."""
    todo = list(stmts)
    while todo:
        node = todo.pop()
        if anno.getanno(node, anno.Basic.STATE_SETTER):
            continue
        yield node
        todo.extend(traversal.children(node))


def transform(node: gast.AST, ctx: Context) -> gast.AST:
    return _ForLoops(ctx).visit(node)
