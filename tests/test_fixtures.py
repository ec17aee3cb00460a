"""Golden conversion cases: fixtures/<construct>/<case>.py holds `def case(...)`, and
<case>.expected.py the exact converted source. `pytest --update-fixtures` rewrites them."""

import difflib
import importlib.util
from pathlib import Path

import pytest

from autoconv.autograph import to_code

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
CASES = sorted(p for p in FIXTURES.glob("*/*.py") if not p.name.endswith(".expected.py"))


def _load(path: Path):
    spec = importlib.util.spec_from_file_location(f"fixture_{path.parent.name}_{path.stem}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return getattr(module, path.stem)


def test_there_are_enough_cases():
    assert len(CASES) >= 40


@pytest.mark.parametrize("path", CASES, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_fixture(path: Path, request: pytest.FixtureRequest):
    actual = to_code(_load(path)) + "\n"
    expected_path = path.with_name(path.stem + ".expected.py")
    if request.config.getoption("--update-fixtures"):
        expected_path.write_text(actual)
        return
    expected = expected_path.read_text() if expected_path.exists() else ""
    if actual != expected:
        diff = "".join(
            difflib.unified_diff(
                expected.splitlines(keepends=True),
                actual.splitlines(keepends=True),
                str(expected_path),
                "converted",
            )
        )
        pytest.fail(f"converted source differs from {expected_path.name}:\n{diff}")
