"""pyct.parser: a function's definition found from its code's lines is the one `inspect` finds."""

import argparse
import dataclasses
import functools
import inspect
import json
import textwrap
import types

import gast
import pytest

import autoconv.autograph.conversion
import autoconv.graph.rules
import autoconv.optimize.rebuild
from autoconv.autograph.pyct import parser


def _functions(module):
    """Plain functions and methods defined in `module` (nested ones included)."""
    found = []

    def add(fn):
        if isinstance(fn, types.FunctionType) and fn.__module__ == module.__name__:
            found.append(fn)
            found.extend(c for c in _nested(fn))

    for value in vars(module).values():
        add(value)
        if isinstance(value, type):
            for attr in vars(value).values():
                add(getattr(attr, "__func__", attr))
    return found


def _nested(fn):
    # Nested functions exist only as code: give each a function object to parse.
    for const in fn.__code__.co_consts:
        if isinstance(const, types.CodeType) and const.co_name != "<lambda>" and not const.co_name.startswith("<"):
            cells = tuple(types.CellType() for _ in const.co_freevars) or None
            inner = types.FunctionType(const, fn.__globals__, const.co_name, None, cells)
            yield inner
            yield from _nested(inner)


def _by_inspect(fn):
    lines, first = inspect.getsourcelines(fn.__code__)  # the code itself, not what it wraps
    tree, indent, offset = parser._parse_block("".join(lines), fn.__qualname__)
    parser._relocate(tree, first - 1 - offset, indent)
    return parser._find_def(tree, fn)


def weird_layout(a,
  b):  # a continuation line left of the body
    if a:
        return """text
at column 0"""
    else:
        pass
    # a comment at the end


def dead_code_after_return(x):
    return x
    x = 2  # the compiler drops this line


MODULES = [json.decoder, textwrap, functools, argparse, dataclasses, autoconv.autograph.conversion,
           autoconv.graph.rules, autoconv.optimize.rebuild]


@pytest.mark.parametrize("fn", [weird_layout, dead_code_after_return]
                         + [f for m in MODULES for f in _functions(m)], ids=lambda f: f.__qualname__)
def test_definition_from_code_lines_is_the_one_inspect_finds(fn):
    fast = parser._definition(fn)
    slow = _by_inspect(fn)
    if fast is not None:
        assert gast.dump(fast, include_attributes=True) == gast.dump(slow, include_attributes=True)
    node, _ = parser.parse_function(fn)
    assert gast.dump(node, include_attributes=True) == gast.dump(slow, include_attributes=True)


def test_most_definitions_need_no_tokenizer():
    fns = [f for m in MODULES for f in _functions(m)]
    assert sum(parser._definition(f) is not None for f in fns) > 0.9 * len(fns)


def test_a_wrapper_made_by_functools_wraps_is_parsed_as_itself():
    def add_one(fn):
        @functools.wraps(fn)
        def wrapper(*a, **k):
            return fn(*a, **k) + 1

        return wrapper

    @add_one
    def helper(v):
        return v * 2

    node, _ = parser.parse_function(helper)
    assert node.name == "wrapper"
    from autoconv.autograph import convert

    assert convert(helper)(3) == helper(3) == 7
