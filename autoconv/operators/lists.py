"""`lst.append(v)`, as converted code writes it: `lst = list_append(lst, v)`.

Staged control flow cannot carry a Python list whose length it decides at run time, so a
list a staged loop (or the branches of a staged `if`) grows is carried as a tensor list:
an array of shape (k, *element_shape) whose rows are the items. `np.stack(lst)` and
`np.array(lst)` then read it as NumPy would read the list.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from autoconv.errors import StagingError, user_location
from autoconv.graph import Tensor, dispatch, ops
from autoconv.graph.tracing import current_graph
from autoconv.operators.tensors import is_tensor

# (dtype, shape) of the items of a list; None in a shape is a size known only at run time.
ElementType = tuple[np.dtype, tuple]


class ListProbe:
    """Stands for an empty list while a throwaway trace of a loop body learns, from what the
    body appends, the type of its items."""

    __slots__ = ("name", "appended", "read")
    described_as = "a list that is empty before the loop (a list there, not an array)"

    def __init__(self, name: str):
        self.name = name
        self.appended: list[ElementType] = []
        self.read = False  # read as an array (before the item type is known)

    def length(self) -> Any:
        """A stand-in for `len` of the list (a Python int when the graph runs)."""
        graph = current_graph()
        assert graph is not None
        return graph.add_input(np.dtype(np.int64), (), True)

    def as_array(self, dtype: Any = None) -> Any:
        """A stand-in for the array the list holds (rows of a type not known yet): the
        throwaway trace goes on, and runs again once the appends tell the type."""
        self.read = True
        graph = current_graph()
        assert graph is not None
        return graph.add_input(np.dtype(np.float64 if dtype is None else dtype), (None,))

    def __repr__(self) -> str:
        return f"ListProbe({self.name!r})"


def as_list_tensor(value: Any) -> Any:
    """`value`, noted as a traced array that stands for a Python list."""
    if isinstance(value, Tensor):
        dispatch.mark_list(value)
    return value


def is_list_tensor(value: Any) -> bool:
    return isinstance(value, Tensor) and dispatch.is_list(value)


def truth(value: Any) -> Any:
    """`value` as a condition: a list a staged loop grew is true when it is not empty."""
    if is_list_tensor(value):
        return np.shape(value)[0] > 0
    return value


def list_append(target: Any, value: Any) -> Any:
    """A Python list gets the item appended in place (the same object, as in Python); a
    tensor list grows by one row."""
    value = _tuple_as_row(value)
    if isinstance(target, ListProbe):
        element = element_type(value)
        if element is not None:
            target.appended.append(element)
        return target
    if is_tensor(target):
        item = np.expand_dims(_as_item(value, target.dtype), 0)
        if None in target.shape[1:]:
            # Items of sizes not known while tracing: an empty list's placeholder rows have
            # no size to concatenate to, so the first item starts the array.
            grown = ops.make("append_row", (target, item), {})
        else:
            grown = np.concatenate([target, item])
        return as_list_tensor(grown) if is_list_tensor(target) else grown
    target.append(value)
    return target


def _tuple_as_row(value: Any) -> Any:
    """A tuple or list holding traced values, as the row `np.array` makes of it in the array
    built from the list (`pts.append((v, v * v))` then `np.array(pts)`)."""
    if isinstance(value, (tuple, list)) and ops._contains_tensor(value):
        return array_(value)
    return value


def _as_item(value: Any, dtype: np.dtype) -> Any:
    """`value` as NumPy stores it in an array built from a list: a Python scalar takes its
    default dtype (NumPy makes `[np.float32(1), 2.5]` a float64 array)."""
    if isinstance(value, Tensor) and value.weak:
        value = ops.astype(value, value.dtype)
    elif ops.is_python_scalar(value):
        value = np.asarray(value)
    return value


def element_type(value: Any) -> ElementType | None:
    """The dtype and shape `value` has as an item of an array built from a list."""
    if isinstance(value, Tensor):
        return value.dtype, tuple(value.shape)
    if isinstance(value, (np.ndarray, np.generic)) or ops.is_python_scalar(value):
        array = np.asarray(value)
        return array.dtype, array.shape
    if isinstance(value, (tuple, list)):
        if ops._contains_tensor(value):
            return element_type(array_(value))
        try:
            array = np.asarray(value)
        except ValueError:  # ragged
            return None
        return (array.dtype, array.shape) if array.dtype != object else None
    return None


def common_element_type(name: str, elements: list[ElementType], where: str) -> ElementType:
    """The one element type of `elements`, or an error naming the list."""
    dtypes = {dtype for dtype, _ in elements}
    ranks = {len(shape) for _, shape in elements}
    if len(dtypes) > 1 or len(ranks) > 1:
        kinds = ", ".join(sorted({f"{d.name}{list(s)}" for d, s in elements}))
        raise StagingError(
            f"list {name!r} gets items of different types ({kinds}) in the staged control flow "
            f"at {where}: items appended there must share one dtype and rank"
        )
    shape = elements[0][1]
    for _, other in elements[1:]:
        if any(a != b and a is not None and b is not None for a, b in zip(shape, other)):
            raise StagingError(
                f"list {name!r} gets items of shapes {list(shape)} and {list(other)} in the staged control flow "
                f"at {where}: its items become the rows of one array, so they must share one shape")
        shape = tuple(a if a == b else None for a, b in zip(shape, other))
    return elements[0][0], shape


def is_plain_list(value: Any) -> bool:
    return type(value) is list


def list_element_type(items: list) -> ElementType | None:
    """The element type of a Python list that can become a tensor list, else None."""
    elements = [element_type(v) for v in items]
    if not elements or any(e is None for e in elements):
        return None
    if len({e for e in elements}) > 1:
        return None
    return elements[0]


def empty_tensor_list(element: ElementType) -> Any:
    dtype, shape = element
    # An unknown size starts at 0: the staged loop relaxes it to unknown.
    return np.zeros((0, *(0 if d is None else d for d in shape)), dtype)


def to_tensor_list(items: list, element: ElementType) -> Any:
    """The list as an array of shape (len(items), *element_shape)."""
    if not items:
        return empty_tensor_list(element)
    if not any(is_tensor(v) for v in items):
        return np.array(items, dtype=element[0])
    rows = [_as_item(_tuple_as_row(v), element[0]) for v in items]
    rows = [r if is_tensor(r) else ops.const(np.asarray(r, element[0])) for r in rows]
    return np.stack(rows)


def probe_error(name: str, kind: str, where: str, error: Exception) -> StagingError:
    return StagingError(
        f"list {name!r} is empty when the staged {kind} loop at {where} starts, and appending to "
        f"it there could not be traced to learn its item type ({error}); give the list a first "
        f"item before the loop (used at {user_location()})"
    )


def array_(obj: Any, dtype: Any = None, *args: Any, **kwargs: Any) -> Any:
    """`np.array`: a tensor list (or any traced array) reads as the array it holds."""
    if isinstance(obj, ListProbe):
        return obj.as_array(dtype)
    if is_tensor(obj) and not args and set(kwargs) <= {"copy"}:
        return ops.astype(obj, obj.dtype if dtype is None else dtype)
    if isinstance(obj, (list, tuple)) and ops._contains_tensor(obj) and not args and not kwargs:
        from autoconv import numpy as ac_numpy

        return ac_numpy.array(obj, dtype)
    return np.array(obj, dtype, *args, **kwargs)


def asarray_(obj: Any, dtype: Any = None, **kwargs: Any) -> Any:
    if isinstance(obj, ListProbe):
        return obj.as_array(dtype)
    if is_tensor(obj) and not kwargs:
        same = dtype is None or np.dtype(dtype) == obj.dtype and not obj.weak
        if same and not is_list_tensor(obj):
            return obj
        return ops.astype(obj, obj.dtype if dtype is None else dtype)  # a list's array: an array from here
    if isinstance(obj, (list, tuple)) and ops._contains_tensor(obj) and not kwargs:
        return array_(obj, dtype)
    return np.asarray(obj, dtype, **kwargs)


def stack_(arrays: Any, axis: int = 0, **kwargs: Any) -> Any:
    """`np.stack`: a tensor list stacks to itself (its items along `axis`)."""
    if isinstance(arrays, ListProbe):
        return arrays.as_array(kwargs.get("dtype"))
    if not is_tensor(arrays) or set(kwargs) - {"dtype"}:
        return np.stack(arrays, axis, **kwargs)
    result = arrays if axis == 0 else np.moveaxis(arrays, 0, axis)
    dtype = kwargs.get("dtype")
    if dtype is None and is_list_tensor(result):
        dtype = result.dtype  # the list's array: an array from here
    return result if dtype is None else ops.astype(result, dtype)


def concatenate_(arrays: Any, axis: Any = 0, **kwargs: Any) -> Any:
    """`np.concatenate(lst)` of a tensor list: its items joined along their first axis."""
    if isinstance(arrays, ListProbe):
        return arrays.as_array(kwargs.get("dtype"))
    if not is_list_tensor(arrays) or axis != 0 or kwargs:
        return np.concatenate(arrays, axis, **kwargs)
    if len(arrays.shape) < 2:
        raise ValueError(f"zero-dimensional arrays cannot be concatenated (the items of the list, at "
                         f"{user_location()})")
    return ops.astype(np.reshape(arrays, (-1, *np.shape(arrays)[2:])), arrays.dtype)  # an array from here


NUMPY_OVERLOADS: dict[Any, Any] = {np.array: array_, np.asarray: asarray_, np.stack: stack_,
                                   np.concatenate: concatenate_}
