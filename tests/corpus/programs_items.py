"""Item assignment on arrays: `y[i] = v`, `y[i] += v`, slices and 2-D indices, inside
staged loops and branches."""

import numpy as np

from ._registry import program

F32 = np.float32
I64 = np.int64
V = np.array([0.5, -1.0, 2.0, -3.0], F32)
V2 = np.array([1.0, 1.0, -1.0, 0.0], F32)


@program((V, np.array(4)), (V, np.array(0)), (V2, np.array(2)))
def setitem_staged_loop(x, n):
    y = np.zeros(4, F32)
    for i in range(n):
        y[i] = x[i] * 2
    return y


@program((V,), (V2,))
def augmented_setitem_in_loop(x):
    y = x.copy()
    for i in range(1, 4):
        y[i] += y[i - 1]
    return y


@program((np.array([0, 2, 2, 1, 0, 2], I64),), (np.array([1, 1, 1, 1, 1, 1], I64),))
def histogram_counts(labels):
    counts = np.zeros(3, I64)
    for v in labels:
        counts[v] += 1
    return counts


@program((np.arange(6.0).reshape(2, 3),), (-np.ones((2, 3)),))
def setitem_2d_in_nested_loops(x):
    out = np.zeros((3, 2))
    for i in range(2):
        for j in range(3):
            out[j, i] = x[i, j] * 10
    return out


@program((np.arange(12.0).reshape(3, 4),), (np.ones((3, 4)),))
def column_assignment(x):
    y = x.copy()
    for j in range(4):
        y[:, j] = y[:, j] - y[:, j].mean()
    return y


@program((V,), (V2,))
def slice_assign_in_branch(x):
    y = x.copy()
    if y.sum() > 0:
        y[:2] = 0
    else:
        y[2:] = -1
    return y


@program((V,), (V2,))
def setitem_conditional_in_loop(x):
    y = x.copy()
    for i in range(4):
        if y[i] < 0:
            y[i] = 0
    return y


@program((V, np.array(1)), (V, np.array(3)))
def setitem_staged_index(x, k):
    y = x.copy()
    y[k] = 100
    y[k - 1] *= 2
    return y


@program((np.arange(9, dtype=np.int32).reshape(3, 3),), (np.eye(3, dtype=np.int32),))
def row_swap_when_pivot_small(a):
    a = a.copy()
    for i in range(3):
        if a[i, i] == 0:
            tmp = a[i].copy()
            a[i] = a[(i + 1) % 3]
            a[(i + 1) % 3] = tmp
    return a


@program((V,), (V2,))
def multiply_assign_weak_scalar(x):
    y = x.copy()
    for i in range(4):
        y[i] *= 0.5
        y[i] -= 1
    return y


@program((np.array([3.0, 1.0, 2.0]), np.array(3)), (np.array([3.0, 1.0, 2.0]), np.array(1)))
def setitem_in_while(x, n):
    y = np.zeros(3)
    i = 0
    while i < n:
        y[i] = x[n - 1 - i]
        i += 1
    return y


@program((V,), (V2,))
def boolean_mask_assign(x):
    y = x.copy()
    if (y < 0).any():
        y[y < 0] = 0
    return y
