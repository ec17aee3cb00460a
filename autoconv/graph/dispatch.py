"""How a traced tensor captures NumPy: the dispatch protocols, Python operators, ndarray
methods and properties. Each entry turns the call into an operation of the current graph.

Using a tensor where Python needs a concrete value (`bool`, `int`, `len` of an unknown dim,
iteration over an unknown dim) is an error that says why and what to do instead.
"""

from __future__ import annotations

import contextlib
import functools
import threading
import weakref

from typing import Any, Iterator

import numpy as np

from autoconv.errors import StagingError, TracingError, user_location

_ops_module: Any = None


def _ops() -> Any:
    global _ops_module
    if _ops_module is None:
        from autoconv.graph import ops

        _ops_module = ops
    return _ops_module


def _concrete_error(what: str) -> TracingError:
    return TracingError(
        f"{what} of a traced value at {user_location()}: its value is only known when the graph "
        "runs, not while it is traced. Control flow on it is staged in the if/while/for statements, "
        "ternaries and and/or/not of functions converted by ac.function (autograph=True, the "
        "default); Python code that tests it elsewhere (a comprehension's filter, sorted(), a "
        "library function) cannot be: use NumPy (np.where, np.sort, ...) or ac.cond / ac.while_loop."
    )


def _is_weak(x: Any) -> bool:
    return type(x) in (bool, int, float, complex) or getattr(x, "weak", False) is True


# Traced arrays that stand for Python lists (a list grown by a staged loop is the array of
# its items there): `+` and `*` on them mean concatenation and repetition in Python.
# (Keyed by id: a WeakSet would compare tensors with `==`, which traces.)
_LIST_VALUES: dict[int, "weakref.ref[Any]"] = {}


_formatting = threading.local()


@contextlib.contextmanager
def formatted_later() -> Iterator[list]:
    """Inside the block, `str(t)` and `format(t, spec)` of a traced value give a marker
    `\x00k\x00` and append (t, spec) to the list: text to complete when the graph runs
    (an assert's message)."""
    outer = getattr(_formatting, "values", None)
    _formatting.values = values = []
    try:
        yield values
    finally:
        _formatting.values = outer


def mark_list(t: Any) -> None:
    key = id(t)
    _LIST_VALUES[key] = weakref.ref(t, lambda _, key=key: _LIST_VALUES.pop(key, None))


def is_list(t: Any) -> bool:
    ref = _LIST_VALUES.get(id(t))
    return ref is not None and ref() is t


def _binary(ufunc: np.ufunc, symbol: str, reflected: bool = False) -> Any:
    """A Python operator: NumPy's ufunc, or Python's own operator when both sides are weak
    (two Python scalars combine into a Python scalar, as in plain Python)."""
    def method(self: Any, other: Any) -> Any:
        a, b = (other, self) if reflected else (self, other)
        if symbol in ("+", "*") and is_list(self):
            raise StagingError(
                f"`{symbol}` on a list that a staged loop grows (an array of its items there) at "
                f"{user_location()}: Python would {'concatenate' if symbol == '+' else 'repeat'} the list, "
                "an array would add or multiply its items. Grow it with `append` only.")
        if _is_weak(a) and _is_weak(b):
            return _ops().make("pyop", (a, b), {"op": symbol})
        return ufunc(a, b)
    method.__name__ = f"__{'r' if reflected else ''}{ufunc.__name__}__"
    return method


# ndarray's `**` computes some powers by a cheaper ufunc (`x ** 2` is np.square), whose
# results can differ from np.power in the last bits (complex), at -0.0 and -inf (sqrt), or in
# dtype (bool ** 2 is int8). Which exponents take which path depends on the NumPy version,
# the dtype and the exponent's type: traced `**` asks NumPy, on sample values.
_FAST_POWERS = {-1: np.reciprocal, 0.5: np.sqrt, 2: np.square}


@functools.lru_cache(maxsize=None)
def _fast_power(dtype: np.dtype, kind: type, exponent: float) -> Any:
    """The ufunc `ndarray ** exponent` calls for `dtype`, if not np.power."""
    fast = _FAST_POWERS.get(exponent)
    if fast is None:
        return None
    # Values where the fast path and np.power can round apart (14632 ** 0.5 on int32, NumPy 2.2).
    values = [True, False] if dtype.kind == "b" else [1, 2, 3, 7, 14632, 99991, 123457] if dtype.kind in "iu" else \
        [1, 2, 3, 0.0, -0.0, np.inf, -np.inf, 0.1, 7.5, 1e-3, 2.7919551260869758e-05, 3.5435059532352557e17, 14632.0]
    with np.errstate(all="ignore"):
        sample = np.array(values).astype(dtype)
        try:
            got = sample ** kind(exponent)
            by_fast = fast(sample)
        except Exception:
            return None
    same = got.dtype == by_fast.dtype and got.tobytes() == by_fast.tobytes()
    return fast if same else None


