"""Shape/dtype rules: given an operation's inputs (tensors or Python scalars) and attributes,
the dtype and shape of each output, exactly as NumPy would produce them.

A rule never sees values, only types. Rules that need NumPy's own answer (dtype promotion,
the shape of a reshape) ask NumPy on small sample arrays: Python scalars are passed through
unchanged, so NEP 50's weak-scalar promotion is NumPy's own.
"""

from __future__ import annotations

from typing import Any, Callable, Sequence

import numpy as np

from autoconv.errors import AutoConvError, NumPyError, user_location
from autoconv.graph.ir import Tensor

OutTypes = tuple[tuple[np.dtype, tuple], ...]
Rule = Callable[[Any, tuple, dict], OutTypes]  # rule(opdef, inputs, attrs)

# Sizes substituted for unknown dims in the two sample runs of `by_example`; a dim of the
# result that differs between the runs depends on an unknown and is itself unknown.
_SAMPLE_SIZES = (2, 3, 3)
_SAMPLE_FILLS = (0, -1, 1)


_ERROR_CLASSES: dict[tuple[type, ...], type] = {}


def numpy_error(kind: type[BaseException], message: str) -> AutoConvError:
    """An `AutoConvError` that is also an instance of the built-in classes of `kind`.

    NumPy complains with ValueError, TypeError, OverflowError (NEP 50), AxisError...; the same
    complaint found while tracing keeps those classes, so `except ValueError:` around a
    traced call catches what it catches around the plain NumPy call.
    """
    builtin = [c for c in kind.__mro__ if c.__module__ == "builtins" and c not in (Exception, BaseException, object)]
    leaves = tuple(c for c in builtin if not any(c is not d and issubclass(d, c) for d in builtin))
    cls = _ERROR_CLASSES.get(leaves)
    if cls is None:
        name = "AutoConv" + leaves[0].__name__
        cls = _ERROR_CLASSES[leaves] = type(name, (NumPyError, *leaves), {"__module__": __name__})
    return cls(message)


def _err(opname: str, exc: Exception) -> AutoConvError:
    return numpy_error(type(exc), f"{opname}: {exc} (at {user_location()})")


def broadcast_shapes(*shapes: tuple, opname: str = "broadcast") -> tuple:
    """NumPy broadcasting over shapes with None for unknown dims."""
    ndim = max((len(s) for s in shapes), default=0)
    out = []
    for axis in range(ndim):
        dims = [s[axis - ndim + len(s)] for s in shapes if axis - ndim + len(s) >= 0]
        known = {d for d in dims if d is not None and d != 1}
        if len(known) > 1:
            raise numpy_error(
                ValueError,
                f"{opname}: operands could not be broadcast together with shapes "
                + " ".join(str(tuple(s)) for s in shapes) + f" (at {user_location()})"
            )
        if known:
            out.append(known.pop())
        elif any(d is None for d in dims):
            out.append(None)
        else:
            out.append(1)
    return tuple(out)


def _python_sample(dtype: np.dtype, value: int = 0) -> Any:
    """A Python scalar of the kind a weak tensor holds at run time."""
    return {"b": bool, "i": int, "u": int, "f": float, "c": complex}[dtype.kind](value)


def _scalar_sample(x: Any, empty: bool = False) -> Any:
    """A 0-d stand-in for a tensor (empty when the result is: NumPy raises some value errors,
    like integers to negative powers, only when there are elements)."""
    if isinstance(x, Tensor):
        return _python_sample(x.dtype) if x.weak else np.zeros((0,) if empty else (), x.dtype)
    return x


