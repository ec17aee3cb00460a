"""The conversion pipeline: parse a function, run the converters in order, load the result."""

from __future__ import annotations

import functools
import types
import weakref

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
    loop_tests,
    return_statements,
    slices,
    subscripts,
    unsupported,
    while_loops,
)
from autoconv.autograph.pyct import naming, parser
from autoconv.autograph.pyct.transformer import Together
from autoconv.errors import ConversionError

CONVERTERS = (
    unsupported,  # first: rejects what the others cannot handle, before anything changes
    asserts,
    loop_tests,  # before break_statements: it turns a test with `:=` into a `break`
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
    # After control flow: the loop tests built above hold `and`/`not`, and the item
    # updates above read items. These rewrite each expression after its operands, in this
    # order, in one walk of the tree.
    (subscripts, conditional_expressions, comparisons, logical_expressions),
)


class Conversion:
    """A converted function, independent of any closure: its code, and the text users read.

    Calls need only the code; the converted source and its line map are made when first
    asked for (dumps, `to_code`), from the converted tree, or by converting again when the
    code came from the disk cache.
    """

    def __init__(self, fn: types.FunctionType, code: types.CodeType, tree: gast.AST | None, filename: str):
        self.code = code
        self._fn = weakref.ref(fn)
        self._tree = tree
        self._filename = filename

    def _converted_tree(self) -> gast.AST:
        if self._tree is None:
            fn = self._fn()
            if fn is None:
                raise ConversionError("the converted function no longer exists")
            node, source = parser.parse_function(fn)
            self._tree = convert_tree(node, source.filename)
        return self._tree

    @functools.cached_property
    def source(self) -> str:
        return parser.unparse(self._converted_tree())

    @functools.cached_property
    def source_map(self) -> source_map.SourceMap:
        return source_map.build(self._converted_tree(), self.source, self._filename)


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
        if isinstance(converter, tuple):
            node = Together([c.rewriter(ctx) for c in converter]).visit(node)
        else:
            node = converter.transform(node, ctx)
    return node


def _convert(fn: types.FunctionType) -> Conversion:
    entry = disk_cache.entry_for(fn)
    cached = disk_cache.load(entry) if entry is not None else None
    if cached is not None:
        loader.register(cached)
        return Conversion(fn, cached, None, fn.__code__.co_filename)
    node, source = parser.parse_function(fn)
    node = convert_tree(node, source.filename)
    code = loader.compile_function(node, fn, source.filename)
    if entry is not None:
        disk_cache.store(entry, code)
    return Conversion(fn, code, node, source.filename)
