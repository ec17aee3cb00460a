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


def test_dump_imports_modules_beside_the_file_and_all_goes_past_functions_without_source(tmp_path):
    folder = tmp_path / "project"
    folder.mkdir()
    (folder / "helpers.py").write_text("def double(v):\n    return v * 2\n")
    (folder / "model.py").write_text(textwrap.dedent('''
        from helpers import double

        made = eval("lambda v: v")  # no source

        def f(x):
            if x > 0:
                return double(x)
            return x
    '''))
    result = _dump("project/model.py::f", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "ag__.if_stmt(" in result.stdout
    result = _dump("project/model.py", "--all", cwd=tmp_path)
    assert "def f(x):" in result.stdout and "not converted" in result.stdout
    assert result.returncode == 1
