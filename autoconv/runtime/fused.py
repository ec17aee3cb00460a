"""Code for `fused` operations: a chain of ufuncs evaluated block by block into reused buffers.

The graph's line calls a helper written after the graph function in the same source:

    def f(t1):
        t2 = fused1(t1)
        return (t2,)

    def fused1(a0):                                   # entry: picks the path
        if not (blockable(a0)):
            return fused1_plain(a0)
        o0 = np.empty((2000000,), np.float32)
        run_blocks(fused1_block, 65536, (a0.reshape(-1),), (), (o0.reshape(-1),), (np.float32, np.float32))
        return o0

    def fused1_block(a0, o0, b0, b1):                 # one block; `out=` as the plan says
        np.sin(a0, out=b0)
        np.cos(a0, out=b1)
        np.multiply(b0, b1, out=o0)

    def fused1_plain(a0):                             # the unfused calls
        ...

Arrays of at most one block (`BLOCK_BYTES` of the widest dtype) skip the blocks: straight
code on whole arrays, where a buffer's first write allocates it (`b0 = np.sin(a0)`) and
later writes reuse it (`np.multiply(b0, b1, out=b0)`). Inputs laid out other than in C
order (a transposed matrix, a reversed vector) take the plain path, so NumPy iterates every
input exactly as it would unfused. Large arrays run their blocks on up to `THREADS` threads (NumPy releases the GIL in ufunc loops).
"""

from __future__ import annotations

import contextvars
import itertools
import os
import threading
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, Callable, Iterator

import numpy as np

from autoconv.graph.ir import Operation, Tensor
from autoconv.runtime.lower import _Writer, kernel_name, literal

BLOCK_BYTES = 1 << 18  # per array per block: the blocks of a chain's arrays stay in L2 cache
THREADS = min(os.cpu_count() or 1, 4)
MIN_BLOCKS_PER_THREAD = 4  # below this, a thread hand-off costs more than it saves

_pool: ThreadPoolExecutor | None = None
_pool_lock = threading.Lock()


def _executor() -> ThreadPoolExecutor:
    global _pool
    with _pool_lock:
        if _pool is None:
            _pool = ThreadPoolExecutor(max_workers=max(THREADS - 1, 1), thread_name_prefix="autoconv-fused")
        return _pool


def blockable(a: Any) -> bool:
    """Whether blocks of `a` (flattened) are iterated as NumPy iterates `a` unfused."""
    return a.flags.c_contiguous or (a.ndim == 1 and a.strides[0] >= 0)


