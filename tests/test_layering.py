"""Stages depend only on the IR: graph/ imports no other stage; optimize/, runtime/ and saved/
import only graph/; autograph/ imports no other stage (it emits `ag__` calls by name)."""

import ast
import pathlib

import pytest

ROOT = pathlib.Path(__file__).resolve().parent.parent / "autoconv"
STAGES = ("autograph", "operators", "graph", "function", "optimize", "runtime", "saved")
ALLOWED = {
    "graph": set(),
    "optimize": {"graph", "runtime"},
    "runtime": {"graph"},
    "saved": {"graph", "runtime", "function"},
    "autograph": set(),
}


def _imported_stages(path: pathlib.Path) -> set[str]:
    tree = ast.parse(path.read_text())
    stages = set()
    for node in ast.walk(tree):
        names = []
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
        for name in names:
            parts = name.split(".")
            if parts[0] == "autoconv" and len(parts) > 1 and parts[1] in STAGES:
                stages.add(parts[1])
    return stages


@pytest.mark.parametrize("stage", sorted(ALLOWED))
def test_stage_imports(stage):
    for path in sorted((ROOT / stage).rglob("*.py")):
        extra = _imported_stages(path) - ALLOWED[stage] - {stage}
        assert not extra, f"{path.relative_to(ROOT.parent)} imports {sorted(extra)}"
