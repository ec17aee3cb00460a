"""The conversion pipeline: parse a function, run the converters in order, load the result."""

from __future__ import annotations

import types
import weakref
from dataclasses import dataclass

import gast

from autoconv.autograph import disk_cache, loader, source_map
from autoconv.autograph.context import Context
from autoconv.autograph.converters import (
    asserts,
    break_statements,
    call_trees,
    carried_state,
    comparisons,
    conditional_expressions,
    conditionals,
    continue_statements,
    for_loops,
    lists,
    logical_expressions,
    loop_else,
    return_statements,
    slices,
    unsupported,
    while_loops,
)
from autoconv.autograph.pyct import naming, parser

CONVERTERS = (
    unsupported,  # first: rejects what the others cannot handle, before anything changes
    asserts,
    break_statements,  # before loop_else, which reads the break flag it leaves on loops
    loop_else,  # before continue/return: the hoisted `else` is then guarded like any statement
    continue_statements,
    return_statements,  # after break/continue: it guards blocks they have already lowered
    lists,
    slices,
    call_trees,  # after asserts/lists/slices: it leaves their `ag__` calls alone
    carried_state,  # right before if/while/for: they read the variables it chose for them
    conditionals,
    while_loops,
    for_loops,
    conditional_expressions,  # after control flow: the loop tests built above hold `and`/`not`
    comparisons,
    logical_expressions,
)


@dataclass(frozen=True)
class Conversion:
    """A converted function, independent of any closure: code plus the text users read."""

    code: types.CodeType
    source: str
    source_map: source_map.SourceMap


_cache: "weakref.WeakKeyDictionary[types.CodeType, Conversion]" = weakref.WeakKeyDictionary()


def convert_code(fn: types.FunctionType) -> Conversion:
    """Convert the code of `fn` (cached per code object)."""
    conversion = _cache.get(fn.__code__)
    if conversion is None:
        conversion = _convert(fn)
        _cache[fn.__code__] = conversion
    return conversion


def convert_tree(node: gast.FunctionDef | gast.Lambda, filename: str) -> gast.AST:
    """Run every converter over a parsed function."""
    ctx = Context(filename=filename, namer=naming.Namer(naming.names_in(node) | {"ag__"}))
    for converter in CONVERTERS:
        node = converter.transform(node, ctx)
    return node


def _convert(fn: types.FunctionType) -> Conversion:
    text = disk_cache.source_of(fn)
    entry = disk_cache.key(fn, text) if text is not None else None
    cached = disk_cache.load(entry) if entry is not None else None
    if cached is not None:
        code, converted, filename, lines = cached
        loader.register(code)
        return Conversion(code, converted, source_map.SourceMap(filename, lines))
    node, source = parser.parse_function(fn)
    node = convert_tree(node, source.filename)
    converted = parser.unparse(node)
    code = loader.compile_function(node, fn, source.filename)
    conversion = Conversion(code, converted, source_map.build(node, converted, source.filename))
    if entry is not None:
        disk_cache.store(entry, code, converted, source.filename, conversion.source_map.lines)
    return conversion
