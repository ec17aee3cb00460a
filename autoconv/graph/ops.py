"""Building operations: turn NumPy calls with traced arguments into graph operations.

Python scalars stay Python scalars (NEP 50 weak operands); arrays and NumPy scalars become
`const` operations; tensors of enclosing graphs are captured by the tracing context.
"""

from __future__ import annotations

import inspect
from typing import Any, Sequence

import numpy as np

from autoconv.errors import AutoConvError, StagingError, UnsupportedOpError, user_location
from autoconv.graph import registry
from autoconv.graph.rules import numpy_error
from autoconv.graph.ir import Tensor
from autoconv.graph.registry import OpDef, Slot
from autoconv.graph.tracing import add_operation, current_context

PY_SCALARS = (bool, int, float, complex)


def is_python_scalar(x: Any) -> bool:
    # Exact types: np.float64 subclasses float but is a "strong" NumPy scalar.
    return type(x) in PY_SCALARS


def const(value: Any) -> Tensor:
    """A constant operation holding `value` (an array, NumPy scalar, or nested list)."""
    array = np.asarray(value)
    if array.dtype == object:
        raise AutoConvError(f"cannot use a value of type {type(value).__name__} as an array at {user_location()}")
    ctx = current_context()
    if ctx is None:
        raise AutoConvError(f"const built outside of any trace at {user_location()}")
    op = add_operation("const", (), {"value": array}, ((array.dtype, array.shape),))
    return op.outputs[0]


def as_input(x: Any) -> Any:
    """What an operation takes for `x`: a tensor, a Python scalar/None/str, else a constant."""
    if isinstance(x, Tensor) or is_python_scalar(x) or x is None or isinstance(x, str):
        return x
    read = getattr(x, "_autoconv_read", None)  # ac.Variable and other tensor-like state
    if read is not None:
        return read()
    if isinstance(x, (list, tuple)) and _contains_tensor(x):
        return stack_nested(x)
    return const(x)


def as_tensor(x: Any) -> Tensor:
    x = as_input(x)
    return x if isinstance(x, Tensor) else const(x)


def _contains_tensor(x: Any) -> bool:
    if isinstance(x, Tensor) or hasattr(x, "_autoconv_read"):
        return True
    return isinstance(x, (list, tuple)) and any(_contains_tensor(v) for v in x)


def stack_nested(x: Any) -> Any:
    """`np.array([t0, [t1, 2.0]])` for nested sequences holding tensors: stacked tensors."""
    if isinstance(x, (list, tuple)):
        items = [stack_nested(v) for v in x]
        if not items:
            return const(np.asarray(x))
        tensors = [v if isinstance(v, Tensor) else const(v) for v in items]
        dtype = np.result_type(*[t.dtype for t in tensors])
        return np.stack([t if t.dtype == dtype else astype(t, dtype) for t in tensors])
    return x


def make(name: str, inputs: tuple, attrs: dict, stateful: bool = False) -> Any:
    """Append operation `name` to the current graph; its output tensor (or tuple of them)."""
    opdef = registry.OPS[name]
    inputs = tuple(as_input(x) for x in inputs)
    out_types = opdef.rule(opdef, inputs, attrs)
    op = add_operation(name, inputs, attrs, out_types, stateful=stateful or name in registry.STATEFUL)
    if len(op.outputs) == 1:
        return op.outputs[0]
    return op.outputs


def _static(name: str, fn_name: str, value: Any) -> Any:
    if _contains_tensor(value):
        raise AutoConvError(
            f"argument {name!r} of np.{fn_name} must be a Python value, not a traced one "
            f"(at {user_location()}); only array arguments may be traced"
        )
    return value


