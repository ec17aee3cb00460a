"""Public entry points: `convert`, `to_code`, `do_not_convert`, `is_converted`."""

from __future__ import annotations

import functools
import types
import weakref
from typing import Any, Callable, TypeVar

from autoconv.autograph import conversion, loader
from autoconv.autograph.source_map import SourceMap
from autoconv.errors import ConversionError

F = TypeVar("F", bound=Callable[..., Any])

_DO_NOT_CONVERT = "__autoconv_do_not_convert__"
_converted: "weakref.WeakKeyDictionary[types.FunctionType, types.FunctionType]" = weakref.WeakKeyDictionary()


def convert(fn: F) -> F:
    """The converted version of a function, method or lambda (cached).

    Raises ConversionError when `fn` has no Python source (builtins, C functions, code made
    by `exec`) or uses a construct conversion does not support; callers may catch it and
    run `fn` as it is.
    """
    if isinstance(fn, types.MethodType):
        return types.MethodType(convert(fn.__func__), fn.__self__)  # type: ignore[return-value]
    if isinstance(fn, functools.partial):
        return functools.partial(convert(fn.func), *fn.args, **fn.keywords)  # type: ignore[return-value]
    if not isinstance(fn, types.FunctionType):
        raise ConversionError(f"cannot convert {fn!r}: not a Python function")
    if is_converted(fn):
        return fn
    new = _converted.get(fn)
    if new is None or not same_defaults(new, fn):
        done = conversion.convert_code(fn)
        new = loader.instantiate(done.code, fn)
        new.ag_original = fn  # type: ignore[attr-defined]
        _converted[fn] = new
    return new  # type: ignore[return-value]


def same_defaults(a: types.FunctionType, b: types.FunctionType) -> bool:
    """Whether two functions hold the very same default values (compared by identity: they
    may be arrays)."""
    da, db = a.__defaults__ or (), b.__defaults__ or ()
    ka, kb = a.__kwdefaults__ or {}, b.__kwdefaults__ or {}
    return (len(da) == len(db) and all(x is y for x, y in zip(da, db)) and ka.keys() == kb.keys()
            and all(ka[k] is kb[k] for k in ka))


def to_code(fn: Callable[..., Any]) -> str:
    """The converted source of `fn`, as users read it in dumps."""
    if isinstance(fn, types.MethodType):
        fn = fn.__func__
    if isinstance(fn, functools.partial):
        fn = fn.func
    if not isinstance(fn, types.FunctionType):
        raise ConversionError(f"cannot convert {fn!r}: not a Python function")
    return conversion.convert_code(getattr(fn, "ag_original", fn)).source


def source_map(fn: Callable[..., Any]) -> SourceMap:
    """Line of `to_code(fn)` -> the user's file:line it came from."""
    return conversion.convert_code(getattr(convert(fn), "ag_original", fn)).source_map


def do_not_convert(fn: F) -> F:
    """Mark `fn` to run as it is when converted code calls it."""
    target = fn.__func__ if isinstance(fn, types.MethodType) else fn
    try:
        setattr(target, _DO_NOT_CONVERT, True)
    except (AttributeError, TypeError):
        pass  # builtins and C functions are never converted anyway
    return fn


def is_do_not_convert(fn: Any) -> bool:
    return getattr(fn, _DO_NOT_CONVERT, False) is True


def is_converted(fn: Any) -> bool:
    """Whether `fn` is a function that conversion produced."""
    code = getattr(fn, "__code__", None)
    return isinstance(code, types.CodeType) and loader.is_converted_code(code)
