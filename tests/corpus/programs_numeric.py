"""Numerical algorithms as NumPy users write them: iterations to convergence, searches,
integer algorithms, running statistics, recurrences, sorting-ish loops."""

import numpy as np

from ._registry import program

F32 = np.float32
F64 = np.float64
I32 = np.int32
I64 = np.int64


@program((np.array(2.0),), (np.array(9.0),), (np.array(1e-4),))
def newton_sqrt(a):
    x = np.maximum(a, 1.0)
    for _ in range(50):
        nxt = 0.5 * (x + a / x)
        if np.abs(nxt - x) < 1e-12:
            break
        x = nxt
    return x


@program((np.array(2.0, F32),), (np.array(10.0, F32),))
def newton_sqrt_while_float32(a):
    x = a
    err = np.abs(x * x - a)
    it = np.int32(0)
    while err > 1e-5 and it < 100:
        x = (x + a / x) / 2
        err = np.abs(x * x - a)
        it += 1
    return x, it


@program((np.array(0.0), np.array(2.0)), (np.array(1.0), np.array(3.0)), (np.array(-2.0), np.array(0.0)))
def bisection_cubic(lo, hi):
    f_lo = lo ** 3 - 2 * lo - 1
    for _ in range(60):
        mid = (lo + hi) / 2
        f_mid = mid ** 3 - 2 * mid - 1
        if f_mid == 0:
            lo = mid
            hi = mid
        elif (f_mid > 0) == (f_lo > 0):
            lo = mid
            f_lo = f_mid
        else:
            hi = mid
    return (lo + hi) / 2


@program((np.array(48, I64), np.array(18, I64)), (np.array(17, I64), np.array(5, I64)), (np.array(0, I64), np.array(9, I64)))
def gcd_euclid(a, b):
    while b != 0:
        a, b = b, a % b
    return a


@program((np.array(27, I64),), (np.array(1, I64),), (np.array(6, I64),))
def collatz_steps(n):
    steps = np.int64(0)
    while n != 1:
        if n % 2 == 0:
            n = n // 2
        else:
            n = 3 * n + 1
        steps += 1
    return steps


@program((np.array([[2.0, 1.0], [1.0, 3.0]]), np.array(30)), (np.array([[4.0, 0.0], [0.0, 1.0]]), np.array(0)))
def power_iteration(a, iters):
    v = np.ones(a.shape[0]) / np.sqrt(a.shape[0])
    lam = np.float64(0.0)
    for _ in range(iters):
        w = a @ v
        lam = v @ w
        v = w / np.linalg.norm(w)
    return lam, v


@program((np.array([1.0, 2.0, 4.0, 8.0]),), (np.array([5.0, 5.0, 5.0, 5.0]),))
def welford_running_stats(x):
    n = 0
    mean = np.float64(0.0)
    m2 = np.float64(0.0)
    for v in x:
        n += 1
        delta = v - mean
        mean = mean + delta / n
        m2 = m2 + delta * (v - mean)
    var = m2 / n if n > 0 else np.float64(0.0)
    return mean, var


@program((np.array([1.0, 2.0, 3.0], F32),), (np.array([1000.0, 1000.0, -5.0], F32),))
def softmax_max_subtraction(z):
    m = z[0]
    for v in z:
        if v > m:
            m = v
    e = np.exp(z - m)
    total = F32(0)
    for v in e:
        total = total + v
    return e / total


@program((np.ones((5, 3), F32) * 0.1, np.eye(3, dtype=F32) * 0.5, np.full((3, 3), 0.2, F32)),
         (np.arange(15, dtype=F32).reshape(5, 3) / 15, np.eye(3, dtype=F32), -np.eye(3, dtype=F32)))
def rnn_step_loop(xs, w_h, w_x):
    h = np.zeros(3, F32)
    for x in xs:
        h = np.tanh(h @ w_h + x @ w_x)
    return h


@program((np.array([1, 2, 3, 4], I32),), (np.array([-1, 5, 0, 2], I32),))
def cumulative_sum_manual(x):
    out = np.zeros_like(x)
    running = np.int32(0)
    for i in range(x.shape[0]):
        running = running + x[i]
        out[i] = running
    return out


@program((np.array([3.0, 1.0, 4.0, 1.0, 5.0]),), (np.array([9.0, 8.0, 7.0, 6.0, 5.0]),))
def prefix_max(x):
    out = np.empty_like(x)
    best = x[0]
    for i in range(x.shape[0]):
        best = np.maximum(best, x[i])
        out[i] = best
    return out


@program((np.array([5, 2, 9, 1, 3], I64),), (np.array([1, 2, 3, 4, 5], I64),))
def bubble_sort(x):
    a = x.copy()
    n = a.shape[0]
    for i in range(n):
        for j in range(n - 1 - i):
            if a[j] > a[j + 1]:
                t = a[j]
                a[j] = a[j + 1]
                a[j + 1] = t
    return a


@program((np.array([5.0, 2.0, 9.0, 1.0]), np.array(4)), (np.array([5.0, 2.0, 9.0, 1.0]), np.array(2)))
def insertion_sort_prefix(x, n):
    a = x.copy()
    for i in range(1, n):
        key = a[i]
        j = i - 1
        while j >= 0 and a[j] > key:
            a[j + 1] = a[j]
            j -= 1
        a[j + 1] = key
    return a


