"""Loops: staged `for` over ranges with array bounds, unrolled Python loops, iteration
over arrays, enumerate/zip, nested loops, `while` on array conditions, loop `else`."""

import numpy as np

from ._registry import program

F32 = np.float32
I32 = np.int32
V4 = np.array([1.5, -2.0, 3.25, 0.5], F32)
V4B = np.array([-1.0, -2.0, -3.0, 4.0], F32)
M34 = np.arange(12, dtype=np.float64).reshape(3, 4) - 5.0
M34B = np.linspace(-1.0, 1.0, 12).reshape(3, 4)


@program((V4, np.array(0)), (V4, np.array(3)), (V4B, np.array(4)))
def sum_first_n(x, n):
    total = np.zeros((), F32)
    for i in range(n):
        total = total + x[i]
    return total


@program((V4, 0), (V4, 2), (V4, 4))
def sum_first_n_python_int(x, n):
    total = x[0] * 0
    for i in range(n):
        total += x[i]
    return total


@program((M34, np.ones(4)), (M34B, np.arange(4.0)))
def weighted_row_sums(x, w):
    acc = np.zeros(4)
    for row in x:
        acc = acc + row * w
    return acc


@program((M34,), (M34B,))
def enumerate_rows(x):
    acc = np.zeros(x.shape[1])
    for i, row in enumerate(x):
        acc += i * row
    return acc


@program((M34,), (M34B,))
def enumerate_with_start(x):
    acc = np.zeros(x.shape[1])
    for i, row in enumerate(x, 1):
        acc = acc + row / i
    return acc


@program((V4, V4B), (V4B, V4B))
def manual_dot_zip(a, b):
    s = F32(0)
    for u, v in zip(a, b):
        s = s + u * v
    return s


@program((M34, M34B.T.copy(), np.array(3), np.array(3)),
         (M34, M34B.T.copy(), np.array(2), np.array(1)),
         (M34, M34B.T.copy(), np.array(0), np.array(3)))
def naive_matmul_block(a, b, n, m):
    out = np.zeros((3, 3))
    for i in range(n):
        for j in range(m):
            s = 0.0
            for k in range(4):
                s = s + a[i, k] * b[k, j]
            out[i, j] = s
    return out


@program((np.array(100.0),), (np.array(0.5),), (np.array(1.0),))
def halvings_until_small(x):
    steps = 0
    while x >= 1.0:
        x = x / 2
        steps += 1
    return x, steps


@program((V4, np.array(4)), (V4B, np.array(4)), (V4, np.array(1)))
def leading_positive_count(x, n):
    i = 0
    while i < n and x[i] > 0:
        i += 1
    return i


@program((np.arange(10, dtype=I32), np.array(1), np.array(9), np.array(3)),
         (np.arange(10, dtype=I32), np.array(5), np.array(2), np.array(1)),
         (np.arange(10, dtype=I32), np.array(0), np.array(10), np.array(2)))
def strided_range_sum(x, start, stop, step):
    s = np.int32(0)
    for i in range(start, stop, step):
        s += x[i]
    return s


@program((V4, np.array(4)), (V4, np.array(2)), (V4, np.array(0)))
def reversed_range_horner(c, n):
    acc = F32(0)
    for i in range(n - 1, -1, -1):
        acc = acc * F32(2) + c[i]
    return acc


@program((V4,), (V4B,))
def unrolled_python_list_of_weights(x):
    for w in [0.5, 0.25, 2.0]:
        x = x * w + 1
    return x


@program((V4, np.array(4), np.array(10.0)), (V4, np.array(4), np.array(1.0)), (V4, np.array(0), np.array(1.0)))
def for_else_no_break(x, n, limit):
    total = F32(0)
    found = False
    for i in range(n):
        total = total + x[i]
        if total > limit:
            found = True
            break
    else:
        total = total * 10
    return total, found


@program((np.array(37),), (np.array(1),), (np.array(64),))
def while_else_halving(n):
    steps = 0
    while n > 1:
        if n % 2 == 1:
            break
        n = n // 2
        steps += 1
    else:
        steps = -steps
    return n, steps


@program((M34, np.array(1.0)), (M34B, np.array(0.1)))
def while_inside_for(x, tol):
    out = np.zeros(3)
    for r in range(3):
        v = np.abs(x[r]).sum()
        while v > tol:
            v = v / 3
        out[r] = v
    return out


