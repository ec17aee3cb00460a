"""`autoconv run SAVED_DIR` and `autoconv graph SAVED_DIR`."""

import numpy as np

import autoconv as ac
from autoconv.cli import main


def test_run_prints_or_saves_outputs_and_graph_prints_the_graph(sample_dir, tmp_path, capsys):
    path, (x, n) = sample_dir
    np.save(tmp_path / "x.npy", x)
    np.save(tmp_path / "n.npy", n)
    args = ["--arg", str(tmp_path / "x.npy"), "--arg", str(tmp_path / "n.npy")]
    assert main(["run", str(path), *args]) == 0
    printed = capsys.readouterr().out
    assert "out.y: float32[4]\n[ 4.  8. -3.  2.]" in printed and "out.loop.0: int64[]\n3" in printed
    assert main(["run", str(path), *args, "--out", str(tmp_path / "out")]) == 0
    np.testing.assert_array_equal(np.load(tmp_path / "out" / "out.y.npy"), ac.load(path)(x, n)["y"])
    assert main(["graph", str(path)]) == 0
    assert str(ac.load(path).graph) in capsys.readouterr().out


def test_run_reports_bad_arguments_and_bad_files(sample_dir, tmp_path, capsys):
    path, (x, _) = sample_dir
    np.save(tmp_path / "x.npy", x)
    assert main(["run", str(path), "--arg", str(tmp_path / "x.npy")]) == 2
    assert "no saved signature matches" in capsys.readouterr().err
    np.save(tmp_path / "obj.npy", np.array([None]), allow_pickle=True)
    assert main(["run", str(path), "--arg", str(tmp_path / "obj.npy")]) == 1
    assert "SaveFormatError" in capsys.readouterr().err
    assert main(["run", str(tmp_path)]) == 1
