"""`autoconv graph`, run as a user runs it: in a subprocess."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

SOURCE = textwrap.dedent("""
    import numpy as np

    def power(x, y):
        result = np.eye(10, dtype=np.int32)
        for _ in range(y):
            result = np.matmul(x, result)
        return result * 1 + 0

    def loop(x, n):
        i = 0
        while i < n:
            x = x + np.exp(n * 1.0).astype(np.float32)
            i += 1
        return x
""")


@pytest.fixture
def module(tmp_path: Path) -> Path:
    path = tmp_path / "funcs.py"
    path.write_text(SOURCE)
    return path


def autoconv(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "autoconv.cli", *args], capture_output=True, text=True, timeout=120)


def test_graph_prints_the_graph_before_and_after_optimization(module: Path):
    run = autoconv("graph", f"{module}::power", "--arg", "int32[10,10]", "--arg", "3", "--report")
    assert run.returncode == 0, run.stderr
    traced, optimized = run.stdout.split("# optimized")
    assert "# traced: power(x: int32[10,10], y=3)" in traced
    assert traced.count("matmul") == 3 and "multiply %4, 1" in traced
    optimized, report = optimized.split("# report")
    assert "multiply" not in optimized and optimized.count("matmul") == 3
    assert "simplify_arithmetic: 6 -> 4 (x * 1 -> x, x + 0 -> x (integers))" in report


def test_graph_accepts_unknown_dims_and_writes_dot(module: Path, tmp_path: Path):
    out = tmp_path / "g.dot"
    run = autoconv("graph", f"{module}::loop", "--arg", "float32[?]", "--arg", "int64[]", "--dot", "--out", str(out))
    assert run.returncode == 0, run.stderr
    text = out.read_text()
    assert text.startswith("digraph autoconv {") and "cluster_" in text and "exp" in text
    run = autoconv("graph", f"{module}::loop", "--arg", "float32[None]", "--arg", "int64[]", "--dot")
    assert run.stdout.startswith("digraph autoconv {")


def test_graph_reports_usage_errors(module: Path):
    for args in (["graph", f"{module}::missing"], ["graph", str(module)], ["graph", f"{module}::loop", "--arg", "f[x"],
                 ["graph", f"{module}::loop", "--arg", "float32[a]"]):
        run = autoconv(*args)
        assert run.returncode == 2 and run.stderr.startswith("autoconv graph:"), (args, run.stderr)