def run_blocks(block_fn: Callable[..., None], size: int, arrays: tuple, scalars: tuple, outs: tuple,
               dtypes: tuple) -> None:
    """Call `block_fn(*array blocks, *scalars, *output blocks, *buffers)` over 1-d `arrays`.

    Threads take the next block from a shared counter until none is left, so a thread the
    machine slows down does fewer blocks instead of holding up the others.
    """
    n = len(outs[0])
    workers = max(1, min(THREADS, -(-n // size) // MIN_BLOCKS_PER_THREAD))
    blocks = itertools.count()  # next() is atomic under the GIL
    task = (block_fn, size, arrays, scalars, outs, dtypes, n, blocks)
    if workers == 1:
        _run_blocks(*task)
        return
    # Each task runs in a copy of the caller's context, so np.errstate applies there too.
    futures: list[Future] = [_executor().submit(contextvars.copy_context().run, _run_blocks, *task)
                             for _ in range(workers - 1)]
    try:
        _run_blocks(*task)
    finally:
        for f in futures:
            f.exception()  # wait for every block before raising anything
    for f in futures:
        f.result()


def _run_blocks(block_fn: Callable[..., None], size: int, arrays: tuple, scalars: tuple, outs: tuple,
                dtypes: tuple, n: int, blocks: Iterator[int]) -> None:
    buffers = [np.empty(size, d) for d in dtypes]
    for k in blocks:
        s = k * size
        if s >= n:
            return
        e = min(s + size, n)
        views = buffers if e - s == size else [b[:e - s] for b in buffers]
        block_fn(*[a[s:e] for a in arrays], *scalars, *[o[s:e] for o in outs], *views)


# ---------------------------------------------------------------------------------------
# Code generation.

def emit(w: _Writer, op: Operation, depth: int) -> None:
    """The graph's line for `op`, and its helpers after the graph function."""
    name = w.fresh("fused")
    w.namespace.setdefault("blockable", blockable)
    w.namespace.setdefault("run_blocks", run_blocks)
    params = [f"a{i}" for i in range(len(op.inputs))]
    if int(np.prod(op.outputs[0].shape, dtype=np.int64)) <= block_size(op):
        w.epilogue += _whole(w, name, op, params)
    else:
        w.epilogue += _entry(w, name, op, params) + _block(w, name, op, params)
    w.epilogue += _plain(w, name, op, params)
    args = ", ".join(w.name(x) if isinstance(x, Tensor) else literal(w, x) for x in op.inputs)
    outs = ", ".join(w.name(t) for t in op.outputs)
    w.emit(depth, f"{outs} = {name}({args})", op)


def _arrays(op: Operation) -> tuple[list[int], list[int]]:
    """Indices of the inputs sliced into blocks, and of those passed whole (0-d, Python scalars)."""
    shape = op.outputs[0].shape
    sliced = [i for i, x in enumerate(op.inputs) if isinstance(x, Tensor) and not x.weak and x.shape == shape]
    return sliced, [i for i in range(len(op.inputs)) if i not in sliced]


def block_size(op: Operation) -> int:
    """Elements per block: `BLOCK_BYTES` of the widest array the chain reads or writes."""
    arrays = [x for x in op.inputs if isinstance(x, Tensor)] + [t.outputs[0] for t in op.attrs["body"].operations]
    return max(1, BLOCK_BYTES // max(t.dtype.itemsize for t in arrays))


def _buffer_dtypes(body: Any, slots: tuple) -> dict[str, np.dtype]:
    dtypes: dict[str, np.dtype] = {}
    for inner, slot in zip(body.operations, slots):
        if slot[0] == "b":
            dtypes.setdefault(slot, inner.outputs[0].dtype)
    return dict(sorted(dtypes.items(), key=lambda kv: int(kv[0][1:])))


def _layout_check(name: str, op: Operation, params: list[str]) -> list[str]:
    check = " and ".join(f"blockable({params[i]})" for i in _arrays(op)[0])
    return [f"    if not ({check}):", f"        return {name}_plain({', '.join(params)})"]


def _whole(w: _Writer, name: str, op: Operation, params: list[str]) -> list[str]:
    """One block: whole arrays. A buffer's first write allocates it, later ones reuse it;
    an output takes over a dying operand's buffer when nothing writes that buffer later."""
    body, slots = op.attrs["body"], op.attrs["slots"]
    names: dict[Tensor, str] = dict(zip(body.inputs, params))
    last_use = {x: i for i, inner in enumerate(body.operations) for x in inner.inputs if isinstance(x, Tensor)}
    lines = ["", "", f"def {name}({', '.join(params)}):"] + _layout_check(name, op, params)
    written: set[str] = set()
    for i, (inner, slot) in enumerate(zip(body.operations, slots)):
        t = inner.outputs[0]
        out = slot if slot in written else None
        if slot[0] == "o":
            out = next((names[x] for x in dict.fromkeys(inner.inputs) if isinstance(x, Tensor)
                        and names[x][0] == "b" and last_use[x] == i and x.dtype == t.dtype
                        and names[x] not in slots[i + 1:]), None)
        call = _call(w, inner, names, out)
        lines.append(f"    {call}" if out == slot else f"    {slot} = {call}")
        names[t] = slot
        written.add(slot)
    lines.append(f"    return {', '.join(f'o{k}' for k in range(len(op.outputs)))}")
    return lines


def _entry(w: _Writer, name: str, op: Operation, params: list[str]) -> list[str]:
    body, slots = op.attrs["body"], op.attrs["slots"]
    shape = op.outputs[0].shape
    sliced, whole = _arrays(op)
    outs = [f"o{k}" for k in range(len(op.outputs))]
    buffers = _buffer_dtypes(body, slots)
    lines = ["", "", f"def {name}({', '.join(params)}):"] + _layout_check(name, op, params)
    for k, t in enumerate(op.outputs):
        lines.append(f"    {outs[k]} = np.empty({shape!r}, {literal(w, t.dtype)})")
    flat = lambda names: "(" + "".join(f"{n}.reshape(-1), " for n in names).rstrip(" ") + ")"
    scalars = "(" + "".join(f"{params[i]}, " for i in whole).rstrip(" ") + ")"
    dtypes = "(" + "".join(f"{literal(w, d)}, " for d in buffers.values()).rstrip(" ") + ")"
    lines.append(f"    run_blocks({name}_block, {block_size(op)}, {flat([params[i] for i in sliced])}, {scalars}, "
                 f"{flat(outs)}, {dtypes})")
    lines.append(f"    return {', '.join(outs)}")
    return lines


def _call(w: _Writer, inner: Operation, names: dict[Tensor, str], out: str | None) -> str:
    args = [names[x] if isinstance(x, Tensor) else literal(w, x) for x in inner.inputs]
    args += [f"{k}={literal(w, v)}" for k, v in inner.attrs.items()]
    if out is not None:
        args.append(f"out={out}")
    return f"{kernel_name(w, inner)}({', '.join(args)})"


def _block(w: _Writer, name: str, op: Operation, params: list[str]) -> list[str]:
    body, slots = op.attrs["body"], op.attrs["slots"]
    names: dict[Tensor, str] = dict(zip(body.inputs, params))
    sliced, whole = _arrays(op)
    outs = [f"o{k}" for k in range(len(op.outputs))]
    block_params = [params[i] for i in sliced] + [params[i] for i in whole] + outs
    block_params += list(_buffer_dtypes(body, slots))
    lines = ["", "", f"def {name}_block({', '.join(block_params)}):"]
    for inner, slot in zip(body.operations, slots):
        lines.append(f"    {_call(w, inner, names, slot)}")
        names[inner.outputs[0]] = slot
    return lines


def _plain(w: _Writer, name: str, op: Operation, params: list[str]) -> list[str]:
    body = op.attrs["body"]
    names: dict[Tensor, str] = dict(zip(body.inputs, params))
    lines = ["", "", f"def {name}_plain({', '.join(params)}):"]
    for k, inner in enumerate(body.operations):
        names[inner.outputs[0]] = f"t{k}"
        lines.append(f"    t{k} = {_call(w, inner, names, None)}")
    lines.append(f"    return {', '.join(names[t] for t in body.outputs)}")
    return lines
