"""`autoconv dump`, run as users run it: in a subprocess."""

import subprocess
import sys
import textwrap

SOURCE = textwrap.dedent('''
    import numpy as np
    import autoconv as ac

    def relu(x):
        if x > 0:
            return x
        return np.zeros_like(x)

    @ac.function
    def count(n):
        steps = 0
        while n > 1:
            n = n // 2
            steps += 1
        return steps
''')


def _dump(*args, cwd):
    return subprocess.run([sys.executable, "-m", "autoconv.cli", "dump", *args], cwd=cwd,
                          capture_output=True, text=True, timeout=120)


def test_dump_one_function(tmp_path):
    (tmp_path / "mod.py").write_text(SOURCE)
    result = _dump("mod.py::relu", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("def relu(x):")
    assert "ag__.if_stmt(" in result.stdout
    compile(result.stdout, "dump", "exec")  # the dump is valid Python


def test_dump_all_functions_including_decorated(tmp_path):
    (tmp_path / "mod.py").write_text(SOURCE)
    result = _dump("mod.py", "--all", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.index("def relu(x):") < result.stdout.index("def count(n):")
    assert "ag__.while_stmt(" in result.stdout
    assert "@ac.function" not in result.stdout


def test_dump_unknown_name_is_a_usage_error(tmp_path):
    (tmp_path / "mod.py").write_text(SOURCE)
    result = _dump("mod.py::missing", cwd=tmp_path)
    assert result.returncode == 2
    assert "mod.py has no 'missing'" in result.stderr
