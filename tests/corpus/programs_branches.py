"""Branches: `if`/`elif`/`else` on array conditions, variables changed in one branch,
nested ifs, and/or/not mixing Python and array values, ternaries, chained comparisons."""

import numpy as np

from ._registry import program

F32 = np.float32
I32 = np.int32
P = np.array([1.0, 2.0, 3.0], F32)
N = np.array([-1.0, -2.0, 0.5], F32)
Z = np.zeros(3, F32)


def _s(v, dtype=np.float64):
    return (np.array(v, dtype),)


@program(_s(2.5), _s(-0.5), _s(0.0))
def sign_if_elif_else(x):
    if x > 0:
        s = 1.0
    elif x < 0:
        s = -1.0
    else:
        s = 0.0
    return s


@program((P,), (N,), (Z,))
def scale_on_sum(x):
    y = x
    if x.sum() > 0:
        y = x * 2
    else:
        y = x - 1
    return y


@program((np.array([1, 7, 3]),), (np.array([1, 2, 3]),))
def clip_if_any_large(x):
    if np.any(x > 5):
        x = np.minimum(x, 5)
    return x


@program((P,), (N,))
def normalize_if_all_positive(x):
    if np.all(x > 0):
        x = x / x.sum()
    return x


@program((P, np.array(1.0, F32)), (N, np.array(1.0, F32)))
def modified_in_one_branch(x, bias):
    out = x
    if x.mean() < 0:
        out = x + bias
    return out


@program(_s(5.0), _s(0.5), _s(-0.5), _s(-5.0))
def nested_if(x):
    if x > 0:
        if x > 1:
            y = np.log(x)
        else:
            y = x - 1
    else:
        if x < -1:
            y = -np.log(-x)
        else:
            y = x + 1
    return y


@program((P, N), (N, P), (P, P))
def if_and_of_array_conds(a, b):
    if a.sum() > 0 and b.sum() > 0:
        r = a + b
    else:
        r = a - b
    return r


@program((P, True), (N, True), (N, False))
def python_flag_or_array_cond(x, force):
    if force or x.max() > 2:
        x = x * 10
    return x


@program((P,), (N,))
def not_array_cond(x):
    if not x.min() > 0:
        x = np.abs(x)
    return x


@program(_s(3.0, F32), _s(-3.0, F32))
def ternary_on_array(x):
    return x * 2 if x > 0 else x * 0.5


@program(_s(3, I32), _s(0, I32), _s(-3, I32))
def nested_ternary_int32(x):
    y = x + 1 if x > 0 else (x - 1 if x < 0 else x * 0)
    return y


@program(_s(0.5), _s(1.5), _s(-0.5), _s(1.0))
def chained_comparison_scalar(x):
    if 0 < x < 1:
        return x
    return np.zeros_like(x)


@program(_s(0.5), _s(1.5))
def chained_comparison_three(x):
    lo, hi = 0.0, 2.0
    inside = lo <= x <= hi and x != 1.0
    return inside


@program((P, "relu"), (N, "relu"), (P, "neg"), (N, "neg"))
def python_mode_outer_staged_inner(x, mode):
    if mode == "relu":
        if x.sum() > 0:
            x = np.maximum(x, 0)
        else:
            x = np.zeros_like(x)
    else:
        if x[0] > 0:
            x = -x
    return x


@program((P,), (N,))
def branch_returns_tuple(x):
    if x.sum() > 0:
        lo, hi = x.min(), x.max()
    else:
        lo, hi = x.max(), x.min()
    return lo, hi


@program((P,), (N,), (Z,))
def float32_weak_scalar_branches(x):
    if x.sum() >= 0:
        y = x * 2.0 + 1
    else:
        y = x / 3 - 0.5
    return y


@program((np.array([1, 2, 3], I32),), (np.array([-4, 2, 1], I32),))
def int32_weak_scalar_branches(x):
    if x[0] > 0:
        y = x * 3 + 7
    else:
        y = x // 2 - 1
    return y


@program((P, True), (N, True), (P, False))
def shapes_differ_between_branches(x, crop):
    if x.sum() > 0 and crop:
        y = x[:2]
    else:
        y = x
    return y.sum()