def _scalar_power(base: Any, exponent: Any) -> Any:
    """`base ** exponent` on 0-d values, as NumPy scalars compute it (their own pow, which can
    differ in the last bit from np.power and np.sqrt/np.square), or None for arrays."""
    operands = (base, exponent)
    if any(getattr(x, "shape", ()) != () or not isinstance(x, (TensorDispatch, np.generic, int, float, complex))
           for x in operands) or all(_is_weak(x) for x in operands):
        return None
    return _ops().make("pyop", operands, {"op": "**"})


def _pow(self: Any, other: Any) -> Any:
    scalar = _scalar_power(self, other)
    if scalar is not None:
        return scalar
    if type(other) in (int, float) and other in _FAST_POWERS and not _is_weak(self):
        fast = _fast_power(self.dtype, type(other), other)  # type: ignore[attr-defined]
        if fast is not None:
            return fast(self)
    return _binary(np.power, "**")(self, other)


def _rpow(self: Any, other: Any) -> Any:
    scalar = _scalar_power(other, self)
    return scalar if scalar is not None else _binary(np.power, "**", True)(self, other)


def _in_place(ufunc: np.ufunc, symbol: str) -> Any:
    """`t op= v`: NumPy updates an array `t` in place, keeping its dtype; a traced `t` gets a
    new value of that dtype. A 0-d `t` stands for a NumPy scalar (what NumPy's arithmetic
    on 0-d values gives) and a weak one for a Python scalar: `op=` rebinds those as `t op v`."""
    binary = _binary(ufunc, symbol)

    def method(self: Any, other: Any) -> Any:
        if _is_weak(self) or self.shape == ():
            return binary(self, other)
        return _ops().in_place(ufunc, self, other)

    method.__name__ = f"__i{ufunc.__name__}__"
    return method


def _unary(ufunc: np.ufunc, symbol: str) -> Any:
    def method(self: Any) -> Any:
        if _is_weak(self):
            return _ops().make("pyop", (self,), {"op": symbol})
        return ufunc(self)
    return method


def _via(fn: Any) -> Any:
    """An ndarray method that is the NumPy function of the same meaning: `x.sum(0)` = `np.sum(x, 0)`."""
    def method(self: Any, *args: Any, **kwargs: Any) -> Any:
        return fn(self, *args, **kwargs)
    method.__name__ = fn.__name__
    return method