def _sample(x: Any, run: int, size: int | None = None) -> Any:
    """A concrete stand-in for one input: zeros of the tensor's shape and dtype.

    Unknown dims take the run's sample size; integer and bool values differ between runs
    (0 then -1 / False then True) so value-dependent results (masks, slice bounds) show up
    as unknown dims. Run 2 stands in for run 1 when NumPy rejects -1 (repeat counts).
    """
    if not isinstance(x, Tensor):
        return x
    fill = _SAMPLE_FILLS[run]
    if x.weak:
        return _python_sample(x.dtype, fill)
    unknown = _SAMPLE_SIZES[run] if size is None else size
    shape = tuple(unknown if d is None else d for d in x.shape)
    if x.dtype.kind == "b":
        fill = fill != 0
    elif x.dtype.kind == "u":
        fill = abs(fill)
    elif x.dtype.kind != "i":
        fill = 0
    return np.full(shape, fill, dtype=x.dtype)


def types_of_result(result: Any) -> list[tuple]:
    """(dtype, shape) of each result; a Python scalar is weak, as NEP 50 treats it."""
    results = result if isinstance(result, tuple) else (result,)
    return [(np.asarray(r).dtype, (), True) if type(r) in (bool, int, float, complex) else (np.asarray(r).dtype, np.shape(r))
            for r in results]


def unknown_where_different(first: list[tuple], second: list[tuple], name: str) -> OutTypes:
    """The types of two sample runs, with the dims that differ between them unknown."""
    out = []
    for (dtype, shape_a, *weak), (_, shape_b, *_) in zip(first, second):
        if len(shape_a) != len(shape_b):
            raise AutoConvError(f"{name}: result rank depends on unknown dims (at {user_location()})")
        out.append((dtype, tuple(a if a == b else None for a, b in zip(shape_a, shape_b)), *weak))
    return tuple(out)


def filled(x: Any, value: float) -> Any:
    """A concrete stand-in for one input, every element `value` (unknown dims of size 1)."""
    if not isinstance(x, Tensor):
        return x
    if x.weak:
        return x.dtype.type(value).item()
    return np.full(tuple(1 if d is None else d for d in x.shape), value, dtype=x.dtype)


def _run_sample(opdef: Any, inputs: tuple, attrs: dict, run: int) -> Any:
    try:
        return opdef.kernel(*[_sample(x, run) for x in inputs], **attrs)
    except Exception:
        if run != 1:
            raise
        return opdef.kernel(*[_sample(x, 2) for x in inputs], **attrs)


def reshape(opdef: Any, inputs: tuple, attrs: dict) -> OutTypes:
    """`np.reshape`: with unknown dims in the input, the new shape as given, its -1 unknown
    (samples of the unknown dims need not have a size the new shape divides)."""
    x = inputs[0]
    shape = attrs.get("shape", attrs.get("newshape"))
    if not isinstance(x, Tensor) or None not in x.shape or shape is None:
        return by_example(opdef, inputs, attrs)
    dims = (shape,) if isinstance(shape, (int, np.integer)) else tuple(shape)
    if not all(isinstance(d, (int, np.integer)) and d >= -1 for d in dims) or list(dims).count(-1) > 1:
        return by_example(opdef, inputs, attrs)
    return ((x.dtype, tuple(None if d == -1 else int(d) for d in dims)),)


def by_example(opdef: Any, inputs: tuple, attrs: dict) -> OutTypes:
    """Run the kernel on sample arrays; dims that vary with the unknowns are unknown."""
    dynamic = any(isinstance(x, Tensor) and None in x.shape for x in inputs) or (
        opdef.value_dependent and any(isinstance(x, Tensor) and x.dtype.kind in "iub" for x in inputs)
    )
    runs = (0, 1) if dynamic else (0,)
    results = []
    with np.errstate(all="ignore"):
        for run in runs:
            try:
                results.append(types_of_result(_run_sample(opdef, inputs, attrs, run)))
            except AutoConvError:
                raise
            except Exception as exc:  # NumPy's own complaint about these shapes/dtypes
                if not dynamic:
                    raise _err(opdef.name, exc) from None
                matched = _matching_sizes(opdef, inputs, attrs)
                if matched is not None:
                    return matched
                raise numpy_error(
                    type(exc),
                    f"{opdef.name}: cannot infer the result shape for inputs "
                    f"{', '.join(repr(x) for x in inputs)}: {exc} (at {user_location()})"
                ) from None
    first = results[0]
    if len(results) == 1:
        return tuple(first)
    return unknown_where_different(first, results[1], opdef.name)


