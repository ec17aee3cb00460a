"""A saved graph runs in a process where the code that made it cannot be imported."""

import json
import os
import shutil
import subprocess
import sys
import textwrap

import numpy as np

import autoconv as ac

MODULE = '''
import numpy as np
import autoconv as ac

scale = ac.Variable(np.float32(2.0), name="scale")


@ac.function(input_signature=[ac.TensorSpec([None, 3], np.float32)])
def model(x):
    scale.assign(scale * 1.5)
    total = ac.cond(x.sum() > 0, lambda: np.tanh(x) * scale, lambda: x[:, ::-1] - 1)
    i, acc = ac.while_loop(lambda i, acc: i < 3, lambda i, acc: (i + 1, acc + total[0]), (0, np.zeros(3, np.float32)))
    return {"total": total, "acc": acc}
'''

RUNNER = '''
import json, sys
import numpy as np
import autoconv as ac

try:
    import saved_model_source
    print("IMPORTABLE")
except ImportError:
    pass
loaded = ac.load(sys.argv[1])
x = np.load(sys.argv[2])
first, second = loaded(x), loaded(x)
np.savez(sys.argv[3], total=first["total"], acc=first["acc"], acc2=second["acc"], scale=loaded.variables[0].numpy())
print(json.dumps(sorted(m for m in sys.modules if "saved_model_source" in m)))
'''


def test_loaded_graph_runs_without_its_source(tmp_path, monkeypatch):
    source = tmp_path / "src"
    source.mkdir()
    (source / "saved_model_source.py").write_text(MODULE)
    monkeypatch.syspath_prepend(str(source))
    import saved_model_source as module

    x = np.arange(6, dtype=np.float32).reshape(2, 3) / 4
    ac.save(module.model, tmp_path / "saved")
    want = [module.model(x), module.model(x)]
    del sys.modules["saved_model_source"]
    shutil.rmtree(source)
    np.save(tmp_path / "x.npy", x)
    (tmp_path / "runner.py").write_text(textwrap.dedent(RUNNER))
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    done = subprocess.run([sys.executable, str(tmp_path / "runner.py"), str(tmp_path / "saved"),
                           str(tmp_path / "x.npy"), str(tmp_path / "out.npz")],
                          cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "IMPORTABLE" not in done.stdout and json.loads(done.stdout.splitlines()[-1]) == []
    got = np.load(tmp_path / "out.npz")
    np.testing.assert_array_equal(got["total"], want[0]["total"])
    np.testing.assert_array_equal(got["acc"], want[0]["acc"])
    np.testing.assert_array_equal(got["acc2"], want[1]["acc"])
    np.testing.assert_array_equal(got["scale"], np.float32(2.0 * 1.5 * 1.5))
