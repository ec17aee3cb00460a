"""What a staged `for` can iterate: traced arrays (over their first axis), `range` with
traced bounds, and `enumerate`/`zip` of those. Each knows its length and its i-th item, so
the loop is staged as a `while` over an index."""

from __future__ import annotations

from typing import Any

import numpy as np

from autoconv.errors import user_location
from autoconv.graph import control_flow, ops
from autoconv.operators.tensors import is_tensor


class StagedIterable:
    def length(self) -> Any:
        raise NotImplementedError

    def item(self, i: Any) -> Any:
        raise NotImplementedError

    def __iter__(self) -> Any:
        """Iterated by Python code (a comprehension, `list(...)`, unpacking) rather than by a
        staged `for`: its items one by one, when tracing knows how many there are."""
        n = self.length()
        if is_tensor(n):
            raise TypeError(f"{self!r} has a length known only when the graph runs, and is iterated outside a "
                            f"for statement at {user_location()} (a comprehension, list(), unpacking): use a for "
                            f"loop, which is staged")
        return (self.item(i) for i in range(int(n)))


class TensorItems(StagedIterable):
    """The rows of a traced array."""

    def __init__(self, tensor: Any):
        self.tensor = tensor

    def length(self) -> Any:
        return np.shape(self.tensor)[0]

    def item(self, i: Any) -> Any:
        return self.tensor[i]


class TensorRange(StagedIterable):
    """`range(start, stop, step)` where a bound or the step is traced."""

    def __init__(self, start: Any, stop: Any, step: Any):
        if is_tensor(step):
            # As Python's range, which raises when it is built: here, when the graph runs.
            error = ValueError("range() arg 3 must not be zero")
            where = user_location()
            control_flow.cond(step == 0, lambda: ops.raise_(error, where), lambda: None)
        elif step == 0:
            raise ValueError("range() arg 3 must not be zero")
        self.start, self.stop, self.step = start, stop, step

    def length(self) -> Any:
        up = np.maximum(0, (self.stop - self.start + (self.step - 1)) // self.step)
        down = np.maximum(0, (self.start - self.stop + (-self.step - 1)) // -self.step)
        if not is_tensor(self.step):
            return up if self.step > 0 else down
        return np.where(self.step > 0, up, down)

    def item(self, i: Any) -> Any:
        return self.start + i * self.step

    def __repr__(self) -> str:
        return f"range({self.start!r}, {self.stop!r}, {self.step!r})"


class StagedReversed(StagedIterable):
    """`reversed(r)` of a traced range or array: the same items, last first."""

    def __init__(self, inner: StagedIterable):
        self.inner = inner

    def length(self) -> Any:
        return self.inner.length()

    def item(self, i: Any) -> Any:
        return self.inner.item(self.inner.length() - 1 - i)


class StagedEnumerate(StagedIterable):
    def __init__(self, inner: StagedIterable, start: Any):
        self.inner, self.start = inner, start

    def length(self) -> Any:
        return self.inner.length()

    def item(self, i: Any) -> Any:
        return (i + self.start, self.inner.item(i))


class StagedZip(StagedIterable):
    def __init__(self, inners: list[StagedIterable]):
        self.inners = inners

    def length(self) -> Any:
        lengths = [it.length() for it in self.inners]
        result = lengths[0]
        for n in lengths[1:]:
            result = np.minimum(result, n)
        return result

    def item(self, i: Any) -> Any:
        return tuple(it.item(i) for it in self.inners)


def as_staged(x: Any) -> StagedIterable | None:
    """`x` as a StagedIterable, or None when it is a Python iterable."""
    if isinstance(x, StagedIterable):
        return x
    if is_tensor(x):
        if x.shape == ():
            raise TypeError(f"iteration over a 0-d array (a traced value, at {user_location()})")
        return TensorItems(x)
    return None
