"""Converted random programs agree with the originals on Python values."""

import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from autoconv.autograph import convert
from tests.autograph.program_gen import programs

_ints = st.integers(-4, 6)


def _check(program, a, b, c):
    original = program.compile()
    converted = convert(original)
    assert converted(a, b, c) == original(a, b, c), f"program:\n{program.source}\ninputs: {(a, b, c)}"


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(programs(), _ints, _ints, _ints)
def test_converted_program_matches_python(program, a, b, c):
    _check(program, a, b, c)


@pytest.mark.fuzz
@settings(
    max_examples=int(os.environ.get("AUTOCONV_FUZZ", "1")) * 2000,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
@given(programs(), _ints, _ints, _ints)
def test_converted_program_matches_python_long(program, a, b, c):
    _check(program, a, b, c)
