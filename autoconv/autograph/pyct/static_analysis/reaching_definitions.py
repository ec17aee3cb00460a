"""Reaching definitions, reduced to what conversion needs: on entry to each CFG node, the
variables defined on every path to it (`must`) and on at least one path (`may`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from autoconv.autograph.pyct.static_analysis.cfg import Graph, Node


@dataclass(frozen=True)
class Defined:
    must: frozenset[str]
    may: frozenset[str]


def defined_in(
    graph: Graph, writes: Callable[[Node], frozenset[str]] = lambda node: node.writes
) -> dict[Node, Defined]:
    """For each node, the variables defined on entry to it (forward analysis).

    `writes` tells which of a node's writes count: a definition made in a scope of its own
    (say the body of a loop that does not carry the variable) may be left out.
    """
    gen = {node: writes(node) for node in graph.nodes}
    everything = frozenset().union(*gen.values())
    must_out = {node: everything for node in graph.nodes}
    may_out: dict[Node, frozenset[str]] = {node: frozenset() for node in graph.nodes}
    result: dict[Node, Defined] = {}
    changed = True
    while changed:
        changed = False
        for node in graph.nodes:
            if node.pred:
                must = frozenset.intersection(*(must_out[p] for p in node.pred))
                may = frozenset().union(*(may_out[p] for p in node.pred))
            else:
                must = may = frozenset()
            result[node] = Defined(must, may)
            new_must = (must - node.deletes) | gen[node]
            new_may = (may - node.deletes) | gen[node]
            if new_must != must_out[node] or new_may != may_out[node]:
                must_out[node], may_out[node] = new_must, new_may
                changed = True
    return result