def _matching_sizes(opdef: Any, inputs: tuple, attrs: dict) -> OutTypes | None:
    """Unknown dims that must match or broadcast against known ones (`dot` of `[3,?]` and
    `[10,5]`): try the known sizes (and 1) for them; result dims that vary between the
    sizes that work are unknown, the others follow from the known dims."""
    candidates = sorted({d for x in inputs if isinstance(x, Tensor) for d in x.shape if d is not None} | {1})
    results = []
    with np.errstate(all="ignore"):
        for size in candidates:
            try:
                results.append(types_of_result(opdef.kernel(*[_sample(x, 0, size) for x in inputs], **attrs)))
            except Exception:
                continue
            if len(results) == 2:
                break
    if not results:
        return None
    if len(results) == 1:
        return tuple(results[0])
    return unknown_where_different(results[0], results[1], opdef.name)


# Result dtypes of ufunc calls without attributes, by what decides them: the ufunc, each
# tensor's dtype and weakness, each literal's type and value (NEP 50 rejects a Python int out
# of an integer dtype's range), and whether the result is empty or has unknown dims.
_ELEMENTWISE_DTYPES: dict[tuple, tuple[np.dtype, ...]] = {}
_MAX_CACHED = 4096  # literal values are part of the key: start over rather than grow forever
_LITERALS = (bool, int, float, complex)


def elementwise(opdef: Any, inputs: tuple, attrs: dict) -> OutTypes:
    """Ufunc call: broadcast shapes; NumPy's promotion on 0-d samples gives the dtypes."""
    shape = broadcast_shapes(*(np.shape(x) if not isinstance(x, Tensor) else x.shape for x in inputs), opname=opdef.name)
    key = None if attrs else _dtype_key(opdef.name, inputs, shape)
    dtypes = _ELEMENTWISE_DTYPES.get(key) if key is not None else None
    if dtypes is None:
        dtypes = _elementwise_dtypes(opdef, inputs, attrs, shape)
        if key is not None:
            if len(_ELEMENTWISE_DTYPES) >= _MAX_CACHED:
                _ELEMENTWISE_DTYPES.clear()
            _ELEMENTWISE_DTYPES[key] = dtypes
    return tuple((dtype, shape) for dtype in dtypes)


def _dtype_key(name: str, inputs: tuple, shape: tuple) -> tuple | None:
    key: list[Any] = [name, 0 in shape, None in shape]
    for x in inputs:
        if isinstance(x, Tensor):
            key.append((x.dtype, x.weak))
        elif type(x) in _LITERALS:
            key.append((type(x), x))
        else:
            return None
    return tuple(key)


def _elementwise_dtypes(opdef: Any, inputs: tuple, attrs: dict, shape: tuple) -> tuple[np.dtype, ...]:
    with np.errstate(all="ignore"):
        try:
            result = opdef.kernel(*[_scalar_sample(x, 0 in shape) for x in inputs], **attrs)
        except Exception as exc:
            if None not in shape:
                raise _err(opdef.name, exc) from None
            try:  # valid for no elements: whether it raises is known when the sizes are
                result = opdef.kernel(*[_scalar_sample(x, True) for x in inputs], **attrs)
            except Exception:
                raise _err(opdef.name, exc) from None
    results = result if isinstance(result, tuple) else (result,)
    return tuple(np.asarray(r).dtype for r in results)


def _normalize_axes(axis: Any, ndim: int, opname: str) -> tuple[int, ...]:
    if axis is None:
        return tuple(range(ndim))
    axes = axis if isinstance(axis, (tuple, list)) else (axis,)
    out = []
    for a in axes:
        a = int(a)
        if not -ndim <= a < max(ndim, 1):
            raise numpy_error(np.exceptions.AxisError, f"{opname}: axis {a} is out of bounds for array of dimension {ndim} (at {user_location()})")
        out.append(a % ndim if ndim else 0)
    return tuple(out)


