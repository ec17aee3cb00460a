"""Trees between the standard library's `ast` and `gast`, the form converters work on.

`to_gast(ast.parse(text))` is `gast.parse(text)` and `to_ast(tree)` is
`gast.gast_to_ast(tree)`, node for node, fields and locations alike, for Python 3.10 to
3.13 (tests/autograph/test_translate.py compares them over whole files). They are
written for speed: parsing a function and compiling its conversion translate every node.

Where the two forms differ (Python 3.10+):
  * a parameter is an `ast.arg`, a `gast.Name` in the `Param` context;
  * `gast.Name` has `annotation` and `type_comment` fields (None outside parameters);
  * the name an `except ... as name` binds is a string in ast, a `gast.Name` in gast;
  * `type_params` of functions and classes exists in gast before Python 3.12, as does
    `default_value` of type parameters before Python 3.13.
Every other node is the node of the same name; a gast field `ast` does not know is dropped.
"""

from __future__ import annotations

import ast
import sys
from typing import Any, Callable

import gast


def _translator(target: Any, specials: dict[type, Callable[[Any], Any]], own_fields: bool) -> Callable[[Any], Any]:
    """A translation into the node classes of module `target`: a node of a kind in
    `specials` goes to its function; any other to the class of the same name, with the
    fields of the node (`own_fields`) or those the class has."""
    classes: dict[type, type] = {}

    def translate(node: Any) -> Any:
        if type(node) is list:
            return [translate(n) for n in node]
        kind = type(node)
        special = specials.get(kind)
        if special is not None:
            return special(node)
        cls = classes.get(kind)
        if cls is None:
            cls = classes[kind] = getattr(target, kind.__name__)
        return _copy(node, cls, translate, node._fields if own_fields else cls._fields)

    return translate


_TO_AST: dict[type, Callable[[Any], Any]] = {}  # filled below
_TO_GAST: dict[type, Callable[[Any], Any]] = {}

to_ast = _translator(ast, _TO_AST, own_fields=False)
to_ast.__doc__ = """The `ast` tree of a gast tree (or list of trees)."""
to_gast = _translator(gast, _TO_GAST, own_fields=True)
to_gast.__doc__ = """The gast tree of an `ast` tree (or list of trees)."""


def _copy(node: Any, cls: type, translate: Callable[[Any], Any], names: tuple[str, ...]) -> Any:
    """A `cls` node with `node`'s fields among `names` (translated), and its locations."""
    new = cls.__new__(cls)
    fields = new.__dict__
    own = node.__dict__
    for name in names:
        if name not in own:
            continue
        value = own[name]
        if type(value) is list:
            value = [translate(v) if isinstance(v, ast.AST) else v for v in value]
        elif isinstance(value, ast.AST):
            value = translate(value)
        fields[name] = value
    for name in node._attributes:
        if name in own:
            fields[name] = own[name]
    return new


def _locate(new: Any, node: Any) -> Any:
    own = node.__dict__
    for name in ("lineno", "col_offset", "end_lineno", "end_col_offset"):
        if name in own:
            new.__dict__[name] = own[name]
    return new


def _sub(value: Any, translate: Callable[[Any], Any]) -> Any:
    return None if value is None else translate(value)


# -- gast -> ast ---------------------------------------------------------------------

def _name_to_ast(node: gast.Name) -> ast.Name:
    return _locate(ast.Name(node.id, to_ast(node.ctx)), node)


def _arg_to_ast(node: gast.Name | None) -> ast.arg | None:
    if node is None:
        return None
    return _locate(ast.arg(node.id, _sub(node.annotation, to_ast), node.type_comment), node)


def _arguments_to_ast(node: gast.arguments) -> ast.arguments:
    return ast.arguments(
        [_arg_to_ast(a) for a in node.posonlyargs],
        [_arg_to_ast(a) for a in node.args],
        _arg_to_ast(node.vararg),
        [_arg_to_ast(a) for a in node.kwonlyargs],
        [_sub(d, to_ast) for d in node.kw_defaults],
        _arg_to_ast(node.kwarg),
        to_ast(node.defaults),
    )


def _handler_to_ast(node: gast.ExceptHandler) -> ast.ExceptHandler:
    if not node.name:
        return _copy(node, ast.ExceptHandler, to_ast, ast.ExceptHandler._fields)
    return _locate(ast.ExceptHandler(_sub(node.type, to_ast), node.name.id, to_ast(node.body)), node)


def _assign_to_ast(node: gast.Assign) -> ast.Assign:
    return _locate(ast.Assign(to_ast(node.targets), to_ast(node.value)), node)


# -- ast -> gast ---------------------------------------------------------------------

def _name_to_gast(node: ast.Name) -> gast.Name:
    return _locate(gast.Name(node.id, to_gast(node.ctx), None, None), node)


def _arg_to_gast(node: ast.arg) -> gast.Name:
    return _locate(gast.Name(node.arg, gast.Param(), _sub(node.annotation, to_gast), node.type_comment), node)


def _handler_to_gast(node: ast.ExceptHandler) -> gast.ExceptHandler:
    if not node.name:
        return _copy(node, gast.ExceptHandler, to_gast, node._fields)
    name = gast.Name(node.name, gast.Store(), None, None)
    return _locate(gast.ExceptHandler(_sub(node.type, to_gast), name, to_gast(node.body)), node)


def _with_type_params(kind: type) -> Callable[[Any], Any]:
    def translate(node: Any) -> Any:
        new = _copy(node, getattr(gast, kind.__name__), to_gast, node._fields)
        new.type_params = []
        return new

    return translate


def _type_param_to_gast(kind: type) -> Callable[[Any], Any]:
    def translate(node: Any) -> Any:
        new = _copy(node, getattr(gast, kind.__name__), to_gast, node._fields)
        new.default_value = None
        return new

    return translate


_TO_AST.update({
    gast.Name: _name_to_ast,
    gast.arguments: _arguments_to_ast,
    gast.ExceptHandler: _handler_to_ast,
    gast.Assign: _assign_to_ast,
})
_TO_GAST.update({
    ast.Name: _name_to_gast,
    ast.arg: _arg_to_gast,
    ast.ExceptHandler: _handler_to_gast,
})
if sys.version_info < (3, 12):
    for _kind in (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef):
        _TO_GAST[_kind] = _with_type_params(_kind)
elif sys.version_info < (3, 13):
    for _kind in (ast.TypeVar, ast.ParamSpec, ast.TypeVarTuple):
        _TO_GAST[_kind] = _type_param_to_gast(_kind)