class TensorDispatch:
    __slots__ = ()
    __array_priority__ = 1000  # ndarray binary operators defer to us

    # -- NumPy protocols -------------------------------------------------------------
    def __array_ufunc__(self, ufunc: np.ufunc, method: str, *inputs: Any, **kwargs: Any) -> Any:
        return _ops().apply_ufunc(ufunc, method, inputs, kwargs)

    def __array_function__(self, func: Any, types: Any, args: Any, kwargs: Any) -> Any:
        return _ops().apply_function(func, args, kwargs)

    def __array__(self, dtype: Any = None, copy: Any = None) -> Any:
        raise _concrete_error("conversion to a NumPy array (np.asarray/np.array, or an index into an array "
                              "that is not traced: np.take(array, t) stages that one)")

    # -- Python operators ------------------------------------------------------------
    __add__, __radd__ = _binary(np.add, '+'), _binary(np.add, '+', True)
    __sub__, __rsub__ = _binary(np.subtract, '-'), _binary(np.subtract, '-', True)
    __mul__, __rmul__ = _binary(np.multiply, '*'), _binary(np.multiply, '*', True)
    __truediv__, __rtruediv__ = _binary(np.true_divide, '/'), _binary(np.true_divide, '/', True)
    __floordiv__, __rfloordiv__ = _binary(np.floor_divide, '//'), _binary(np.floor_divide, '//', True)
    __mod__, __rmod__ = _binary(np.remainder, '%'), _binary(np.remainder, '%', True)
    __pow__, __rpow__ = _pow, _rpow
    __matmul__, __rmatmul__ = _binary(np.matmul, '@'), _binary(np.matmul, '@', True)
    __and__, __rand__ = _binary(np.bitwise_and, '&'), _binary(np.bitwise_and, '&', True)
    __or__, __ror__ = _binary(np.bitwise_or, '|'), _binary(np.bitwise_or, '|', True)
    __xor__, __rxor__ = _binary(np.bitwise_xor, '^'), _binary(np.bitwise_xor, '^', True)
    __lshift__, __rlshift__ = _binary(np.left_shift, '<<'), _binary(np.left_shift, '<<', True)
    __rshift__, __rrshift__ = _binary(np.right_shift, '>>'), _binary(np.right_shift, '>>', True)
    __divmod__, __rdivmod__ = _binary(np.divmod, 'divmod'), _binary(np.divmod, 'divmod', True)
    __lt__, __le__ = _binary(np.less, '<'), _binary(np.less_equal, '<=')
    __gt__, __ge__ = _binary(np.greater, '>'), _binary(np.greater_equal, '>=')
    __eq__, __ne__ = _binary(np.equal, '=='), _binary(np.not_equal, '!=')  # type: ignore[assignment]
    __hash__ = object.__hash__
    __iadd__, __isub__ = _in_place(np.add, "+"), _in_place(np.subtract, "-")
    __imul__, __itruediv__ = _in_place(np.multiply, "*"), _in_place(np.true_divide, "/")
    __ifloordiv__, __imod__ = _in_place(np.floor_divide, "//"), _in_place(np.remainder, "%")
    __ipow__, __imatmul__ = _in_place(np.power, "**"), _in_place(np.matmul, "@")
    __iand__, __ior__, __ixor__ = _in_place(np.bitwise_and, "&"), _in_place(np.bitwise_or, "|"), _in_place(np.bitwise_xor, "^")
    __ilshift__, __irshift__ = _in_place(np.left_shift, "<<"), _in_place(np.right_shift, ">>")

    __neg__, __pos__ = _unary(np.negative, "neg"), _unary(np.positive, "pos")
    __abs__, __invert__ = _unary(np.absolute, "abs"), _unary(np.invert, "~")

    def __getitem__(self, key: Any) -> Any:
        return _ops().getitem(self, key)

    def __setitem__(self, key: Any, value: Any) -> None:
        raise TracingError(
            f"item assignment to a traced value at {user_location()}: traced arrays are immutable. "
            "Inside a converted function `x[i] = v` is rewritten for you; otherwise write "
            "`x = ac.numpy.setitem(x, i, v)`."
        )

    # -- Where Python needs a concrete value -----------------------------------------
    def __bool__(self) -> bool:
        raise _concrete_error("truth value (bool(), `if`, `while`, `and`/`or`/`not`)")

    def __int__(self) -> int:
        raise _concrete_error("int()")

    def __float__(self) -> float:
        raise _concrete_error("float()")

    def __complex__(self) -> complex:
        raise _concrete_error("complex()")

    def __index__(self) -> int:
        raise _concrete_error("use as a Python index (range(), a list index, a shape, an index into an "
                              "array that is not traced: np.take(array, t) stages that one)")

    def __format__(self, spec: str) -> str:
        values = getattr(_formatting, "values", None)
        if values is None:
            return format(repr(self), spec)
        values.append((self, spec))
        return f"\x00{len(values) - 1}\x00"

    def __str__(self) -> str:
        return self.__format__("") if getattr(_formatting, "values", None) is not None else repr(self)

    def __repr__(self) -> str:
        values = getattr(_formatting, "values", None)
        if values is None:
            return self._text()  # type: ignore[attr-defined]
        values.append((self, "!r"))  # `{x!r}` in an assert message: repr of the value
        return f"\x00{len(values) - 1}\x00"

    def __round__(self, ndigits: Any = None) -> Any:
        if ndigits is None and self.shape == ():  # type: ignore[attr-defined]
            # round() of a NumPy scalar is a Python int (rounding half to even).
            return _ops().make("pyop", (np.round(self),), {"op": "int"})
        return np.round(self, ndigits or 0)

    def __len__(self) -> int:
        shape = self.shape  # type: ignore[attr-defined]
        if not shape:
            raise TracingError(f"len() of a 0-d traced value at {user_location()}")
        if shape[0] is None:
            raise _concrete_error("len() of an unknown dim")
        return int(shape[0])

    def __iter__(self) -> Any:
        shape = self.shape  # type: ignore[attr-defined]
        if not shape:
            raise TracingError(f"iteration over a 0-d traced value at {user_location()}")
        if shape[0] is None:
            raise _concrete_error("iteration over an unknown dim")
        return (self[i] for i in range(shape[0]))

    # -- list methods a traced array lacks -------------------------------------------
    def _not_a_list(self, name: str) -> Any:
        def method(*args: Any, **kwargs: Any) -> Any:
            raise AttributeError(
                f"a traced array (as np.ndarray) has no attribute {name!r} (at {user_location()}). A list grown "
                "by staged control flow is an array after it (its items stacked): only `append` is staged on it.")
        return method

    pop = property(lambda self: self._not_a_list("pop"))
    insert = property(lambda self: self._not_a_list("insert"))
    extend = property(lambda self: self._not_a_list("extend"))
    remove = property(lambda self: self._not_a_list("remove"))
    append = property(lambda self: self._not_a_list("append"))

    # -- ndarray properties ----------------------------------------------------------
    @property
    def ndim(self) -> int:
        return len(self.shape)  # type: ignore[attr-defined]

    @property
    def size(self) -> Any:
        shape = self.shape  # type: ignore[attr-defined]
        if None in shape:
            size = 1
            for d in np.shape(self):  # a Python int when the graph runs (traced dims are weak)
                size = size * d
            return size
        return int(np.prod(shape, dtype=np.int64))

    @property
    def T(self) -> Any:
        return np.transpose(self)

    @property
    def real(self) -> Any:
        return np.real(self)

    @property
    def imag(self) -> Any:
        return np.imag(self)

    # -- ndarray methods -------------------------------------------------------------
    def astype(self, dtype: Any, order: str = "K", casting: str = "unsafe", subok: bool = True,
               copy: bool = True) -> Any:
        if not np.can_cast(self.dtype, dtype, casting):  # type: ignore[attr-defined]
            raise TypeError(f"Cannot cast array data from {self.dtype!r} to {np.dtype(dtype)!r} according to "  # type: ignore[attr-defined]
                            f"the rule {casting!r} (at {user_location()})")
        return _ops().astype(self, dtype)

    def reshape(self, *shape: Any, **kwargs: Any) -> Any:
        if len(shape) == 1 and isinstance(shape[0], (tuple, list)):
            shape = tuple(shape[0])
        return np.reshape(self, shape, **kwargs)

    def transpose(self, *axes: Any) -> Any:
        if len(axes) == 1 and (axes[0] is None or isinstance(axes[0], (tuple, list))):
            axes = tuple(axes[0]) if axes[0] is not None else ()
        return np.transpose(self, axes or None)

    def flatten(self, order: str = "C") -> Any:
        return np.copy(np.ravel(self, order))  # always a copy, as NumPy's

    def copy(self, order: str = "K") -> Any:
        return np.copy(self)  # a new array: no longer a view (see `in_place`)

    def item(self, *args: Any) -> Any:
        if args or self.shape != ():  # type: ignore[attr-defined]
            raise _concrete_error(".item() of an array with more than one element")
        # A Python scalar: a weak value (NEP 50).
        kind = {"b": "bool", "i": "int", "u": "int", "f": "float", "c": "complex"}[self.dtype.kind]  # type: ignore[attr-defined]
        return self if self.weak else _ops().make("pyop", (self,), {"op": kind})  # type: ignore[attr-defined]

    def tolist(self) -> Any:
        raise _concrete_error(".tolist()")

    def sort(self, *args: Any, **kwargs: Any) -> None:
        raise TracingError(
            f"in-place .sort() of a traced value at {user_location()}: traced arrays are immutable; "
            "use `x = np.sort(x)`"
        )

    sum, prod, mean, std, var = _via(np.sum), _via(np.prod), _via(np.mean), _via(np.std), _via(np.var)
    max, min, argmax, argmin = _via(np.max), _via(np.min), _via(np.argmax), _via(np.argmin)
    any, all, cumsum, cumprod = _via(np.any), _via(np.all), _via(np.cumsum), _via(np.cumprod)
    ravel, squeeze, swapaxes, clip = _via(np.ravel), _via(np.squeeze), _via(np.swapaxes), _via(np.clip)
    repeat, take, argsort, dot = _via(np.repeat), _via(np.take), _via(np.argsort), _via(np.dot)
    round, conj, conjugate, ptp = _via(np.round), _via(np.conj), _via(np.conjugate), _via(np.ptp)
    nonzero, diagonal, trace = _via(np.nonzero), _via(np.diagonal), _via(np.trace)