def reduction(opdef: Any, inputs: tuple, attrs: dict) -> OutTypes:
    """sum/prod/mean/max/...: the reduced axes drop out (or become 1 with keepdims)."""
    x = inputs[0]
    shape = x.shape if isinstance(x, Tensor) else np.shape(x)
    # NumPy itself judges the arguments (a 0-d array accepts axis=0 and axis=-1 in some
    # reductions and not in others; max of an empty axis has no identity) on a sample of the
    # same rank, empty where the input is.
    # (With a `where=` mask, of the known size: the mask must broadcast against it.)
    sized = attrs.get("where") is not None
    sample = np.ones(tuple(0 if d == 0 else (d if sized and d is not None else 1) for d in shape), x.dtype) \
        if isinstance(x, Tensor) else x
    rest = [_scalar_sample(v) for v in inputs[1:]]
    with np.errstate(all="ignore"):
        try:
            result = opdef.kernel(sample, *rest, **attrs)
        except Exception as exc:
            raise _err(opdef.name, exc) from None
    if not shape:
        return ((np.asarray(result).dtype, ()),)
    axes = _normalize_axes(attrs.get("axis"), len(shape), opdef.name)
    keepdims = bool(attrs.get("keepdims", False))
    out_shape = tuple(1 if i in axes else d for i, d in enumerate(shape) if keepdims or i not in axes)
    return ((np.asarray(result).dtype, out_shape),)


def sorting(opdef: Any, inputs: tuple, attrs: dict) -> OutTypes:
    """sort/argsort/partition/argpartition: the input's shape, flattened by axis=None.

    NumPy checks axis, kth and kind on a sample long enough for kth, so an unknown dim is
    not mistaken for one too short to partition.
    """
    x = inputs[0]
    kth = attrs.get("kth", 0)
    size = int(np.max(np.abs(kth), initial=0)) + 2 if not isinstance(kth, Tensor) else 2
    sample = np.zeros(tuple(size if d is None else d for d in x.shape), x.dtype)
    with np.errstate(all="ignore"):
        try:
            result = np.asarray(opdef.kernel(sample, *inputs[1:], **attrs))
        except Exception as exc:
            raise _err(opdef.name, exc) from None
    if result.ndim == len(x.shape):
        return ((result.dtype, x.shape),)
    # Flattened (axis=None), or argsort of a 0-d array.
    return ((result.dtype, (None,) if None in x.shape else result.shape),)


def _index_error(message: str) -> AutoConvError:
    return numpy_error(IndexError, f"getitem: {message} (at {user_location()})")


def _slice_length(s: slice, dim: int | None, traced: bool) -> int | None:
    """The length of `x[s]` along a dim; unknown when the dim or any bound is."""
    if dim is None or traced:
        return None
    return len(range(*s.indices(dim)))


def _key_items(key: Any, parts: tuple) -> list[tuple[str, Any]]:
    """The key as (kind, value): 'int', 'slice', 'none', 'ellipsis', 'array' (a tensor or
    ndarray of ints) or 'mask' (of bools). A slice's value is (slice, has traced bounds)."""
    from autoconv.graph.registry import Slot, fill_key

    items = []
    for k in key if isinstance(key, tuple) else (key,):
        value = fill_key(k, parts)
        if isinstance(value, list):
            value = np.asarray(value, dtype=np.intp if not value else None)  # `x[[]]` indexes nothing
        if k is None:
            items.append(("none", None))
        elif k is Ellipsis:
            items.append(("ellipsis", None))
        elif isinstance(k, slice):
            traced = any(isinstance(b, Slot) and isinstance(parts[b.k], Tensor) for b in (k.start, k.stop, k.step))
            items.append(("slice", (value, traced)))
        elif isinstance(value, (bool, np.bool_)) or getattr(value, "dtype", None) == np.dtype(bool):
            items.append(("mask", value))
        elif isinstance(value, Tensor) and value.shape or isinstance(value, np.ndarray) and value.ndim:
            items.append(("array", value))
        else:
            items.append(("int", value))
    return items


