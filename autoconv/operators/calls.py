"""`converted_call`: every call site of converted code. User functions are converted
(once, cached) and called; NumPy, autoconv, the standard library, builtins and functions
marked `do_not_convert` run as they are."""

from __future__ import annotations

import functools
import inspect
import sys
import types
import warnings
import weakref
from typing import Any

import numpy as np

from autoconv import autograph
from autoconv import numpy as ac_numpy
from autoconv.autograph import api as autograph_api
from autoconv.errors import AutoConvError, ConversionError, StagingError, user_location
from autoconv.graph import nest, ops, registry
from autoconv.operators.lists import NUMPY_OVERLOADS
from autoconv.operators.py_builtins import OVERLOADS
from autoconv.operators.tensors import changes_a_container_from_before, is_tensor, is_tracing
from autoconv.operators.undefined import check_defined

_RUN_AS_IS = object()
# function -> its converted version, or _RUN_AS_IS
_decisions: "weakref.WeakKeyDictionary[types.FunctionType, Any]" = weakref.WeakKeyDictionary()
_warned_no_source: set[types.CodeType] = set()
_LIBRARY_ROOTS = frozenset(sys.stdlib_module_names) | {"numpy", "autoconv", "gast", "builtins"}
_RANDOM_STATES = (np.random.Generator, np.random.RandomState)
# Calls that make or seed a generator: in a graph, each run starts it afresh, as each call
# of the function does.
_SEEDING = frozenset({np.random.default_rng, np.random.RandomState, np.random.Generator, np.random.seed})


def converted_call(f: Any, args: tuple, kwargs: dict | None) -> Any:
    kwargs = kwargs or {}
    try:
        overload = OVERLOADS.get(f) or NUMPY_OVERLOADS.get(f)
    except TypeError:  # unhashable callables
        overload = None
    if overload is not None:
        return overload(*args, **kwargs)
    if is_tracing():
        staged = _while_tracing(f, args, kwargs)
        if staged is not _RUN_AS_IS:
            return staged
    if isinstance(f, types.FunctionType):
        return _function(f)(*args, **kwargs)
    if isinstance(f, types.MethodType) and isinstance(f.__func__, types.FunctionType):
        target = _function(f.__func__)
        return target(f.__self__, *args, **kwargs)
    if isinstance(f, (types.BuiltinFunctionType, types.BuiltinMethodType)):
        return f(*args, **kwargs)
    if isinstance(f, functools.partial):
        return converted_call(f.func, f.args + args, {**f.keywords, **kwargs})
    if isinstance(f, staticmethod):
        return converted_call(f.__func__, args, kwargs)
    if isinstance(f, type) and _has_own_init(f):
        # A user class: its `__init__` converts like any method (`if x > 0: self.v = x`).
        obj = f.__new__(f)
        converted_call(f.__init__, (obj, *args), kwargs)
        return obj
    if not isinstance(f, type) and not isinstance(f, np.ufunc):
        call = getattr(type(f), "__call__", None)
        if isinstance(call, types.FunctionType) and not _is_library(call):
            return converted_call(call, (f,) + tuple(args), kwargs)
    return f(*args, **kwargs)


# Methods that change a Python container in place.
_MUTATORS = {
    list: frozenset({"append", "extend", "insert", "pop", "remove", "clear", "sort", "reverse"}),
    dict: frozenset({"update", "pop", "popitem", "setdefault", "clear"}),
    set: frozenset({"add", "discard", "remove", "pop", "clear", "update", "difference_update",
                    "intersection_update", "symmetric_difference_update"}),
}


def _check_container_change(f: Any) -> None:
    """Inside a staged if or loop, a change to a container that existed before it would happen
    once, while tracing (both branches, one iteration), not as the graph runs: refuse it
    rather than get it wrong. Containers made inside are the body's own to change."""
    owner = f.__self__
    if f.__name__ not in _MUTATORS[type(owner)] or not changes_a_container_from_before(owner):
        return
    kind = type(owner).__name__
    hint = " (`lst.append(v)` on a local list variable is staged)" if f.__name__ == "append" else ""
    raise StagingError(
        f"{kind}.{f.__name__}() inside staged control flow at {user_location()}: Python would change the "
        f"{kind} as the code runs, a graph would change it once, while tracing. Build a new value and assign "
        f"it to a variable instead{hint}")


def _is_seeding(f: Any) -> bool:
    try:
        return f in _SEEDING
    except TypeError:
        return False


def _seeded(f: Any, args: tuple, kwargs: dict) -> Any:
    """Make or seed a generator now, and stage putting it in the same state at every run."""
    if any(is_tensor(v) for v in nest.flatten((args, kwargs))):
        raise AutoConvError(f"the seed passed to np.random.{f.__name__} must be a Python value, not a traced one "
                            f"(at {user_location()})")
    seed = args[0] if args else kwargs.get("seed", kwargs.get("bit_generator"))
    result = f(*args, **kwargs)
    if f is not np.random.Generator and isinstance(seed, (np.random.Generator, np.random.BitGenerator)):
        return result  # default_rng(rng) is rng itself, drawing on from where it is
    generator = np.random.mtrand._rand if f is np.random.seed else result
    if f is not np.random.Generator and seed is None:
        state = None
    elif isinstance(generator, np.random.Generator):
        state = generator.bit_generator.state
    else:
        state = generator.get_state()
    ops.make("reseed", (), {"generator": generator, "start": registry.RandomStart(state)})
    return result


