"""State and effects: ac.Variable updates and ac.print inside staged control flow. Each
program takes its variable as an argument so the plain and converted runs can be given
separate variables and compared."""

import numpy as np

import autoconv as ac


def count_positive_into_variable(v, x):
    for e in x:
        if e > 0:
            v.assign_add(np.int64(1))
    return v.read_value()


def accumulate_and_read_between(v, x):
    before = v.read_value()
    v.assign_add(x)
    middle = v.read_value()
    v.assign(v.read_value() * 2)
    return before, middle, v.read_value()


def assign_in_one_branch(v, x):
    if x.sum() > 0:
        v.assign(x)
    else:
        v.assign_sub(np.ones_like(x))
    return v.read_value() + 0


def variable_in_while_condition(v, step):
    n = np.int64(0)
    while v.read_value() < 10.0:
        v.assign_add(step)
        n += 1
    return n


def print_in_loop(x, n):
    for i in range(n):
        ac.print("step", i, x[i])
    ac.print("done")
    return x[0]


def print_in_branches(x):
    if x.sum() > 0:
        ac.print("positive", x.sum())
    else:
        ac.print("not positive")
    ac.print("after", x.max())
    return x


def print_and_variable_order(v, x):
    ac.print("before", v.read_value())
    v.assign_add(x)
    ac.print("after", v.read_value())
    return v.read_value()


def print_inside_early_exit(x):
    for i in range(x.shape[0]):
        if x[i] < 0:
            ac.print("negative at", i)
            break
        ac.print("ok", x[i])
    return x