@program((V4,), (V4B,), (np.zeros(4, F32),))
def update_only_some_iterations(x):
    best = x[0]
    for v in x:
        if v > best:
            best = v
    return best


@program((V4, "sum"), (V4B, "sum"), (V4, "max"), (V4B, "max"))
def python_mode_inside_staged_loop(x, mode):
    acc = x[0]
    for i in range(1, x.shape[0]):
        if mode == "sum":
            acc = acc + x[i]
        else:
            acc = np.maximum(acc, x[i])
    return acc


@program((V4,), (V4B,), (np.zeros(4, F32),))
def two_dtypes_accumulators(x):
    count = np.int32(0)
    total = F32(0)
    for v in x:
        if v > 0:
            count += 1
            total += v
    return count, total


@program((V4,), (V4B,))
def range_len_unrolled(x):
    out = x.copy()
    for i in range(len(x) - 1):
        out[i + 1] = out[i] + x[i + 1]
    return out


@program((np.array(5.0),), (np.array(0.25),), (np.array(3.0),))
def while_true_break(x):
    n = 0
    while True:
        x = x * x
        n += 1
        if x > 1000.0 or n >= 5:
            break
    return x, n


@program((np.array(0),), (np.array(1),), (np.array(10),), (np.array(50),))
def fibonacci_int64(n):
    a, b = 0, 1
    for _ in range(n):
        a, b = b, a + b
    return a


@program((np.array(0),), (np.array(1),), (np.array(6),))
def triangle_nested_dependent_bounds(n):
    count = 0
    for i in range(n):
        for j in range(i):
            count += i * j
    return count


@program((M34,), (M34B,))
def iterate_columns(x):
    norms = []
    for col in x.T:
        norms.append(np.sqrt((col * col).sum()))
    return np.array(norms)


@program((V4,), (V4B,), (np.zeros(4, F32),))
def count_positives_continue(x):
    n = np.int64(0)
    for v in x:
        if v <= 0:
            continue
        n += 1
    return n


@program((np.array(0),), (np.array(3),))
def loop_var_defined_before(n):
    i = -1
    for i in range(n):
        pass
    return i


@program((np.array(0),), (np.array(4),))
def loop_target_defined_before_used_in_body(n):
    i = 100
    s = 0
    for i in range(n):
        s += i
    return s + i


@program((V4, np.array(3)), (V4B, np.array(0)))
def nested_python_and_staged(x, n):
    out = np.zeros(4, F32)
    for k in range(2):
        for i in range(n):
            out = out + x * (k + 1) * i
    return out


@program((np.array([3, 1, 2], I32),), (np.array([0, 0, 5], I32),))
def int32_accumulator_with_python_ints(x):
    acc = np.int32(0)
    for v in x:
        acc = acc * 10 + v
    return acc


@program((np.array(10),), (np.array(0),), (np.array(1),))
def sum_of_squares_while(n):
    i = 0
    s = 0
    while i < n:
        s += i * i
        i += 1
    return s


@program((np.array(3.0, F32), np.array(4)), (np.array(-1.5, F32), np.array(0)))
def float32_power_loop(x, n):
    result = F32(1)
    for _ in range(n):
        result = result * x
    return result


@program((V4,), (V4B,))
def float32_plus_python_float_in_loop(x):
    y = x
    for _ in range(3):
        y = y * 0.5 + 1.0
    return y


@program((np.arange(10, dtype=I32), np.array(1), np.array(9)),
         (np.arange(10, dtype=I32), np.array(5), np.array(2)),
         (np.arange(10, dtype=I32), np.array(0), np.array(10)))
def strided_range_python_step(x, start, stop):
    s = np.int32(0)
    for i in range(start, stop, 3):
        s += x[i]
    t = np.int32(0)
    for i in range(stop - 1, start - 1, -2):
        t += x[i]
    return s, t


@program((M34,), (M34B,))
def zip_rows_with_python_list(x):
    out = np.zeros(4)
    for w, row in zip([1.0, -1.0, 0.5], x):
        out = out + w * row
    return out


@program((np.array(3),), (np.array(0),))
def while_counts_down_with_two_python_scalars(n):
    total = 0
    factor = 1.0
    while n > 0:
        total += n
        factor = factor * 0.5
        n = n - 1  # not `n -= 1`: that would decrement the caller's 0-d array in place
    return total, factor
