"""`PolymorphicFunction`: the callable `ac.function` returns.

It keeps one `ConcreteFunction` per input trace type. A call builds its cache key from the
arguments (dtype and shape of arrays, value of Python scalars, identity of other objects),
finds the graph in one dict lookup and runs it; a new key traces a new graph.
"""

from __future__ import annotations

import functools
import inspect
import threading
import warnings
import weakref
from typing import Any, Callable, Sequence

import numpy as np

from autoconv import config
from autoconv.errors import AutoConvError
from autoconv.function.concrete import ConcreteFunction, flat_arrays
from autoconv.function.conversion import convert_for_tracing, optimizer_for
from autoconv.function.spec import TensorSpec, describe_type, trace_type
from autoconv.graph.tracing import current_graph

RETRACE_WARNING_THRESHOLD = 5  # retraces (traces after the first) before warning


class _Signature:
    """Binds calls to a canonical tuple of arguments, one per parameter."""

    def __init__(self, fn: Callable[..., Any]):
        self.sig = inspect.signature(fn)
        self.params = tuple(self.sig.parameters.values())
        self.names = tuple(p.name for p in self.params)
        self.simple = all(p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD) for p in self.params)
        self.var_positional = any(p.kind is p.VAR_POSITIONAL for p in self.params)
        self.nparams = len(self.params)

    def canonical(self, args: tuple, kwargs: dict) -> tuple:
        if not kwargs and self.simple and len(args) == self.nparams:
            return args
        bound = self.sig.bind(*args, **kwargs)
        bound.apply_defaults()
        return tuple(bound.arguments[n] for n in self.names)

    def flatten(self, canonical: Sequence[Any]) -> tuple[tuple, tuple[str, ...], tuple]:
        """The arguments one by one (each item of `*args` on its own, as an input_signature
        lists them), their names, and the parameter each comes from."""
        flat: list[Any] = []
        names: list[str] = []
        owners: list[inspect.Parameter] = []
        for p, v in zip(self.params, canonical):
            items = list(enumerate(v)) if p.kind is p.VAR_POSITIONAL else [(None, v)]
            for i, item in items:
                flat.append(item)
                names.append(p.name if i is None else f"{p.name}[{i}]")
                owners.append(p)
        return tuple(flat), tuple(names), tuple(owners)

    def unflatten(self, flat: Sequence[Any], owners: Sequence[inspect.Parameter]) -> tuple:
        """`canonical` back from `flatten`'s arguments."""
        canonical: list[Any] = []
        for p in self.params:
            items = [v for v, owner in zip(flat, owners) if owner is p]
            canonical.append(tuple(items) if p.kind is p.VAR_POSITIONAL else items[0])
        return tuple(canonical)

    def call(self, fn: Callable[..., Any], canonical: Sequence[Any]) -> Any:
        args: list[Any] = []
        kwargs: dict[str, Any] = {}
        for p, v in zip(self.params, canonical):
            if p.kind is p.VAR_POSITIONAL:
                args.extend(v)
            elif p.kind is p.VAR_KEYWORD:
                kwargs.update(v)
            elif p.kind is p.KEYWORD_ONLY:
                kwargs[p.name] = v
            else:
                args.append(v)
        return fn(*args, **kwargs)


def _relax(old: Any, new: Any) -> Any:
    """The most specific type covering both (arrays of one dtype and rank: differing dims -> None)."""
    if isinstance(old, TensorSpec) and isinstance(new, TensorSpec):
        if old.dtype == new.dtype and len(old.shape) == len(new.shape):
            return TensorSpec(tuple(a if a == b else None for a, b in zip(old.shape, new.shape)), old.dtype)
        return None
    if isinstance(old, tuple) and isinstance(new, tuple) and len(old) == len(new) == 2 \
            and old[0] is new[0] and isinstance(old[1], tuple) and len(old[1]) == len(new[1]):
        items = [_relax(a, b) for a, b in zip(old[1], new[1])]
        return None if any(i is None for i in items) else (old[0], tuple(items))
    return old if old == new else None


