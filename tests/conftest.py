import os

import pytest

# Conversions in tests are made afresh: the persistent cache has tests of its own.
os.environ.setdefault("AUTOCONV_CACHE_DIR", "")


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-fixtures",
        action="store_true",
        default=False,
        help="rewrite fixtures/**/*.expected.py from the current converter output",
    )


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "fuzz: long property-based runs (example count from AUTOCONV_FUZZ)")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Long `fuzz` runs are deselected (not skipped) unless AUTOCONV_FUZZ asks for them."""
    import os

    if os.environ.get("AUTOCONV_FUZZ"):
        return
    long_runs = [item for item in items if item.get_closest_marker("fuzz")]
    if long_runs:
        config.hook.pytest_deselected(items=long_runs)
        items[:] = [item for item in items if not item.get_closest_marker("fuzz")]
