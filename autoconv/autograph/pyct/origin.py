"""Origin of generated code: every generated node carries the location of the user's
statement it came from, so compiled code reports the user's file:line."""

from __future__ import annotations

from typing import Iterable

import gast

from autoconv.autograph.pyct import traversal


def stamp(nodes: gast.AST | Iterable[gast.AST], origin: gast.AST) -> None:
    """Give `origin`'s location to every node under `nodes` that has none.

    Nodes that already have a location (user code moved into generated code) keep theirs,
    and so do their descendants.
    """
    if getattr(origin, "lineno", None) is None:
        return
    # One line only: CPython places a multi-line method call on the line where the
    # attribute ends, which would be the last line of the user's statement.
    line, col = origin.lineno, origin.col_offset
    single_line = getattr(origin, "end_lineno", None) == line
    end_col = origin.end_col_offset if single_line else col
    location = {"lineno": line, "col_offset": col, "end_lineno": line, "end_col_offset": end_col}
    todo = [nodes] if isinstance(nodes, gast.AST) else list(nodes)
    while todo:
        node = todo.pop()
        if "lineno" in node._attributes:
            if getattr(node, "lineno", None) is not None:
                continue
            for attr, value in location.items():
                setattr(node, attr, value)
        todo.extend(traversal.children(node))
