"""A statement-level control-flow graph of one function scope.

Grammar of the graph (a node per simple statement, plus these for compound ones):

    if:     test -> body... | orelse... -> join
    while:  test -> body... -> test ;  test -> orelse... -> join ;  break -> join
    for:    iter -> next -> target -> body... -> next ;  next -> orelse... -> join
    try:    entry -> body... -> orelse... -> finally... ; any body node -> handlers
    with:   items -> body...

`next` of a `for` is where each iteration starts (it reads the loop's extra test);
`test` is that place for a `while`. Nested functions are single nodes reading their free
variables.
"""

from __future__ import annotations

from typing import Iterable

import gast

from autoconv.autograph.pyct import anno
from autoconv.autograph.pyct.static_analysis import activity


class Node:
    __slots__ = ("label", "reads", "writes", "deletes", "succ", "pred", "enclosing")

    def __init__(self, label: str, act: activity.Activity | None = None, enclosing: tuple = ()):
        self.label = label
        # The compound statements (inside the graph's block) whose bodies hold this node.
        self.enclosing: tuple[gast.stmt, ...] = enclosing
        act = act or activity.Activity()
        self.reads = frozenset(act.reads)
        self.writes = frozenset(act.writes)
        self.deletes = frozenset(act.deletes)
        self.succ: list[Node] = []
        self.pred: list[Node] = []

    def __repr__(self) -> str:
        return f"Node({self.label})"


class Graph:
    """The graph of a block; `head[id(stmt)]` is the node where a statement starts, `after`
    the join that follows a compound statement, `loop_start` where an iteration starts."""

    def __init__(self) -> None:
        self.nodes: list[Node] = []
        self.entry = self._new("entry")
        self.exit = Node("exit")
        self.head: dict[int, Node] = {}
        self.after: dict[int, Node] = {}
        self.loop_start: dict[int, Node] = {}

    def _new(self, label: str, act: activity.Activity | None = None, enclosing: tuple = ()) -> Node:
        node = Node(label, act, enclosing)
        self.nodes.append(node)
        return node


def build(stmts: list[gast.stmt], defined_on_entry: Iterable[str] = ()) -> Graph:
    """The graph of `stmts`; the entry node defines `defined_on_entry` (parameters)."""
    builder = _Builder()
    graph = builder.graph
    graph.entry.writes = frozenset(defined_on_entry)
    exits = builder.block(stmts, [graph.entry])
    _link(exits, graph.exit)
    graph.nodes.append(graph.exit)
    return graph


def _link(preds: list[Node], node: Node) -> None:
    for p in preds:
        p.succ.append(node)
        node.pred.append(p)


class _Builder:
    def __init__(self) -> None:
        self.graph = Graph()
        self.loops: list[tuple[Node, list[Node]]] = []  # (continue target, break nodes)
        self.enclosing: list[gast.stmt] = []

    def new(self, label: str, act: activity.Activity | None = None) -> Node:
        return self.graph._new(label, act, tuple(self.enclosing))

    def nested(self, stmt: gast.stmt, block: list[gast.stmt], preds: list[Node]) -> list[Node]:
        self.enclosing.append(stmt)
        try:
            return self.block(block, preds)
        finally:
            self.enclosing.pop()

    def block(self, stmts: list[gast.stmt], preds: list[Node]) -> list[Node]:
        for stmt in stmts:
            preds = self.statement(stmt, preds)
        return preds

    def node(self, stmt: gast.AST, label: str, act: activity.Activity, preds: list[Node]) -> Node:
        node = self.new(label, act)
        _link(preds, node)
        self.graph.head.setdefault(id(stmt), node)
        return node

    def statement(self, stmt: gast.stmt, preds: list[Node]) -> list[Node]:
        method = getattr(self, "on_" + type(stmt).__name__, None)
        if method is not None:
            return method(stmt, preds)
        return [self.node(stmt, type(stmt).__name__, activity.of_expressions([stmt]), preds)]

    def join(self, stmt: gast.stmt, preds: list[Node]) -> Node:
        node = self.new("join")
        _link(preds, node)
        self.graph.after[id(stmt)] = node
        return node

    def on_If(self, stmt: gast.If, preds: list[Node]) -> list[Node]:
        test = self.node(stmt, "if", activity.of_expressions([stmt.test]), preds)
        exits = self.nested(stmt, stmt.body, [test]) + self.nested(stmt, stmt.orelse, [test])
        return [self.join(stmt, exits)]

    def on_While(self, stmt: gast.While, preds: list[Node]) -> list[Node]:
        test = self.node(stmt, "while", activity.of_expressions([stmt.test]), preds)
        self.graph.loop_start[id(stmt)] = test
        return self._loop(stmt, test, [test])

    def on_For(self, stmt: gast.For, preds: list[Node]) -> list[Node]:
        iterate = self.node(stmt, "for", activity.of_expressions([stmt.iter]), preds)
        extra = anno.getanno(stmt, anno.Basic.EXTRA_LOOP_TEST, ())
        start = self.new("next", activity.of_expressions(extra))
        _link([iterate], start)
        self.graph.loop_start[id(stmt)] = start
        self.enclosing.append(stmt)  # the target is assigned inside the loop body
        target = self.new("target", activity.of_expressions([stmt.target]))
        self.enclosing.pop()
        _link([start], target)
        return self._loop(stmt, start, [target])

    def _loop(self, stmt: gast.While | gast.For, start: Node, body_preds: list[Node]) -> list[Node]:
        breaks: list[Node] = []
        self.loops.append((start, breaks))
        body_exits = self.nested(stmt, stmt.body, body_preds)
        self.loops.pop()
        _link(body_exits, start)
        else_exits = self.nested(stmt, stmt.orelse, [start])
        return [self.join(stmt, else_exits + breaks)]

    def on_Break(self, stmt: gast.Break, preds: list[Node]) -> list[Node]:
        node = self.node(stmt, "break", activity.Activity(), preds)
        self.loops[-1][1].append(node)
        return []

    def on_Continue(self, stmt: gast.Continue, preds: list[Node]) -> list[Node]:
        node = self.node(stmt, "continue", activity.Activity(), preds)
        _link([node], self.loops[-1][0])
        return []

    def _leave(self, stmt: gast.stmt, preds: list[Node]) -> list[Node]:
        node = self.node(stmt, type(stmt).__name__.lower(), activity.of_expressions([stmt]), preds)
        _link([node], self.graph.exit)
        return []

    on_Return = on_Raise = _leave

    def on_With(self, stmt: gast.With, preds: list[Node]) -> list[Node]:
        items = [part for item in stmt.items for part in (item.context_expr, item.optional_vars)]
        node = self.node(stmt, "with", activity.of_expressions(items), preds)
        return [self.join(stmt, self.block(stmt.body, [node]))]

    def on_Try(self, stmt: gast.Try, preds: list[Node]) -> list[Node]:
        entry = self.node(stmt, "try", activity.Activity(), preds)
        first = len(self.graph.nodes)
        body_exits = self.block(stmt.body, [entry])
        # Any statement of the body may raise: each handler can follow any of them.
        raisers = [entry] + self.graph.nodes[first:]
        exits = self.block(stmt.orelse, body_exits)
        for handler in stmt.handlers:
            act = activity.of_expressions([handler.type, handler.name])
            node = self.new("except", act)
            _link(raisers, node)
            exits += self.block(handler.body, [node])
        if stmt.finalbody:
            exits = self.block(stmt.finalbody, exits)
        return [self.join(stmt, exits)]

    on_TryStar = on_Try
