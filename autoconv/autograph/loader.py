"""Loading converted code: compile the converted tree directly (so tracebacks show the
user's file:line) into a function that shares the original's globals and closure cells.

The converted definition is compiled inside a factory whose parameters are the original
free variables and `ag__`, which makes them free variables of the converted code too; the
function object is then assembled around the original cells, so closures stay live, and
the original globals dict, so later-defined globals are seen.
"""

from __future__ import annotations

import ast
import importlib
import inspect
import sys
import types
import weakref
from typing import Any

import gast

from autoconv.autograph.pyct import translate

# The module converted code calls as `ag__`; named rather than imported, so that
# conversion itself depends on no later stage.
OPERATORS_MODULE = "autoconv.operators"

_converted_codes: "weakref.WeakSet[types.CodeType]" = weakref.WeakSet()
_INNER = "ag__function"  # the converted function's name inside its factory


def is_converted_code(code: types.CodeType) -> bool:
    """Whether `code` comes out of conversion (its functions are already converted)."""
    return code in _converted_codes


def compile_function(node: gast.FunctionDef | gast.Lambda, fn: types.FunctionType, filename: str) -> types.CodeType:
    """Code of the converted function, with free variables for `ag__` and `fn`'s."""
    params = ["ag__"] + [v for v in fn.__code__.co_freevars if v != "ag__"]
    factory = ast.FunctionDef(
        name="ag__factory",
        args=ast.arguments(
            posonlyargs=[],
            args=[ast.arg(arg=p) for p in params],
            vararg=None,
            kwonlyargs=[],
            kw_defaults=[],
            kwarg=None,
            defaults=[],
        ),
        body=[_definition(node)],
        decorator_list=[],
        returns=None,
        **({"type_params": []} if "type_params" in ast.FunctionDef._fields else {}),
    )
    definition = factory.body[0]
    if isinstance(definition, ast.FunctionDef):
        # Named as the original inside the factory, the function would bind its own name
        # there, and a recursive call would find that empty binding rather than the global.
        definition.name = _INNER
    module = ast.Module(body=[factory], type_ignores=[])
    first = getattr(node, "lineno", 1)
    for n in (factory, *factory.args.args):
        n.lineno, n.col_offset, n.end_lineno, n.end_col_offset = first, 0, first, 0
    try:  # converters give every node they make a location (see `origin`)
        module_code = compile(module, filename, "exec", dont_inherit=True)
    except TypeError:  # a node without one: it takes its parent's
        module_code = compile(ast.fix_missing_locations(module), filename, "exec", dont_inherit=True)
    factory_code = next(c for c in module_code.co_consts if isinstance(c, types.CodeType))
    name = "<lambda>" if isinstance(node, gast.Lambda) else _INNER
    code = next(c for c in factory_code.co_consts if isinstance(c, types.CodeType) and c.co_name == name)
    if name == _INNER:
        names = {"co_name": node.name}
        if sys.version_info >= (3, 11):
            names["co_qualname"] = fn.__code__.co_qualname
        code = code.replace(**names)
    register(code)
    return code


def _definition(node: gast.FunctionDef | gast.Lambda) -> ast.stmt:
    if isinstance(node, gast.Lambda):
        return ast.Return(value=translate.to_ast(node))
    return translate.to_ast(node)


def register(code: types.CodeType) -> None:
    """Remember `code` (and the functions nested in it) as converted. Class bodies stay as
    written, so their methods are not: they convert when called."""
    _converted_codes.add(code)
    for const in code.co_consts:
        if isinstance(const, types.CodeType) and const.co_flags & inspect.CO_NEWLOCALS:
            register(const)


def _cell(value: Any) -> types.CellType:
    return types.CellType(value)


def instantiate(code: types.CodeType, fn: types.FunctionType) -> types.FunctionType:
    """A function running `code` with `fn`'s globals, closure cells and defaults."""
    cells = dict(zip(fn.__code__.co_freevars, fn.__closure__ or ()))
    operators = importlib.import_module(OPERATORS_MODULE)
    closure = tuple(
        _cell(operators) if name == "ag__" else cells.get(name) or types.CellType()
        for name in code.co_freevars
    )
    new = types.FunctionType(code, fn.__globals__, fn.__name__, fn.__defaults__, closure or None)
    new.__kwdefaults__ = fn.__kwdefaults__
    new.__qualname__ = fn.__qualname__
    new.__doc__ = fn.__doc__
    new.__annotations__ = getattr(fn, "__annotations__", {})
    return new
