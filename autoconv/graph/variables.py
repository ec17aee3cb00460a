"""`Variable`: state created outside a function and read or changed inside it.

A graph reads a variable when it runs, not when it was traced. Assignments replace the
held array (never write into it), so a value read earlier stays what it was.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from autoconv.errors import AutoConvError, user_location
from autoconv.graph.tracing import current_graph


class Variable:
    """A mutable array. `v + 1`, `np.matmul(v, x)` and `v[0]` read its current value."""

    __array_priority__ = 1001

    def __init__(self, initial_value: Any, dtype: Any = None, name: str | None = None):
        self._array = np.array(initial_value, dtype=dtype)
        self.name = name

    @property
    def value(self) -> Any:
        """The current value (read when the graph runs, in traced code), as `read_value()`."""
        return self._autoconv_read()

    @property
    def dtype(self) -> np.dtype:
        return self._array.dtype

    @property
    def shape(self) -> tuple[int, ...]:
        return self._array.shape

    @property
    def ndim(self) -> int:
        return self._array.ndim

    def _autoconv_read(self) -> Any:
        """The current value: a `read_variable` tensor while tracing, else the array."""
        if current_graph() is None:
            return self._array
        from autoconv.graph import ops

        return ops.make("read_variable", (), {"variable": self})

    def read_value(self) -> Any:
        return self._autoconv_read()

    def numpy(self) -> np.ndarray:
        return self._array.copy()

    def apply_assign(self, mode: str, value: Any) -> np.ndarray:
        """Set the value (mode 'assign', 'add' or 'sub'), keeping the dtype and shape."""
        if mode == "add":
            value = self._array + value
        elif mode == "sub":
            value = self._array - value
        new = np.asarray(value)
        if new.shape != self._array.shape and np.broadcast_shapes(new.shape, self._array.shape) != self._array.shape:
            raise AutoConvError(f"cannot assign a value of shape {new.shape} to a variable of shape {self._array.shape}")
        self._array = np.array(np.broadcast_to(new, self._array.shape), dtype=self._array.dtype)
        return self._array

    def _assign(self, mode: str, value: Any) -> Any:
        if current_graph() is None:
            return self.apply_assign(mode, value)
        from autoconv.graph import ops

        value = ops.as_input(value)
        vshape = getattr(value, "shape", np.shape(value))
        if len(vshape) > len(self.shape):
            raise AutoConvError(
                f"cannot assign a value of shape {tuple(vshape)} to a variable of shape {self.shape} "
                f"(at {user_location()})"
            )
        return ops.make("assign_variable", (value,), {"variable": self, "mode": mode})

    def assign(self, value: Any) -> Any:
        return self._assign("assign", value)

    def assign_add(self, delta: Any) -> Any:
        return self._assign("add", delta)

    def assign_sub(self, delta: Any) -> Any:
        return self._assign("sub", delta)

    # NumPy sees a variable as its current value.
    def __array__(self, dtype: Any = None, copy: Any = None) -> np.ndarray:
        return self._array if dtype is None else self._array.astype(dtype)

    def __array_ufunc__(self, ufunc: np.ufunc, method: str, *inputs: Any, **kwargs: Any) -> Any:
        inputs = tuple(x._autoconv_read() if isinstance(x, Variable) else x for x in inputs)
        return getattr(ufunc, method)(*inputs, **kwargs)

    def __array_function__(self, func: Any, types: Any, args: Any, kwargs: Any) -> Any:
        args = _read_all(args)
        kwargs = _read_all(kwargs)
        return func(*args, **kwargs)

    def __getitem__(self, key: Any) -> Any:
        return self._autoconv_read()[key]

    def __repr__(self) -> str:
        label = f" {self.name!r}" if self.name else ""
        return f"<Variable{label} {self.dtype.name}{list(self.shape)}>"

    def __bool__(self) -> bool:
        return bool(self._autoconv_read())

    def __len__(self) -> int:
        return len(self._array)


def _read_all(x: Any) -> Any:
    if isinstance(x, Variable):
        return x._autoconv_read()
    if isinstance(x, (list, tuple)):
        return type(x)(_read_all(v) for v in x)
    if isinstance(x, dict):
        return {k: _read_all(v) for k, v in x.items()}
    return x


def _binary(ufunc: np.ufunc, reflected: bool = False) -> Any:
    if reflected:
        return lambda self, other: ufunc(other, self)
    return lambda self, other: ufunc(self, other)


for _name, _uf in (("add", np.add), ("sub", np.subtract), ("mul", np.multiply), ("truediv", np.true_divide),
                   ("floordiv", np.floor_divide), ("mod", np.remainder), ("pow", np.power),
                   ("matmul", np.matmul), ("and", np.bitwise_and), ("or", np.bitwise_or), ("xor", np.bitwise_xor)):
    setattr(Variable, f"__{_name}__", _binary(_uf))
    setattr(Variable, f"__r{_name}__", _binary(_uf, True))
for _name, _uf in (("lt", np.less), ("le", np.less_equal), ("gt", np.greater), ("ge", np.greater_equal)):
    setattr(Variable, f"__{_name}__", _binary(_uf))
Variable.__neg__ = lambda self: np.negative(self)  # type: ignore[attr-defined]
Variable.__abs__ = lambda self: np.absolute(self)  # type: ignore[attr-defined]
