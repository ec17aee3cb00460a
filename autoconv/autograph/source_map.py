"""Source maps: line of the converted source (as users read it) -> line of the user's file."""

from __future__ import annotations

import ast
from dataclasses import dataclass

import gast

from autoconv.autograph.pyct import translate


@dataclass(frozen=True)
class SourceMap:
    filename: str
    lines: dict[int, int]  # line in the converted source -> line in `filename`

    def __getitem__(self, line: int) -> str:
        """`file:line` that a line of the converted source came from."""
        return f"{self.filename}:{self.lines[line]}"


def build(node: gast.AST, text: str, filename: str) -> SourceMap:
    """Map the lines of `text` (the unparsed `node`) to the locations `node` carries."""
    original = [n for n in ast.walk(translate.to_ast(node)) if isinstance(n, (ast.stmt, ast.expr))]
    reparsed = [n for n in ast.walk(ast.parse(text)) if isinstance(n, (ast.stmt, ast.expr))]
    lines: dict[int, int] = {}
    if len(original) == len(reparsed):
        for before, after in zip(original, reparsed):
            line = getattr(before, "lineno", None)
            if line is not None:
                lines.setdefault(after.lineno, line)
    return SourceMap(filename, lines)