def apply_ufunc(ufunc: np.ufunc, method: str, inputs: tuple, kwargs: dict) -> Any:
    out = kwargs.get("out")
    if method == "__call__" and out is not None and len(out) == 1 and out[0] is inputs[0] \
            and type(out[0]) is np.ndarray and len(inputs) == 2:
        return _in_place(ufunc, inputs, {k: v for k, v in kwargs.items() if k != "out"})
    if out is not None:
        raise AutoConvError(f"np.{ufunc.__name__}(..., out=...) is not supported on traced values (at {user_location()})")
    if "where" in kwargs:
        raise AutoConvError(f"np.{ufunc.__name__}(..., where=...) is not supported on traced values (at {user_location()})")
    attrs = {k: _static(k, ufunc.__name__, v) for k, v in kwargs.items() if k != "out"}
    if method == "__call__":
        if ufunc.__name__ not in registry.OPS:
            raise UnsupportedOpError(f"np.{ufunc.__name__} has no graph operation (at {user_location()})")
        return make(ufunc.__name__, inputs, attrs)
    if method in ("reduce", "accumulate", "outer"):
        return make(f"ufunc_{method}", inputs, {"ufunc": ufunc.__name__, **attrs})
    raise UnsupportedOpError(f"np.{ufunc.__name__}.{method} on traced values is not supported (at {user_location()})")


def in_place(ufunc: np.ufunc, target: Any, other: Any) -> Any:
    """`a += t` where `a` or `t` is traced: the new value of `a`, as a new tensor the
    statement binds to `a`, cast to `a`'s dtype as NumPy's in-place update casts (only
    within a kind). A traced `a` that views another array is refused: the update would
    change that array too."""
    if isinstance(target, Tensor) and views_another(target):
        raise StagingError(
            f"in-place update of an array that is a view of another ({target.op.type} of it, at "
            f"{target.op.location}) at {user_location()}: NumPy would change both, a graph cannot. Update a copy "
            "(`v = v.copy()` first) or assign into the original array (`m[i] += ...`).")
    return _in_place(ufunc, (target, other), {})


def views_another(t: Tensor) -> bool:
    """Whether NumPy would give `t` as a view of an input of its operation (basic indexing,
    reshape, transpose...), memory that an in-place update would change too."""
    op = t.op
    if op is None or op.type not in _VIEWING or t.shape == ():
        return False
    if op.type == "getitem" and not _basic_key(op.attrs["key"], op.inputs):
        return False
    # A view of a temporary (`(x * 2).reshape(-1)`) changes memory nothing else reads; one
    # of a value the code holds (an argument, a loop variable, a view of those) does not.
    base = op.inputs[0]
    return isinstance(base, Tensor) and (base.op is None or views_another(base))


_VIEWING = frozenset({"getitem", "transpose", "reshape", "ravel", "squeeze", "expand_dims", "swapaxes", "moveaxis",
                      "broadcast_to", "diagonal", "real", "imag", "flip", "fliplr", "flipud", "rot90", "atleast_1d",
                      "atleast_2d", "atleast_3d"})


def _basic_key(key: Any, inputs: tuple) -> bool:
    """Whether an index (as `_key_parts` leaves it) selects by basic indexing (a view)."""
    if isinstance(key, tuple):
        return all(_basic_key(k, inputs) for k in key)
    if isinstance(key, Slot):
        part = inputs[1 + key.k]
        return not isinstance(part, Tensor) or (part.shape == () and part.dtype.kind in "iu")
    return key is None or key is Ellipsis or isinstance(key, (int, np.integer, slice)) and not isinstance(key, bool)


def _in_place(ufunc: np.ufunc, inputs: tuple, kwargs: dict) -> Any:
    """`a op= t` as the new value of `a` (see `in_place`)."""
    target = inputs[0]
    result = apply_ufunc(ufunc, "__call__", inputs, kwargs)
    if None not in result.shape and result.shape != target.shape:
        raise numpy_error(ValueError, f"non-broadcastable output operand with shape {target.shape} doesn't match the broadcast "
                         f"shape {result.shape} (at {user_location()})")
    if result.dtype != target.dtype:
        if not np.can_cast(result.dtype, target.dtype, "same_kind"):
            raise numpy_error(TypeError, f"Cannot cast ufunc '{ufunc.__name__}' output from {result.dtype!r} to "
                              f"{target.dtype!r} with casting rule 'same_kind' (at {user_location()})")
        result = astype(result, target.dtype)
    return result