def _covers(spec: Any, t: Any) -> bool:
    if isinstance(spec, TensorSpec):
        return isinstance(t, TensorSpec) and spec.dtype == t.dtype and len(spec.shape) == len(t.shape) and all(
            s is None or s == d for s, d in zip(spec.shape, t.shape))
    if isinstance(spec, tuple) and len(spec) == 2 and isinstance(spec[1], tuple) and isinstance(t, tuple) \
            and len(t) == 2 and t[0] is spec[0] and len(t[1]) == len(spec[1]):
        return all(_covers(a, b) for a, b in zip(spec[1], t[1]))
    return spec == t


def _what_changed(names: Sequence[str], old: tuple, new: tuple) -> str:
    for name, a, b in zip(names, old, new):
        if a != b:
            hint = ("pass an array to avoid retracing" if isinstance(a, tuple) and a and a[0] == "value"
                    else "use reduce_retracing=True or an input_signature with None dims")
            return f"argument {name}: {describe_type(a)} → {describe_type(b)}; {hint}"
    return "the arguments' types changed"


class PolymorphicFunction:
    """A Python function that runs as a graph, traced once per input signature."""

    def __init__(self, python_function: Callable[..., Any], input_signature: Sequence[TensorSpec] | None = None,
                 reduce_retracing: bool = False, jit_compile: bool = False, autograph: bool = True,
                 name: str | None = None):
        self.python_function = python_function
        self.input_signature = tuple(input_signature) if input_signature is not None else None
        self.reduce_retracing = reduce_retracing
        self.jit_compile = jit_compile
        self.autograph = autograph
        self.__name__ = name or getattr(python_function, "__name__", "function")
        functools.update_wrapper(self, python_function)  # type: ignore[arg-type]
        self._sig = _Signature(python_function)
        self._cache: dict[tuple, ConcreteFunction] = {}
        # Calls with one ndarray or Python scalar per parameter, keyed by (dtype, shape) per
        # array and (type, value) per scalar: the entry is what `_cache` holds for them.
        self._array_cache: dict[tuple, ConcreteFunction] = {}
        self._array_calls = self._sig.simple and input_signature is None
        self._relaxed: list[tuple[tuple, ConcreteFunction]] = []
        self._lock = threading.RLock()
        self._tracing_count = 0
        self._last_key: tuple | None = None
        self._warned = False
        self._converted: Callable[..., Any] | None = None
        # id(instance) -> (weak reference to it, the function bound to it): by identity, as
        # instances that compare equal may still differ in what their methods read.
        self._bound: dict[int, tuple[weakref.ref, PolymorphicFunction]] = {}
        if self.input_signature is not None:
            if len(self.input_signature) > self._sig.nparams and not self._sig.var_positional:
                raise AutoConvError(f"input_signature has {len(self.input_signature)} specs but "
                                    f"{self.__name__} takes {self._sig.nparams} arguments")

    # -- methods: `instance.method` is a PolymorphicFunction bound to the instance --------
    def __get__(self, instance: Any, owner: Any = None) -> Any:
        if instance is None:
            return self
        entry = self._bound.get(id(instance))
        if entry is not None and entry[0]() is instance:
            return entry[1]
        bound = PolymorphicFunction(self.python_function.__get__(instance, owner), self.input_signature,
                                    self.reduce_retracing, self.jit_compile, self.autograph, self.__name__)
        key, table = id(instance), self._bound
        try:
            ref = weakref.ref(instance, lambda _, key=key: table.pop(key, None))
        except TypeError:
            return bound  # not weakly referable: bound anew at each access
        table[key] = (ref, bound)
        return bound

    # -- calls ---------------------------------------------------------------------------
    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        if config.functions_run_eagerly():
            return self.python_function(*args, **kwargs)
        if current_graph() is not None:
            # Called while tracing another function: inline into the outer graph.
            return self._sig.call(self._traceable(), self._sig.canonical(args, kwargs))
        array_key = _array_key(args) if self._array_calls and not kwargs and len(args) == self._sig.nparams else None
        if array_key is not None:
            cf = self._array_cache.get(array_key)
            if cf is not None:
                return cf.call_flat(args if cf._all_arrays else [a for a in args if type(a) is np.ndarray])
        canonical = self._sig.canonical(args, kwargs)
        if self.input_signature is not None:
            return self._call_with_signature(canonical)
        key = tuple(map(trace_type, canonical))
        cf = self._cache.get(key)
        if cf is None:
            cf = self._concrete_for(key, canonical)
        if cf._all_arrays and all(type(a) is np.ndarray for a in canonical):
            if array_key is not None:
                self._array_cache[array_key] = cf
            return cf.call_flat(canonical)
        arrays: list[Any] = []
        for a, s in zip(canonical, cf.specs):
            flat_arrays(a, s, arrays)
        if array_key is not None and all(isinstance(s, TensorSpec) or s == trace_type(a)
                                         for a, s in zip(canonical, cf.specs)):
            self._array_cache[array_key] = cf  # its arrays are exactly the ndarray arguments
        return cf.call_flat(arrays)

    def _call_with_signature(self, canonical: tuple) -> Any:
        specs = self.input_signature
        assert specs is not None
        n = len(specs)
        extra: tuple = ()  # arguments past the signature: parameters that keep their defaults
        if len(canonical) != n or self._sig.var_positional:
            flat, _, owners = self._sig.flatten(canonical)
            if len(flat) < n:
                raise TypeError(self._mismatch(canonical))
            canonical_flat, extra = flat, flat[n:]
            self._check_defaults(canonical, extra, owners[n:])
        else:
            canonical_flat = canonical
        cf = self._cache.get(())
        if cf is None:
            cf = self._concrete_for((), canonical, specs)
        arrays = []
        for a, s in zip(canonical_flat, specs):
            arr = a if isinstance(a, np.ndarray) else np.asarray(a)
            if arr.dtype != s.dtype and not (not isinstance(a, np.ndarray) and np.can_cast(arr.dtype, s.dtype, "same_kind")):
                raise TypeError(self._mismatch(canonical))
            if not s.is_compatible_with(arr):
                raise TypeError(self._mismatch(canonical))
            arrays.append(arr.astype(s.dtype, copy=False))
        if extra:
            for a, s in zip(extra, cf.specs[n:]):
                flat_arrays(a, s, arrays)
        return cf.call_flat(arrays)

    def _check_defaults(self, canonical: tuple, extra: tuple, owners: tuple) -> None:
        """Parameters past the signature keep their defaults (they are part of the graph)."""
        for v, p in zip(extra, owners):
            if p.kind is p.VAR_POSITIONAL or p.default is p.empty:
                raise TypeError(self._mismatch(canonical))
            if not (v is p.default or type(v) is type(p.default) and trace_type(v) == trace_type(p.default)):
                raise TypeError(f"{self.__name__}: argument {p.name!r} is not in the input_signature, so it keeps "
                                f"its default {p.default!r} (got {v!r}); add a spec for it to pass arrays")

    def _mismatch(self, canonical: tuple) -> str:
        got = ", ".join(str(TensorSpec.from_array(a)) if _arrayish(a) else repr(a) for a in canonical)
        want = ", ".join(repr(s) for s in self.input_signature or ())
        return (f"{self.__name__}: the call ({got}) does not match its input_signature [{want}]")

    def _concrete_for(self, key: tuple, canonical: tuple, specs: Sequence[Any] | None = None) -> ConcreteFunction:
        with self._lock:
            cf = self._cache.get(key)
            if cf is not None:
                return cf
            if specs is None:
                for spec_key, relaxed_cf in self._relaxed:
                    if all(_covers(s, t) for s, t in zip(spec_key, key)):
                        self._cache[key] = relaxed_cf
                        return relaxed_cf
                specs = self._relaxed_specs(key)
            cf = self._trace(tuple(specs), canonical)
            self._cache[key] = cf
            if tuple(specs) != key:
                self._relaxed.append((tuple(specs), cf))
            self._note_retrace(key)
            return cf

    def _relaxed_specs(self, key: tuple) -> tuple:
        if not self.reduce_retracing or self._last_key is None:
            return key
        relaxed = tuple(_relax(a, b) for a, b in zip(self._last_key, key))
        if any(r is None for r in relaxed):
            return key
        return relaxed

    def _note_retrace(self, key: tuple) -> None:
        previous, self._last_key = self._last_key, key
        if previous is None or self._warned:
            return
        if self._tracing_count - 1 >= RETRACE_WARNING_THRESHOLD:
            self._warned = True
            warnings.warn(
                f"{self.__name__} has been traced {self._tracing_count} times (retraced "
                f"{self._tracing_count - 1} times); the latest because {_what_changed(self._sig.names, previous, key)}. "
                "Each retrace builds and compiles a new graph.", stacklevel=4)

    def _traceable(self) -> Callable[..., Any]:
        if not self.autograph:
            return self.python_function
        if self._converted is None:
            self._converted = convert_for_tracing(self.python_function)
        return self._converted

    def _trace(self, specs: tuple, canonical: tuple) -> ConcreteFunction:
        fn = self._traceable()
        self._tracing_count += 1
        if self.input_signature is None:
            return ConcreteFunction.trace(self.__name__, lambda *a: self._sig.call(fn, a), canonical, specs,
                                          self._sig.names, optimizer_for(self))
        # One input per spec (items of *args included); parameters past the signature keep
        # the values given (their defaults), typed as any argument is.
        flat, names, owners = self._sig.flatten(canonical)
        specs = tuple(specs) + tuple(trace_type(v) for v in flat[len(specs):])
        return ConcreteFunction.trace(self.__name__, lambda *a: self._sig.call(fn, self._sig.unflatten(a, owners)),
                                      flat, specs, names, optimizer_for(self))

    # -- introspection -------------------------------------------------------------------
    def experimental_get_tracing_count(self) -> int:
        return self._tracing_count

    def get_concrete_function(self, *args: Any, **kwargs: Any) -> ConcreteFunction:
        """The graph for these arguments (arrays or `TensorSpec`s), tracing it if needed."""
        if self.input_signature is not None and not args and not kwargs:
            args = self.input_signature
        canonical = self._sig.canonical(args, kwargs)
        if self.input_signature is not None:
            for given, spec in zip(canonical, self.input_signature):
                given_spec = given if isinstance(given, TensorSpec) else TensorSpec.from_array(given) \
                    if isinstance(given, (np.ndarray, np.generic)) else None
                if given_spec is not None and isinstance(spec, TensorSpec) and not spec.matches(given_spec):
                    raise TypeError(f"{self.__name__}: {given_spec!r} does not match the input_signature {spec!r}")
            cf = self._cache.get(())
            return cf if cf is not None else self._concrete_for((), canonical, self.input_signature)
        key = tuple(a if isinstance(a, TensorSpec) else trace_type(a) for a in canonical)
        cf = self._cache.get(key)
        return cf if cf is not None else self._concrete_for(key, canonical)

    @property
    def concrete_functions(self) -> list[ConcreteFunction]:
        seen: list[ConcreteFunction] = []
        for cf in self._cache.values():
            if all(cf is not s for s in seen):
                seen.append(cf)
        return seen

    def __repr__(self) -> str:
        return f"<autoconv.function {self.__name__}>"


