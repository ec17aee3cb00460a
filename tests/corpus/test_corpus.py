"""Every registered corpus program returns, converted, exactly what it returns plainly:
values, dtypes and structure, with one trace per distinct input signature."""

import pytest

from autoconv.testing import assert_converts

from . import (  # noqa: F401  (importing registers the programs)
    programs_branches,
    programs_calls,
    programs_early_exit,
    programs_items,
    programs_lists,
    programs_loops,
    programs_numeric,
)
from ._registry import PROGRAMS


@pytest.mark.parametrize("prog", [pytest.param(p, id=p.id) for p in PROGRAMS])
def test_program_converts(prog):
    assert_converts(prog.fn, *prog.arg_tuples, **prog.options)


def test_corpus_has_no_duplicate_ids():
    ids = [p.id for p in PROGRAMS]
    assert len(ids) == len(set(ids))
