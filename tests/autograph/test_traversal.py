"""pyct.traversal: the statement walk sees what the full walk sees, in the same order."""

import ast

import gast
import pytest

from autoconv.autograph.pyct import translate, traversal
from tests.autograph.test_translate import _sources


@pytest.mark.parametrize("name, text", list(_sources()), ids=lambda v: v if isinstance(v, str) and "\n" not in v else "")
def test_statements_are_the_statements_of_the_scope_walk(name, text):
    tree = translate.to_gast(ast.parse(text))
    blocks = [tree.body] + [n.body for n in traversal.walk(tree) if isinstance(n, (gast.FunctionDef, gast.ClassDef))]
    for block in blocks:
        full = [n for n in traversal.scope_walk(block) if isinstance(n, gast.stmt)]
        assert list(traversal.statements(block)) == full