def apply_function(func: Any, args: tuple, kwargs: dict) -> Any:
    if kwargs.get("out") is not None:
        raise AutoConvError(f"np.{getattr(func, '__name__', func)}(..., out=...) is not supported on traced values "
                            f"(at {user_location()}); assign the result instead")
    special = SPECIAL_FUNCTIONS.get(func)
    if special is not None:
        return special(*args, **kwargs)
    opdef = registry.BY_FUNCTION.get(func)
    if opdef is None:
        name = getattr(func, "__qualname__", repr(func))
        module = getattr(func, "__module__", "numpy") or "numpy"
        # np.linalg.svd lives in `numpy.linalg`; private modules (numpy._core...) are not named.
        public = [p for p in module.split(".")[1:] if not p.startswith("_")] if module.startswith("numpy") else None
        prefix = "np." + "".join(p + "." for p in public) if public is not None else module + "."
        raise UnsupportedOpError(
            f"{prefix}{name} has no graph operation, so it cannot be called on a traced value "
            f"(at {user_location()})"
        )
    inputs, attrs = bind(opdef, args, kwargs)
    return make(opdef.name, inputs, attrs)


def bind(opdef: OpDef, args: tuple, kwargs: dict) -> tuple[tuple, dict]:
    """Split a NumPy call into array inputs (in parameter order) and static attributes."""
    assert opdef.signature is not None and opdef.function is not None
    fn_name = opdef.function.__name__
    try:
        bound = opdef.signature.bind(*args, **kwargs)
    except TypeError as exc:
        raise TypeError(f"np.{fn_name}: {exc}") from None
    inputs: list[Any] = []
    attrs: dict[str, Any] = {}
    params = opdef.signature.parameters
    missing_array = False
    for pname, param in params.items():
        if pname in opdef.arrays:
            if pname in bound.arguments:
                if missing_array:
                    raise AutoConvError(f"np.{fn_name}: argument {pname!r} needs the ones before it (at {user_location()})")
                inputs.append(bound.arguments[pname])
            elif param.default is not inspect.Parameter.empty and param.default is not np._NoValue:
                inputs.append(param.default)
            else:
                missing_array = True
        elif pname == opdef.variadic:
            seq = bound.arguments.get(pname, ())
            if not isinstance(seq, (list, tuple)):
                seq = list(seq) if isinstance(seq, Tensor) else [seq]
            inputs.extend(seq)
        elif pname == "out":  # (given by keyword, `apply_function` has refused it already)
            if bound.arguments.get(pname) is not None:
                raise AutoConvError(f"np.{fn_name}(..., out) is not supported on traced values (at {user_location()}); "
                                    "assign the result instead")
        elif pname in bound.arguments:
            value = bound.arguments[pname]
            if param.kind is inspect.Parameter.VAR_KEYWORD:
                for k, v in value.items():
                    attrs[k] = _static(k, fn_name, v)
            else:
                attrs[pname] = _static(pname, fn_name, value)
    if opdef.name == "nan_to_num" and attrs.get("copy") is False:
        raise AutoConvError(f"np.nan_to_num(..., copy=False) updates its argument in place, which is not supported "
                            f"on traced values (at {user_location()}); assign the result instead")
    if opdef.name == "einsum":
        # einsum(subscripts, *operands): the subscripts string is static.
        if not inputs or not isinstance(inputs[0], str):
            raise AutoConvError(f"np.einsum needs a subscripts string first (at {user_location()})")
        attrs["subscripts"] = inputs.pop(0)
    return tuple(inputs), attrs


def astype(x: Any, dtype: Any) -> Any:
    x = as_tensor(x)
    dtype = np.dtype(dtype)
    return make("astype", (x,), {"dtype": dtype})


def _clip(a: Any, a_min: Any = np._NoValue, a_max: Any = np._NoValue, *, min: Any = np._NoValue,
          max: Any = np._NoValue, **kwargs: Any) -> Any:
    lo = a_min if a_min is not np._NoValue else (min if min is not np._NoValue else None)
    hi = a_max if a_max is not np._NoValue else (max if max is not np._NoValue else None)
    return make("clip", (a, lo, hi), {k: _static(k, "clip", v) for k, v in kwargs.items() if k != "out"})


def shape(x: Any) -> tuple:
    """`np.shape(x)`: known dims as ints, unknown dims as traced Python ints (weak, as NumPy's are)."""
    t = as_tensor(x)
    if None not in t.shape:
        return tuple(t.shape)
    dims = make("shape", (t,), {})
    dims = dims if isinstance(dims, tuple) else (dims,)
    return tuple(d if d is not None else dims[i] for i, d in enumerate(t.shape))


