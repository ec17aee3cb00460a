"""Lists built in loops (append) and turned into arrays with np.stack / np.array."""

import numpy as np

from ._registry import program

F32 = np.float32
M = np.arange(12, dtype=F32).reshape(4, 3) - 5
M2 = -np.arange(12, dtype=F32).reshape(4, 3)


@program((M,), (M2,))
def append_python_loop_then_stack(x):
    rows = []
    for i in range(4):
        rows.append(x[i] * i)
    return np.stack(rows)


@program((M,), (M2,))
def append_in_branch_python_loop(x):
    out = []
    for i in range(4):
        if i % 2 == 0:
            out.append(x[i])
        else:
            out.append(-x[i])
    return np.stack(out)


@program((M,), (M2,))
def append_staged_value_in_python_loop(x):
    out = []
    for i in range(4):
        out.append(x[i].sum() if x[i].sum() > 0 else x[i].max())
    return np.array(out)


@program((M,), (M2,))
def append_over_array_rows_then_stack(x):
    norms = []
    for row in x:
        norms.append(np.sqrt((row * row).sum()))
    return np.stack(norms)


@program((M, np.array(4)), (M, np.array(2)))
def append_in_staged_range_then_stack(x, n):
    acc = []
    for i in range(n):
        acc.append(x[i] + 1)
    return np.stack(acc) if n > 0 else x[:0]


@program((M,), (M2,))
def list_comprehension_then_array(x):
    sums = [x[i].sum() for i in range(4)]
    return np.array(sums)


@program((M,), (M2,))
def list_of_tuples_python_loop(x):
    pairs = []
    for row in [x[0], x[1]]:
        pairs.append((row.min(), row.max()))
    return np.array(pairs)


@program((np.array(5),), (np.array(1),))
def append_in_while_then_array(n):
    seq = []
    k = n
    while k > 0:
        seq.append(k * 2)
        k = k - 1
    return np.array(seq).sum()


@program((M,), (M2,))
def list_indexing_after_build(x):
    parts = [x[0], x[1] * 2, x[2] * 3]
    if parts[0].sum() > 0:
        r = parts[1]
    else:
        r = parts[2]
    return r


@program((M,), (M2,))
def concatenate_list_python_loop(x):
    chunks = []
    for i in range(0, 4, 2):
        chunks.append(x[i:i + 2].sum(axis=0))
    return np.concatenate(chunks)


@program((M,), (M2,))
def unpack_list_built_in_branch(x):
    if x.sum() > 0:
        a, b = x[0], x[1]
    else:
        a, b = x[1], x[0]
    return np.stack([a, b, a + b])


@program((M,), (M2,))
def extend_python_list(x):
    items = [x[0]]
    items.extend([x[1], x[2]])
    items += [x[3]]
    return np.stack(items).mean(axis=0)