@program((np.array([2.0, 7.0, 1.0, 7.0]),), (np.array([-1.0, -3.0, -0.5, -2.0]),))
def manual_argmax(x):
    best_i = 0
    best_v = x[0]
    for i in range(1, x.shape[0]):
        if x[i] > best_v:
            best_v = x[i]
            best_i = i
    return best_i, best_v


@program((np.array(1.0), np.array(0.01), np.array(100)), (np.array(2.0), np.array(0.1), np.array(0)))
def euler_decay(y0, dt, steps):
    y = y0
    t = np.float64(0.0)
    for _ in range(steps):
        y = y + dt * (-0.5 * y)
        t = t + dt
    return t, y


@program((np.array(0.5),), (np.array(2.0),))
def fixed_point_cosine(x):
    for _ in range(200):
        nxt = np.cos(x)
        if np.abs(nxt - x) < 1e-10:
            return nxt
        x = nxt
    return x


@program((np.array([1.0, -2.0, 0.5], F32), np.array(2.0, F32)), (np.array([0.0, 0.0, 3.0], F32), np.array(-1.5, F32)))
def horner_float32(coeffs, x):
    acc = F32(0)
    for c in coeffs:
        acc = acc * x + c
    return acc


@program((np.array(3, I64), np.array(13, I64)), (np.array(2, I64), np.array(0, I64)), (np.array(-2, I64), np.array(5, I64)))
def exponentiation_by_squaring(base, exp):
    result = np.int64(1)
    while exp > 0:
        if exp % 2 == 1:
            result = result * base
        base = base * base
        exp = exp // 2
    return result


@program((np.array([1, 3, 5, 7, 9, 11], I64), np.array(7)), (np.array([1, 3, 5, 7, 9, 11], I64), np.array(4)),
         (np.array([1, 3, 5, 7, 9, 11], I64), np.array(12)))
def binary_search(a, target):
    lo = 0
    hi = a.shape[0] - 1
    while lo <= hi:
        mid = (lo + hi) // 2
        if a[mid] == target:
            return mid
        elif a[mid] < target:
            lo = mid + 1
        else:
            hi = mid - 1
    return -1


@program((np.full(1000, 0.1, F32),), (np.linspace(0, 1, 1000, dtype=F32),))
def kahan_sum_float32(x):
    s = F32(0)
    c = F32(0)
    for v in x:
        y = v - c
        t = s + y
        c = (t - s) - y
        s = t
    return s


@program((np.arange(8.0), 3), (np.array([1.0, 0.0, 1.0, 0.0, 1.0, 0.0, 1.0, 0.0]), 3))
def moving_average(x, k):
    out = np.zeros(x.shape[0] - k + 1)
    window = x[:k].sum()
    out[0] = window / k
    for i in range(k, x.shape[0]):
        window = window + x[i] - x[i - k]
        out[i - k + 1] = window / k
    return out


@program((np.array([[1.0, 1.0], [1.0, 0.0]]), np.array(10)), (np.array([[0.5, 0.0], [0.0, 2.0]]), np.array(0)))
def matrix_power_staged(m, n):
    r = np.eye(2)
    for _ in range(n):
        r = r @ m
    return r


@program((np.array(0.2), np.array(3.7), np.array(50)), (np.array(0.5), np.array(2.0), np.array(10)))
def logistic_map(x, r, n):
    for _ in range(n):
        x = r * x * (1 - x)
    return x


@program((np.array(0.0), np.array(np.pi), np.array(100)), (np.array(0.0), np.array(1.0), np.array(1)))
def trapezoid_sin(a, b, n):
    h = (b - a) / n
    s = 0.5 * (np.sin(a) + np.sin(b))
    for i in range(1, n):
        s = s + np.sin(a + i * h)
    return s * h


@program((np.array([3, 6, 9, 12], I32), np.array(4, I32)), (np.array([3, 7, 9, 12], I32), np.array(3, I32)))
def count_divisible_int32(x, d):
    count = np.int32(0)
    for v in x:
        if v % d == 0:
            count = count + 1
    return count


@program((np.array(1e-3),), (np.array(0.5),))
def exp_series_until_small(x):
    term = np.float64(1.0)
    total = np.float64(1.0)
    k = 1
    while np.abs(term) > 1e-15:
        term = term * x / k
        total = total + term
        k += 1
    return total


@program((np.array(12, I64),), (np.array(13, I64),), (np.array(2, I64),))
def is_prime_trial_division(n):
    if n < 2:
        return False
    d = 2
    while d * d <= n:
        if n % d == 0:
            return False
        d += 1
    return True


@program((np.array(0.3),), (np.array(-0.8),))
def running_sum_python_float_init(x):
    s = 0.0
    for i in range(5):
        s = s + x ** i
    return s


@program((np.array([0.5, 1.5, 2.5]), np.array(3)), (np.array([0.5, 1.5, 2.5]), np.array(0)))
def accumulate_from_python_zero(x, n):
    total = 0.0
    for i in range(n):
        total += x[i]
    return total