_STATIC_SCALARS = frozenset({bool, int, str, type(None)})


def _array_key(args: tuple) -> tuple | None:
    """`(dtype, shape)` per ndarray and `(type, value)` per Python scalar; None when any
    argument is something else."""
    key = []
    for a in args:
        t = type(a)
        if t is np.ndarray:
            key.append((a.dtype, a.shape))
        elif t is float:
            key.append((t, a.hex()))  # by bits: 0.0 and -0.0 trace apart
        elif t in _STATIC_SCALARS:
            key.append((t, a))
        else:
            return None
    return tuple(key)


def _arrayish(x: Any) -> bool:
    return isinstance(x, (np.ndarray, np.generic, list, int, float, bool))


def function(func: Callable[..., Any] | None = None, *, input_signature: Sequence[TensorSpec] | None = None,
             reduce_retracing: bool = False, jit_compile: bool = False, autograph: bool = True) -> Any:
    """Make `func` run as a graph: `@ac.function`, `@ac.function(...)` or `ac.function(fn, ...)`."""
    def wrap(f: Any) -> Any:
        if isinstance(f, (staticmethod, classmethod)):  # `@ac.function` above `@staticmethod`
            return type(f)(wrap(f.__func__))
        return PolymorphicFunction(f, input_signature, reduce_retracing, jit_compile, autograph)
    return wrap if func is None else wrap(func)