def _while_tracing(f: Any, args: tuple, kwargs: dict) -> Any:
    """What a call does differently while tracing (a staged draw, a traced cast, a refused
    change), or `_RUN_AS_IS` when it is called as usual."""
    owner = getattr(f, "__self__", None)
    if isinstance(f, np.ufunc) and kwargs.get("out") is not None and any(is_tensor(v) for v in nest.flatten(args)):
        # (`a += t` reaches the ufunc with `out` too, and becomes a new value of `a`; a call
        # that names `out` writes into an array whose new value nothing would see.)
        raise AutoConvError(f"np.{f.__name__}(..., out=...) is not supported on traced values "
                            f"(at {user_location()}); assign the result instead")
    if isinstance(f, type) and issubclass(f, np.generic) and len(args) == 1 and not kwargs and is_tensor(args[0]):
        return ops.astype(args[0], f)  # `np.float32(t)`: a scalar of that type, traced
    if type(owner) in _MUTATORS:
        _check_container_change(f)
    if _is_seeding(f):
        return _seeded(f, args, kwargs)
    if f is np.full and any(is_tensor(v) for v in nest.flatten((args, kwargs))):
        return ac_numpy.full(*args, **kwargs)  # NumPy dispatches np.full on `like=` only
    if _dispatched_past(f) and any(is_tensor(v) for v in nest.flatten((args, kwargs))):
        # `np.take(table, t)`: NumPy asks only `a` and `out` to dispatch, so a traced index
        # into an array that is not traced would reach NumPy's own code.
        return ops.apply_function(f, args, kwargs)
    if isinstance(owner, _RANDOM_STATES):
        # Legacy np.random.* and Generator methods (builtin or Cython-method types alike)
        # draw when the graph runs, not once while tracing.
        return ops.random(f, args, kwargs)
    return _RUN_AS_IS


def _has_own_init(cls: type) -> bool:
    """A class built the plain way (object's `__new__`, no metaclass `__call__`) whose
    `__init__` is a user function with source."""
    init = cls.__init__
    return (type(cls).__call__ is type.__call__ and cls.__new__ is object.__new__
            and isinstance(init, types.FunctionType) and not init.__code__.co_filename.startswith("<")
            and not _is_library(init))


def _dispatched_past(f: Any) -> bool:
    """NumPy functions whose dispatch leaves out some array arguments (graph ops exist)."""
    try:
        return f in _DISPATCHED_PAST
    except TypeError:
        return False


_DISPATCHED_PAST = frozenset(f for f in (np.take, np.choose, np.put, np.compress, np.select)
                             if f in registry.BY_FUNCTION)


def _function(f: types.FunctionType) -> Any:
    """What to call for a plain Python function."""
    decision = _decisions.get(f)
    if decision is None or (decision is not _RUN_AS_IS and not autograph_api.same_defaults(decision.__wrapped__, f)):
        decision = _decide(f)
        _decisions[f] = decision
    return f if decision is _RUN_AS_IS else decision


def _decide(f: types.FunctionType) -> Any:
    if autograph.is_converted(f) or autograph_api.is_do_not_convert(f) or _is_library(f):
        return _RUN_AS_IS
    if f.__code__.co_flags & (inspect.CO_GENERATOR | inspect.CO_COROUTINE | inspect.CO_ASYNC_GENERATOR):
        return _RUN_AS_IS
    try:
        converted = autograph.convert(f)
    except ConversionError as e:
        if not str(e).startswith("no source") and "could not" not in str(e):
            raise
        if f.__code__ not in _warned_no_source:
            _warned_no_source.add(f.__code__)
            warnings.warn(
                f"{f.__qualname__} (called at {user_location()}) runs unconverted: {e}", stacklevel=4
            )
        return _RUN_AS_IS
    return _checked(converted)


def _checked(converted: Any) -> Any:
    """The converted function, refusing to hand back an undefined value."""

    @functools.wraps(converted)
    def call(*args: Any, **kwargs: Any) -> Any:
        try:
            return check_defined(converted(*args, **kwargs))
        except RecursionError:
            if not is_tracing():
                raise
            raise StagingError(
                f"{converted.__qualname__} calls itself without end while tracing (at {user_location()}): a "
                "recursive call under a staged condition is traced whatever the condition holds, so the "
                "recursion never reaches its base case; write it as a loop") from None

    return call


def _is_library(f: Any) -> bool:
    module = getattr(f, "__module__", None) or ""
    return module.partition(".")[0] in _LIBRARY_ROOTS
