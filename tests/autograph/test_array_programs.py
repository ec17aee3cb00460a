"""Random programs whose conditions are on array inputs: every if/while/for on them is
staged, and `ac.function` must return exactly what plain Python returns (values and
dtypes), with one trace for the arguments of one signature."""

import os
import warnings

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from autoconv.testing import assert_converts
from tests.autograph.program_gen import array_arguments, array_programs


def _check(data: st.DataObject) -> None:
    program = data.draw(array_programs(), label="program")
    arguments = data.draw(array_arguments(program), label="arguments")
    fn = program.compile()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # the same overflow/NaN warnings in both
        try:
            assert_converts(fn, *arguments)
        except Exception as e:
            raise AssertionError(f"program ({program.dtype}):\n{program.source}\narguments: {arguments}\n{e}") from e


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_array_program_matches_python(data):
    _check(data)


@pytest.mark.fuzz
def test_array_program_matches_python_long():
    count = 0

    @settings(
        max_examples=int(os.environ.get("AUTOCONV_FUZZ", "5")) * 2000,  # `make fuzz` (5): 10,000 programs
        deadline=None,
        suppress_health_check=list(HealthCheck),
        database=None,
    )
    @given(st.data())
    def run(data):
        nonlocal count
        count += 1
        _check(data)

    run()
    print(f"\narray programs checked: {count}")