def _shape(a: Any) -> tuple:
    return shape(a)


def _ndim(a: Any) -> int:
    return len(as_tensor(a).shape)


def _size(a: Any, axis: Any = None) -> Any:
    dims = shape(a)
    if axis is not None:
        return dims[axis]
    total: Any = 1
    for d in dims:
        total = total * d
    return total


def _result_type(*arrays_and_dtypes: Any) -> np.dtype:
    return np.result_type(*[a.dtype if isinstance(a, Tensor) else a for a in arrays_and_dtypes])


def _key_parts(key: Any, parts: list) -> Any:
    """Replace the tensors of an index expression by `Slot`s, collecting them in `parts`."""
    if isinstance(key, Tensor) or hasattr(key, "_autoconv_read"):
        parts.append(as_input(key))
        return Slot(len(parts) - 1)
    if isinstance(key, tuple):
        return tuple(_key_parts(k, parts) for k in key)
    if isinstance(key, slice):
        return slice(_key_parts(key.start, parts), _key_parts(key.stop, parts), _key_parts(key.step, parts))
    if isinstance(key, list):
        if _contains_tensor(key):
            parts.append(stack_nested(key))
            return Slot(len(parts) - 1)
        if not key:
            return key
        array = np.asarray(key)
        return array.astype(np.intp) if array.size == 0 else array  # `x[[[]]]` is an empty int index
    if isinstance(key, np.ndarray) and key.size > 16:
        parts.append(const(key))
        return Slot(len(parts) - 1)
    return key


def getitem(x: Any, key: Any) -> Any:
    parts: list[Any] = []
    template = _key_parts(key, parts)
    return make("getitem", (as_tensor(x), *parts), {"key": template})


def setitem(x: Any, key: Any, value: Any) -> Tensor:
    """`x[key] = value` as a new tensor (traced arrays are immutable)."""
    parts: list[Any] = []
    template = _key_parts(key, parts)
    return make("setitem", (as_tensor(x), value, *parts), {"key": template})


def assert_(condition: Any, message: str, values: Sequence[tuple[Any, str]] = ()) -> None:
    """A stateful check that fails with `message` when the graph runs and `condition` is false.

    `values` are the (value, format spec) pairs whose markers (`formatted_later`) stand in
    `message`: the failing check formats them into it."""
    if not values:
        make("assert", (condition,), {"message": message})
        return
    # Odd parts of the split name a value (its position in `values`) formatted there.
    template = tuple(int(p) if i % 2 else p for i, p in enumerate(message.split("\x00")))
    make("assert", (condition, *(v for v, _ in values)), {"message": template,
                                                           "specs": tuple(spec for _, spec in values)})


def raise_(exception: BaseException, location: str) -> None:
    """A stateful operation raising `exception` (a copy) when the graph runs it; `location` is
    the user's line that raised it."""
    add_operation("raise", (), {"exception": exception}, (), stateful=True).location = location


def print_(*values: Any, sep: str = " ", end: str = "\n", file: Any = None) -> None:
    make("print", values, {"sep": sep, "end": end, "file": file})


def random(fn: Any, args: tuple, kwargs: dict) -> Any:
    """Call `fn` (np.random.* or a Generator method) when the graph runs, not while tracing."""
    parts: list[Any] = []
    template = _key_parts(tuple(args), parts)
    kw_template = {k: _key_parts(v, parts) for k, v in kwargs.items()}
    return make("random", tuple(parts), {"fn": fn, "args": template, "kwargs": kw_template})


def _nonzero(a: Any) -> tuple:
    found = make("nonzero", (a,), {})
    return found if isinstance(found, tuple) else (found,)


def _where(condition: Any, *args: Any, **kwargs: Any) -> Any:
    if not args and not kwargs:
        return _nonzero(condition)  # `np.where(c)` is `np.nonzero(c)`
    inputs, attrs = bind(registry.OPS["where"], (condition, *args), kwargs)
    return make("where", inputs, attrs)


SPECIAL_FUNCTIONS: dict[Any, Any] = {
    np.where: _where,
    np.nonzero: _nonzero,
    np.clip: _clip,
    np.shape: _shape,
    np.ndim: _ndim,
    np.size: _size,
    np.result_type: _result_type,
}
