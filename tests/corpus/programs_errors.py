"""Programs autoconv must reject with an ac.AutoConvError naming the variable or construct
and the line. Each offending line carries a `# ERR:<tag>` marker the tests look up."""

import numpy as np

import autoconv as ac


def undefined_after_branch(x):
    if x.sum() > 0:  # ERR:undef-branch
        y = x * 2
    return y  # ERR:undef-branch-use


def defined_in_loop_used_after(x, n):
    for i in range(n):  # ERR:undef-loop
        last = x[i]
    return last  # ERR:undef-loop-use


def dtype_changes_in_loop(x, n):
    acc = np.int32(0)
    for i in range(n):  # ERR:dtype-loop
        acc = acc + x[i]
    return acc


def branches_return_different_structures(x):
    if x.sum() > 0:  # ERR:structure
        r = (x, x)
    else:
        r = x
    return r


def generator_function(x):
    for i in range(3):
        yield x * i  # ERR:yield


def try_around_staged_if(x):
    try:
        if x.sum() > 0:  # ERR:try
            x = x + 1
    except ValueError:
        x = x - 1
    return x


def with_around_staged_loop(x, n):
    import contextlib

    with contextlib.suppress(KeyError):
        for _ in range(n):  # ERR:with
            x = x * 2
    return x


def del_carried_variable(x, n):
    t = x
    for _ in range(n):
        t = t + 1
        del t  # ERR:del
        t = x  # noqa: F841  (the del before it is the point)
    return x


@ac.do_not_convert
def python_only_count(v):
    return int(v)  # ERR:int


def int_of_traced_in_unconverted_helper(x):
    k = python_only_count(x.sum())
    return x * k


def bool_of_traced_in_unconverted_helper(x):
    return _unconverted_sign(x)


@ac.do_not_convert
def _unconverted_sign(x):
    if x.sum() > 0:  # ERR:bool
        return x
    return -x


def branch_dtype_mismatch(x):
    if x.sum() > 0:  # ERR:branch-dtype
        y = x.astype(np.float32)
    else:
        y = x.astype(np.int32)
    return y


def used_in_else_before_assignment(x):
    if x.sum() > 0:
        z = x
    else:
        z = z + 1  # ERR:use-before-def
    return z


def assert_positive(x):
    assert x.sum() > 0, "total must be positive"
    return x * 2