def getitem(opdef: Any, inputs: tuple, attrs: dict) -> OutTypes:
    """`x[key]`, worked out from the key rather than from sample values: a dim sliced by a
    traced bound, or selected by a mask, is unknown whatever sizes the samples would give."""
    x, parts = inputs[0], inputs[1:]
    items = _key_items(attrs["key"], parts)
    if sum(kind == "ellipsis" for kind, _ in items) > 1:
        raise _index_error("an index can only have a single ellipsis ('...')")
    consumed = sum(1 if kind in ("int", "slice", "array") else (np.ndim(v) if kind == "mask" else 0)
                   for kind, v in items)
    if consumed > len(x.shape):
        raise _index_error(f"too many indices for array: array is {len(x.shape)}-dimensional, "
                           f"but {consumed} were indexed")
    if not any(kind == "ellipsis" for kind, _ in items):
        items.append(("ellipsis", None))
    # With an array or mask in the key, integers index "advanced" too (as 0-d arrays). The
    # advanced result dims replace the advanced indices when these are adjacent, else lead.
    fancy = any(kind in ("array", "mask") for kind, _ in items)
    positions = [i for i, (kind, _) in enumerate(items) if kind in ("array", "mask") or fancy and kind == "int"]
    adjacent = positions == list(range(positions[0], positions[-1] + 1)) if positions else True
    dims = iter(x.shape)
    out: list[Any] = []
    advanced: list[tuple] = []  # shapes of the advanced indices, broadcast together
    advanced_at = None
    for position, (axis_kind, value) in enumerate(items):
        if position in positions and advanced_at is None:
            advanced_at = len(out) if adjacent else 0
        if axis_kind == "none":
            out.append(1)
        elif axis_kind == "ellipsis":
            for _ in range(len(x.shape) - consumed):
                out.append(next(dims))
        elif axis_kind == "slice":
            out.append(_slice_length(value[0], next(dims), value[1]))
        elif axis_kind == "int":
            dim = next(dims)
            if fancy:
                advanced.append(())
            if isinstance(value, Tensor):
                if value.dtype.kind not in "iu":
                    raise _index_error(f"only integers, slices, None, Ellipsis and integer or boolean arrays "
                                       f"are valid indices, not {value!r}")
                continue
            i = operator_index(value)
            if dim is not None and not -dim <= i < dim:
                raise _index_error(f"index {i} is out of bounds for an axis with size {dim}")
        elif axis_kind == "array":
            if value.dtype.kind not in "iu":
                raise _index_error("arrays used as indices must be of integer (or boolean) type")
            advanced.append(tuple(np.shape(value) if not isinstance(value, Tensor) else value.shape))
            _check_bounds(value, next(dims))
        else:
            mask_shape = tuple(np.shape(value) if not isinstance(value, Tensor) else value.shape)
            for m in mask_shape:
                dim = next(dims)
                if m is not None and dim is not None and m != dim:
                    raise _index_error(f"boolean index did not match indexed array; size of axis is {dim} but "
                                       f"size of corresponding boolean axis is {m}")
            count = None if isinstance(value, Tensor) else int(np.count_nonzero(value))
            advanced.append((count,))
    if advanced:
        try:
            shape = broadcast_shapes(*advanced, opname="getitem")
        except ValueError:
            raise _index_error("shape mismatch: indexing arrays could not be broadcast together with shapes "
                               + " ".join(str(a) for a in advanced)) from None
        out[advanced_at:advanced_at] = list(shape)
    return ((x.dtype, tuple(out)),)


def operator_index(value: Any) -> int:
    try:
        return value.__index__()
    except (AttributeError, TypeError):
        raise _index_error(f"only integers, slices (`:`), ellipsis (`...`), None and integer or boolean "
                           f"arrays are valid indices, not {type(value).__name__}") from None


