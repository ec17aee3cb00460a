"""Early exits: `return`, `break` and `continue` at several depths of staged loops and
branches, returns from loops with `else`, guard clauses."""

import numpy as np

from ._registry import program

F32 = np.float32
I64 = np.int64
A = np.array([3, 8, 1, 9, 4], I64)
B = np.array([2, 2, 2, 2, 2], I64)


@program((A, np.array(9)), (A, np.array(3)), (A, np.array(7)))
def linear_search(x, target):
    for i in range(x.shape[0]):
        if x[i] == target:
            return i
    return -1


@program((np.array(7),), (np.array(1),), (np.array(30),))
def return_inside_while(n):
    i = 0
    while i < 100:
        if i * i >= n:
            return i
        i += 1
    return -1


@program((A, np.array(17)), (A, np.array(100)), (A, np.array(4)))
def pair_sum_nested_return(x, target):
    n = x.shape[0]
    for i in range(n):
        for j in range(i + 1, n):
            if x[i] + x[j] == target:
                return i, j
    return -1, -1


@program((np.zeros(3),), (np.ones(3),), (np.array([1.0, -1.0, 0.0]),))
def guard_clause(x):
    if x.sum() == 0:
        return x
    y = x / x.sum()
    return y * 2


@program((np.array(-2.0),), (np.array(0.5),), (np.array(5.0),), (np.array(50.0),))
def returns_in_elif_chain(x):
    if x < 0:
        return x * 0
    elif x < 1:
        return x
    elif x < 10:
        return x * x
    return np.sqrt(x)


@program((np.arange(12.0).reshape(3, 4) - 4,), (np.ones((3, 4)),))
def break_inner_only(x):
    total = 0.0
    for i in range(3):
        for j in range(4):
            if x[i, j] < 0:
                break
            total += x[i, j]
    return total


@program((np.array(2.0), np.array(3.0)), (np.array(10.0), np.array(0.5)))
def while_true_break_on_growth(x, rate):
    t = 0
    while True:
        if x > 100 or t >= 20:
            break
        x = x * (1 + rate)
        t += 1
    return x, t


@program((A,), (B,))
def continue_in_while(x):
    i = 0
    odd_sum = 0
    while i < x.shape[0]:
        v = x[i]
        i += 1
        if v % 2 == 0:
            continue
        odd_sum += v
    return odd_sum


@program((A, np.array(9)), (A, np.array(5)), (B, np.array(100)))
def continue_and_break(x, stop_at):
    s = 0
    for v in x:
        if v == 1:
            continue
        if v >= stop_at:
            break
        s += v
    return s


@program((A, np.array(8)), (A, np.array(0)))
def return_in_for_with_else(x, target):
    for v in x:
        if v == target:
            return True
    else:
        return False


@program((np.arange(24, dtype=I64).reshape(2, 3, 4), np.array(13)), (np.arange(24, dtype=I64).reshape(2, 3, 4), np.array(99)))
def break_with_flag_depth_three(x, target):
    found = False
    pos = (-1, -1, -1)
    for i in range(2):
        for j in range(3):
            for k in range(4):
                if x[i, j, k] == target:
                    found = True
                    pos = (i, j, k)
                    break
            if found:
                break
        if found:
            break
    return found, pos


@program((np.array([1.0, 2.0, 3.0], F32), np.array(2.5, F32)),
         (np.array([1.0, 2.0, 3.0], F32), np.array(100.0, F32)),
         (np.array([1.0, 2.0, 3.0], F32), np.array(0.0, F32)))
def first_index_cumsum_exceeds(x, threshold):
    total = F32(0)
    for i in range(x.shape[0]):
        total += x[i]
        if total > threshold:
            return i, total
    return -1, total


@program((A,), (B,))
def return_in_both_branches_in_loop(x):
    for v in x:
        if v > 5:
            return v * 2
        else:
            if v == 1:
                return -v
    return x[0] * 0


@program((np.array(12), np.array(18)), (np.array(7), np.array(7)), (np.array(1), np.array(100)))
def while_return_different_variables(a, b):
    while a != b:
        if a > b:
            a = a - b
            if a == 1:
                return b
        else:
            b = b - a
            if b == 1:
                return a
    return a


@program((np.array([1.0, 2.0], F32),), (np.array([0.0, 0.0], F32),))
def early_return_float32(x):
    norm = np.sqrt((x * x).sum())
    if norm == 0:
        return F32(0)
    return norm


@program((np.array([0.1, 0.5, 0.9]), np.array(0.4)), (np.array([0.1, 0.2, 0.3]), np.array(0.4)))
def any_like_return(x, t):
    for v in x:
        if v > t:
            return True
    return False


@program((np.array([0.1, 0.5, 0.9]),), (np.array([0.5, 0.6, 0.7]),))
def all_like_return(x):
    for v in x:
        if not v > 0.3:
            return False
    return True


@program((np.array(5),), (np.array(0),), (np.array(200),))
def return_after_loop_variable(n):
    acc = 1
    for i in range(1, n + 1):
        acc = acc * i
        if acc > 1000:
            return acc, i
    return acc, n


@program((np.array([4.0, -1.0, 2.0]),), (np.array([1.0, 2.0, 3.0]),))
def break_then_use_loop_target(x):
    idx = -1
    for i in range(3):
        idx = i
        if x[i] < 0:
            break
    return idx


@program((np.array(3.0),), (np.array(-3.0),))
def return_in_nested_if_no_else(x):
    if x > 0:
        if x > 2:
            return x - 2
    return x
