"""Saved directories shared by the loader tests."""

import json
import pathlib
import shutil

import numpy as np
import pytest

import autoconv as ac
from autoconv.graph import ops

F32 = np.float32


def sample_function():
    """One function touching every kind of thing the format holds."""
    counter = ac.Variable(np.zeros(2, F32), name="counter")
    rng = np.random.default_rng(5)

    def f(x, n):
        counter.assign_add(x[:2])
        ops.assert_(np.all(np.isfinite(x)), "x must be finite")
        y = ac.cond(x.sum() > 0, lambda: x * 2 + np.arange(4, dtype=F32), lambda: x - 1)
        i, s = ac.while_loop(lambda i, s: i < n, lambda i, s: (i + 1, s + y[i]), (0, F32(0)),
                             maximum_iterations=10)
        noise = ops.random(rng.uniform, (), {"size": 2})
        return {"y": y[::-1], "loop": (i, s), "state": counter.read_value(), "noise": noise}

    fn = ac.function(f, autograph=False)
    cf = fn.get_concrete_function(ac.TensorSpec([4], F32), ac.TensorSpec([], np.int64))
    args = (np.array([1, -2, 3, 0.5], F32), np.int64(3))
    return cf, args


@pytest.fixture(scope="session")
def sample_dir(tmp_path_factory):
    cf, args = sample_function()
    path = tmp_path_factory.mktemp("saved") / "sample"
    ac.save(cf, path)
    return path, args


class SavedCopy:
    """A writable copy of a saved directory, with helpers to damage it."""

    def __init__(self, source: pathlib.Path, target: pathlib.Path):
        shutil.copytree(source, target)
        self.path = target

    @property
    def graph_file(self) -> pathlib.Path:
        return self.path / "graph.json"

    def document(self):
        return json.loads(self.graph_file.read_text())

    def write(self, document) -> None:
        self.graph_file.write_text(json.dumps(document))

    def edit(self, change) -> None:
        document = self.document()
        change(document)
        self.write(document)

    def npy_files(self):
        return sorted(p for p in self.path.rglob("*.npy"))


@pytest.fixture
def saved_copy(sample_dir, tmp_path):
    return SavedCopy(sample_dir[0], tmp_path / "copy")