def _check_bounds(index: Any, dim: int | None) -> None:
    if isinstance(index, Tensor) or dim is None or not np.size(index):
        return
    low, high = int(np.min(index)), int(np.max(index))
    bad = low if low < -dim else (high if high >= dim else None)
    if bad is not None:
        raise _index_error(f"index {bad} is out of bounds for an axis with size {dim}")


def take(opdef: Any, inputs: tuple, attrs: dict) -> OutTypes:
    """np.take: the indices' shape replaces the axis (indices are not checked until run)."""
    x, idx = inputs[0], inputs[1]
    idx_shape = idx.shape if isinstance(idx, Tensor) else np.shape(idx)
    axis = attrs.get("axis")
    if axis is None:
        return ((x.dtype, tuple(idx_shape)),)
    (a,) = _normalize_axes(axis, len(x.shape), opdef.name)
    return ((x.dtype, x.shape[:a] + tuple(idx_shape) + x.shape[a + 1:]),)


def take_along_axis(opdef: Any, inputs: tuple, attrs: dict) -> OutTypes:
    """np.take_along_axis: broadcast of arr (axis set to the indices' length) and indices."""
    x, idx = inputs[0], inputs[1]
    axis = attrs.get("axis", -1)
    if axis is None:
        return ((x.dtype, idx.shape),)
    if len(idx.shape) != len(x.shape):
        raise numpy_error(ValueError, f"take_along_axis: indices and arr must have the same number of dimensions (at {user_location()})")
    (a,) = _normalize_axes(axis, len(x.shape), opdef.name)
    xs = list(x.shape)
    xs[a] = 1
    shape = list(broadcast_shapes(tuple(xs), idx.shape, opname=opdef.name))
    shape[a] = idx.shape[a]
    return ((x.dtype, tuple(shape)),)


def matmul(opdef: Any, inputs: tuple, attrs: dict) -> OutTypes:
    """(..., n, k) @ (..., k, m) -> (..., n, m); 1-d operands get a dim added then removed."""
    a, b = inputs
    sa, sb = np.shape(a) if not isinstance(a, Tensor) else a.shape, np.shape(b) if not isinstance(b, Tensor) else b.shape
    if len(sa) == 0 or len(sb) == 0:
        raise numpy_error(ValueError, f"matmul: Input operand does not have enough dimensions (at {user_location()})")
    la, lb = (1,) + tuple(sa) if len(sa) == 1 else tuple(sa), tuple(sb) + (1,) if len(sb) == 1 else tuple(sb)
    ka, kb = la[-1], lb[-2]
    if ka is not None and kb is not None and ka != kb:
        raise numpy_error(
            ValueError,
            f"matmul: Input operand 1 has a mismatch in its core dimension 0 (size {kb} is different from {ka}); "
            f"shapes {tuple(sa)} and {tuple(sb)} (at {user_location()})"
        )
    batch = broadcast_shapes(la[:-2], lb[:-2], opname="matmul")
    shape = batch + ((la[-2],) if len(sa) > 1 else ()) + ((lb[-1],) if len(sb) > 1 else ())
    try:
        dtype = opdef.kernel(np.ones((1, 1), a.dtype), np.ones((1, 1), b.dtype)).dtype
    except Exception as exc:
        raise _err(opdef.name, exc) from None
    return ((dtype, shape),)


def _core_dims(signature: str) -> tuple[list[tuple[str, ...]], list[tuple[str, ...]]]:
    """`"(m,n),(n)->(m)"` -> `([("m", "n"), ("n",)], [("m",)])`."""
    def parse(side: str) -> list[tuple[str, ...]]:
        return [tuple(d for d in group.split(",") if d) for group in side.strip("()").split("),(")]
    ins, outs = signature.replace(" ", "").split("->")
    return parse(ins), parse(outs)


