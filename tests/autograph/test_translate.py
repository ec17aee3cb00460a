"""pyct.translate: the same trees as gast's own translation, both ways, node for node."""

import ast
import glob
import os
import sys

import gast
import pytest

import autoconv
from autoconv.autograph.pyct import translate

_STDLIB = os.path.dirname(os.__file__)
# Whole files with every kind of statement and expression: the standard library's own
# (the ones this Python can parse) and this project's.
FILES = sorted(
    [os.path.join(_STDLIB, name) for name in (
        "ast.py", "contextlib.py", "functools.py", "asyncio/tasks.py", "dataclasses.py",
    ) if os.path.exists(os.path.join(_STDLIB, name))]
    + glob.glob(os.path.join(os.path.dirname(autoconv.__file__), "autograph", "**", "*.py"), recursive=True)
)

SNIPPETS = [
    "def f(a, /, b: int = 1, *args, c, d=2, **kw) -> None:\n    pass",
    "lambda x, *y, z=1, **w: x",
    "try:\n    pass\nexcept ValueError as e:\n    raise\nexcept:\n    pass\nelse:\n    pass\nfinally:\n    pass",
    "async def g():\n    async with a as b, c:\n        await d\n    async for i in e:\n        yield i",
    "x: int = 1\n(a, *b), c = d = [1, 2], 3\ndel a, b[0], c.d",
    "f'{a!r:>{w}} {b=}' + b'x' + r'y'",
    "print(*a, **b, sep='') if a else [i for i in b if i for j in i] or {k: v for k, v in c}",
    "with open(p) as f, g() as (h, i):\n    nonlocal_ = 1\n    global q",
    "match x:\n    case [1, *rest] if rest:\n        pass\n    case {'k': v, **kw}:\n        pass\n    case Point(x=0) | None:\n        pass",
    "x[1:2, ::3, ...] @= y ** -z\nwhile (n := n - 1) > 0:\n    continue",
    "class C(B, metaclass=M):\n    @property\n    def p(self):\n        return super().p",
]
if sys.version_info >= (3, 11):
    SNIPPETS.append("try:\n    pass\nexcept* ValueError as e:\n    pass")
if sys.version_info >= (3, 12):
    SNIPPETS.append("type A[T: int, *Ts, **P] = list[T]\ndef f[T](x: T) -> T:\n    return x\nclass K[U]:\n    pass")


def _sources():
    for path in FILES:
        with open(path, encoding="utf-8") as f:
            yield os.path.relpath(path), f.read()
    for i, text in enumerate(SNIPPETS):
        yield f"snippet {i}", text


def _dump(tree: ast.AST) -> str:
    return ast.dump(tree, include_attributes=True)


@pytest.mark.parametrize("name, text", list(_sources()), ids=lambda v: v if isinstance(v, str) and "\n" not in v else "")
def test_translation_matches_gast(name, text):
    tree = ast.parse(text)
    ours = translate.to_gast(tree)
    theirs = gast.ast_to_gast(ast.parse(text))
    assert gast.dump(ours, include_attributes=True) == gast.dump(theirs, include_attributes=True)
    assert _dump(translate.to_ast(theirs)) == _dump(gast.gast_to_ast(theirs))
    back = translate.to_ast(ours)
    assert _dump(back) == _dump(tree)
    compile(back, name, "exec")
