"""`x[i] = v` -> `x = ag__.set_item(x, i, v)`: an item update becomes a new value of `x`
(and `x.shape = s` -> `x = ag__.set_shape(x, s)`)."""

from __future__ import annotations

import copy

import gast

from autoconv.autograph.context import Context
from autoconv.autograph.pyct import templates
from autoconv.autograph.pyct.transformer import LocalsTransformer


def _is_trivial(node: gast.AST) -> bool:
    """Evaluating it twice, or in another order, cannot be told apart."""
    if isinstance(node, (gast.Name, gast.Constant)):
        return True
    if isinstance(node, gast.UnaryOp) and isinstance(node.operand, gast.Constant):
        return True
    if isinstance(node, gast.Slice):
        return all(p is None or _is_trivial(p) for p in (node.lower, node.upper, node.step))
    if isinstance(node, gast.Tuple):
        return all(_is_trivial(e) for e in node.elts)
    return False


def as_value(key: gast.AST) -> gast.AST:
    """A subscript key as an ordinary expression: `1:n` -> `slice(1, n, None)`."""
    if isinstance(key, gast.Slice):
        parts = [p if p is not None else gast.Constant(value=None, kind=None) for p in (key.lower, key.upper, key.step)]
        return templates.replace_as_expression("slice(lower, upper, step)", lower=parts[0], upper=parts[1], step=parts[2])
    if isinstance(key, gast.Tuple):
        return gast.Tuple(elts=[as_value(e) for e in key.elts], ctx=gast.Load())
    return key


def _leaves(target: gast.expr) -> list[gast.expr]:
    """The names, items and attributes a target assigns (through tuples and `*`)."""
    if isinstance(target, (gast.Tuple, gast.List)):
        return [leaf for e in target.elts for leaf in _leaves(e)]
    if isinstance(target, gast.Starred):
        return _leaves(target.value)
    return [target]


def _as_list(result: gast.stmt | list[gast.stmt]) -> list[gast.stmt]:
    return result if isinstance(result, list) else [result]


def _container(target: gast.Subscript) -> gast.AST:
    """What `x[i][j]` indexes into: `x`."""
    node: gast.AST = target
    while isinstance(node, gast.Subscript):
        node = node.value
    return node


def _store(node: gast.AST) -> gast.AST:
    node = copy.deepcopy(node)
    templates._set_context(node, gast.Store())
    return node


def _load(node: gast.AST) -> gast.AST:
    node = copy.deepcopy(node)
    templates._set_context(node, gast.Load())
    return node


class _Slices(LocalsTransformer):
    statements_only = True

    def __init__(self, ctx: Context):
        self.ctx = ctx

    def visit_Assign(self, node: gast.Assign) -> gast.stmt | list[gast.stmt]:
        self.generic_visit(node)
        target = node.targets[0]
        if len(node.targets) == 1 and isinstance(target, gast.Attribute) and target.attr == "shape" \
                and isinstance(target.value, gast.Name) and target.value.id in self.locals_:
            # `x.shape = s` reshapes the array in place: a new value of `x`, like an item update.
            return templates.replace("x = ag__.set_shape(x, value)", x=target.value.id, value=node.value)
        if not any(self._is_local_item(t) for target in node.targets for t in _leaves(target)):
            return node
        if len(node.targets) == 1 and self._is_local_item(node.targets[0]):
            return self._update(node.targets[0], node.value, None)
        # `a[0] = b[0] = v`, `x[i], x[j] = x[j], x[i]`: the value is computed once and taken
        # apart as Python does, into temporaries; then each target is assigned, left to right.
        prelude: list[gast.stmt] = []
        if len(node.targets) > 1:
            value = self._hoist("value_", node.value, prelude)
            assigns = [gast.Assign(targets=[t], value=copy.deepcopy(value), type_comment=None) for t in node.targets]
        else:
            pairs: list[tuple[gast.expr, gast.Name]] = []
            unpacked = self._temporaries(node.targets[0], pairs)
            prelude.append(gast.Assign(targets=[unpacked], value=node.value, type_comment=None))
            assigns = [gast.Assign(targets=[t], value=_load(temp), type_comment=None) for t, temp in pairs]
        return prelude + [s for a in assigns for s in _as_list(self.visit_Assign(a))]

    def _temporaries(self, target: gast.expr, pairs: list) -> gast.expr:
        """`target` with each name, item or attribute in it replaced by a new variable;
        `pairs` gets (what it replaced, the variable), in assignment order."""
        if isinstance(target, (gast.Tuple, gast.List)):
            return type(target)(elts=[self._temporaries(e, pairs) for e in target.elts], ctx=gast.Store())
        if isinstance(target, gast.Starred):
            return gast.Starred(value=self._temporaries(target.value, pairs), ctx=gast.Store())
        temp = gast.Name(id=self.ctx.namer.unique("unpacked_"), ctx=gast.Store(), annotation=None, type_comment=None)
        pairs.append((target, temp))
        return temp

    def visit_AugAssign(self, node: gast.AugAssign) -> gast.stmt | list[gast.stmt]:
        self.generic_visit(node)
        if not self._is_local_item(node.target):
            return node
        return self._update(node.target, node.value, node.op)

    def _is_local_item(self, target: gast.AST) -> bool:
        """`x[i]`, `x[i][j]` of a local `x`, or `x.attr[i]` (whose new value `x.attr` takes)."""
        if not isinstance(target, gast.Subscript):
            return False
        base = _container(target)
        if isinstance(base, gast.Attribute):
            base = base.value
        return isinstance(base, gast.Name) and base.id in self.locals_

    def _update(self, target: gast.Subscript, value: gast.expr, op: gast.operator | None) -> list[gast.stmt]:
        chain = []  # (container, key) from the outermost subscript inwards
        node: gast.AST = target
        while isinstance(node, gast.Subscript):
            chain.append(node)
            node = node.value
        chain.reverse()
        prelude: list[gast.stmt] = []
        # Python evaluates the assigned value first, then the keys from left to right; keys
        # that are not plain names or constants are computed once, into temporaries.
        if not all(_is_trivial(s.slice) for s in chain):
            if op is None:
                value = self._hoist("value_", value, prelude)
            for sub in chain:
                if not _is_trivial(sub.slice):
                    sub.slice = self._hoist("index_", sub.slice, prelude)
        if op is not None:
            value = gast.BinOp(left=_load(target), op=op, right=value)
        new_value = value
        for depth in range(len(chain) - 1, -1, -1):
            sub = chain[depth]
            new_value = templates.replace_as_expression(
                "ag__.set_item(container, key, value)",
                container=_load(sub.value),
                key=as_value(copy.deepcopy(sub.slice)),
                value=new_value,
            )
        root = node.id if isinstance(node, gast.Name) else _store(node)
        return prelude + templates.replace("root = new_value", root=root, new_value=new_value)

    def _hoist(self, base: str, expr: gast.expr, prelude: list[gast.stmt]) -> gast.Name:
        name = self.ctx.namer.unique(base)
        prelude.extend(templates.replace("name = expr", name=name, expr=expr))
        return gast.Name(id=name, ctx=gast.Load(), annotation=None, type_comment=None)


def transform(node: gast.AST, ctx: Context) -> gast.AST:
    return _Slices(ctx).visit(node)