def gufunc(opdef: Any, inputs: tuple, attrs: dict) -> OutTypes:
    """A generalized ufunc (vecdot, matvec...): core dims named by its signature agree wherever
    they are known, loop dims broadcast. An unknown core dim is taken to match a known one."""
    if "axes" in attrs or "axis" in attrs:
        return by_example(opdef, inputs, attrs)
    in_cores, out_cores = _core_dims(opdef.kernel.signature)
    sizes: dict[str, int | None] = {}
    loops = []
    for i, (x, core) in enumerate(zip(inputs, in_cores)):
        shape = tuple(shape_of(x))
        if len(shape) < len(core):
            raise numpy_error(ValueError, f"{opdef.name}: input operand {i} does not have enough dimensions "
                              f"(has {len(shape)}, signature {opdef.kernel.signature}) (at {user_location()})")
        loops.append(shape[:len(shape) - len(core)])
        for name, d in zip(core, shape[len(shape) - len(core):]):
            known = sizes.get(name)
            if known is not None and d is not None and known != d:
                raise numpy_error(ValueError, f"{opdef.name}: input operand {i} has a mismatch in core dimension "
                                  f"{name!r} (size {d} is different from {known}), signature "
                                  f"{opdef.kernel.signature} (at {user_location()})")
            sizes[name] = d if known is None else known
    batch = broadcast_shapes(*loops, opname=opdef.name)
    samples = [np.ones((1,) * len(core), x.dtype) if isinstance(x, Tensor) else x
               for x, core in zip(inputs, in_cores)]
    with np.errstate(all="ignore"):
        try:
            result = opdef.kernel(*samples, **attrs)
        except Exception as exc:
            raise _err(opdef.name, exc) from None
    results = result if isinstance(result, tuple) else (result,)
    return tuple((np.asarray(r).dtype, batch + tuple(sizes[n] for n in core)) for r, core in zip(results, out_cores))


def creator(opdef: Any, inputs: tuple, attrs: dict) -> OutTypes:
    """zeros/ones/full(dims...): one dim per input, unknown where the dim is traced."""
    fill = attrs.get("fill_value", 0)
    dtype = np.dtype(attrs["dtype"]) if attrs.get("dtype") is not None else np.asarray(fill if "fill_value" in attrs else 0.0).dtype
    return ((dtype, tuple(None if isinstance(d, Tensor) else int(d) for d in inputs)),)


def arange(opdef: Any, inputs: tuple, attrs: dict) -> OutTypes:
    """arange(start, stop, step): a known length only when every bound is a Python value."""
    samples = [np.ones((), x.dtype) if isinstance(x, Tensor) else x for x in inputs]
    dtype = np.arange(*samples, **attrs).dtype
    if any(isinstance(x, Tensor) for x in inputs):
        return ((dtype, (None,)),)
    return ((dtype, (len(np.arange(*inputs, **attrs)),)),)


_PY_DTYPES = {bool: np.dtype(bool), int: np.dtype(np.int64), float: np.dtype(np.float64),
              complex: np.dtype(np.complex128)}


def python_scalar(opdef: Any, inputs: tuple, attrs: dict) -> OutTypes:
    """Python operators on Python scalars give Python scalars: weak results. (On a NumPy
    scalar, a 0-d strong input, they give what NumPy's scalar operator gives.)"""
    samples = [(_python_sample(x.dtype, 1) if x.weak else x.dtype.type(1)) if isinstance(x, Tensor) else x
               for x in inputs]
    try:
        result = opdef.kernel(*samples, **attrs)
    except Exception as exc:
        raise _err(attrs.get("op", opdef.name), exc) from None
    results = result if isinstance(result, tuple) else (result,)
    return tuple((r.dtype, (), False) if isinstance(r, np.generic) else (_PY_DTYPES[type(r)], (), True)
                 for r in results)


def dims(opdef: Any, inputs: tuple, attrs: dict) -> OutTypes:
    """np.shape: one Python int per dim, so weak under NEP 50 (`x + np.shape(x)[0]` keeps x's dtype)."""
    return tuple((np.dtype(np.int64), (), True) for _ in shape_of(inputs[0]))


def no_outputs(opdef: Any, inputs: tuple, attrs: dict) -> OutTypes:
    return ()


def shape_of(x: Any) -> Sequence:
    return x.shape if isinstance(x, Tensor) else np.shape(x)