@program(_s(0, I32), _s(1, I32), _s(2, I32), _s(7, I32))
def elif_chain_on_code(code):
    if code == 0:
        r = np.float64(1.5)
    elif code == 1:
        r = np.float64(-2.0)
    elif code == 2:
        r = np.float64(3.0)
    else:
        r = np.float64(0.0)
    return r


@program((np.array(True),), (np.array(False),))
def if_on_bool_array(flag):
    if flag:
        v = 1
    else:
        v = 2
    return v


@program((np.array([0, 0, 1]),), (np.array([0, 0, 0]),))
def if_on_any_method(x):
    if x.any():
        return x.argmax()
    return -1


@program((P,), (N,), (np.array([1.0, 1.1, 1.2], F32),))
def default_threshold(x, thresh=0.5):
    spread = x.max() - x.min()
    if spread > thresh:
        x = (x - x.min()) / spread
    return x


@program((P, None), (P, P), (P, N))
def optional_argument_checks(x, bias):
    if bias is not None and bias.sum() > 0:
        x = x + bias
    return x


@program((P,), (N,))
def np_where_inside_cond(x):
    if x.sum() > 0:
        y = np.where(x > 1.5, x, 0.0)
    else:
        y = np.where(x < -1.5, -x, x)
    return y


@program(_s(-2.5, F32), _s(2.5, F32), _s(0.0, F32))
def abs_value_float32(x):
    if x < 0:
        x = -x
    return x


@program((P,), (N,))
def python_value_inside_staged_branch(x):
    factors = (1, 2, 3)
    if x.sum() > 0:
        for f in factors:
            x = x + f
    else:
        x = x * len(factors)
    return x


@program(_s(0.3), _s(0.7), _s(1.2))
def if_without_else_two_vars(p):
    lo = 0.0
    hi = 1.0
    if p < 0.5:
        hi = p
    elif p < 1.0:
        lo = p
    return lo, hi


@program((P, N), (N, P))
def compare_two_arrays_sum(a, b):
    bigger = a if a.sum() > b.sum() else b
    smaller = b if a.sum() > b.sum() else a
    return bigger - smaller


@program(_s(3.0), _s(-3.0))
def not_on_python_and_array(x):
    verbose = False
    if not verbose and not (x < 0):
        x = x + 1
    return x


@program(_s(2, np.int64), _s(5, np.int64), _s(-1, np.int64))
def membership_like_compare(k):
    if k == 2 or k == 3 or k == 5:
        prime = True
    else:
        prime = False
    return prime


@program((P,), (N,))
def if_on_item_comparison_of_array_elements(x):
    if x[0] < x[1] < x[2]:
        return np.float32(1)
    return np.float32(0)


@program((P,), (np.array([0.5, 0.5, 0.5], F32),))
def assert_array_condition(x):
    assert x.sum() > 0, "weights must have a positive sum"
    assert np.all(x >= 0)
    return x / x.sum()


@program(_s(0.5), _s(0.9))
def assert_in_loop_then_compute(p):
    for _ in range(3):
        assert 0 <= p <= 1
        p = p * p
    return p


@program((P, None), (N, None), (P, 2.0))
def python_or_default_then_array_branch(x, scale):
    scale = scale or 1.0
    if x.sum() * scale > 0:
        x = x * scale
    return x


@program((P,), (N,))
def and_or_mixing_python_and_array(x):
    debug = False
    enabled = True
    if (enabled and x[0] > 0) or (debug and x[1] > 0):
        y = x + 1
    else:
        y = x - 1
    if not enabled or x[2] < 0:
        y = y * 2
    return y


@program((P,), (N,))
def ternary_with_python_condition_inside_staged(x):
    mode = "double"
    if x.sum() > 0:
        y = x * 2 if mode == "double" else x
    else:
        y = x * 3 if mode == "triple" else -x
    return y


@program((np.array([1, 2, 3], np.int64),), (np.array([-1, -2, -3], np.int64),))
def int64_branch_with_true_division(x):
    if x.sum() > 0:
        y = x / 2
    else:
        y = x * 0.5
    return y


@program(_s(1.0, F32), _s(-1.0, F32))
def float32_preserved_through_nested_ifs(x):
    y = x
    if x > 0:
        y = y * 3
        if y > 2:
            y = y - np.float32(0.5)
    else:
        y = np.abs(y) + 1
    return y
