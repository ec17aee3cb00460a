"""What the converters share while converting one function."""

from __future__ import annotations

from dataclasses import dataclass

import gast

from autoconv.autograph.pyct.naming import Namer


@dataclass
class Context:
    filename: str
    namer: Namer

    def location(self, node: gast.AST) -> str:
        """`file:line` of a node of the user's code."""
        return f"{self.filename}:{getattr(node, 'lineno', '?')}"
