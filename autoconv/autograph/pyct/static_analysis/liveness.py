"""Liveness: the variables whose current value may still be read, before each CFG node."""

from __future__ import annotations

from autoconv.autograph.pyct.static_analysis.cfg import Graph, Node


def live_in(graph: Graph) -> dict[Node, frozenset[str]]:
    """For each node, the variables live on entry to it (backward may-analysis)."""
    result: dict[Node, frozenset[str]] = {node: frozenset() for node in graph.nodes}
    changed = True
    while changed:
        changed = False
        for node in reversed(graph.nodes):
            out: frozenset[str] = frozenset().union(*(result[s] for s in node.succ))
            new = node.reads | (out - node.writes - node.deletes)
            if new != result[node]:
                result[node] = new
                changed = True
    return result


def live_out(graph: Graph, live: dict[Node, frozenset[str]], node: Node) -> frozenset[str]:
    return frozenset().union(*(live[s] for s in node.succ))
