"""Containers updated under staged control flow, and state that staged control flow does not carry."""

import numpy as np
import pytest

import autoconv as ac
from autoconv.errors import StagingError
from autoconv.testing import assert_converts


def dict_item_in_branch(x):
    d = {"a": x, "b": 1.0}
    if x.sum() > 0:
        d["a"] = x * 2
    else:
        d["b"] = 2.0
    return d["a"] + d["b"]


def list_item_in_loop(x, n):
    acc = [x, x]
    for i in range(n):
        acc[0] = acc[0] + i
    return acc[0] - acc[1]


def test_dict_item_assigned_in_one_branch():
    assert_converts(dict_item_in_branch, (np.ones(2),), (-np.ones(2),))


def test_list_item_assigned_in_a_staged_loop():
    assert_converts(list_item_in_loop, (np.ones(2), np.array(3)), (np.ones(2), np.array(0)))


def nonlocal_in_helper(x):
    total = 0.0

    def add(v):
        nonlocal total
        total = total + v

    if x > 0:
        add(x)
    return total


def test_state_changed_by_a_nested_function_is_an_error_not_a_wrong_answer():
    with pytest.raises(ac.AutoConvError, match="nested function \\(nonlocal\\)"):
        ac.function(nonlocal_in_helper)(np.array(1.0))


def test_an_array_inside_a_dict_updated_in_one_branch_only():
    from autoconv.testing import assert_converts

    def f(x):
        state = {"buf": np.zeros(2)}
        if x > 0:
            state["buf"][0] = 5.0
        return state["buf"]

    assert_converts(f, (np.array(-1.0),), (np.array(1.0),))


def test_changing_a_container_inside_staged_control_flow_is_an_error():
    def nested_append(x):
        buckets = [[], []]
        for v in x:
            buckets[0].append(v)  # not a local list variable: would run once, while tracing
        return len(buckets[0])

    def pop_in_branch(x):
        lst = [1, 2, 3]
        if x > 0:
            lst.pop()
        return len(lst)

    for fn, arg in [(nested_append, np.ones(3)), (pop_in_branch, np.array(-1.0))]:
        with pytest.raises(StagingError, match=r"inside staged control flow at .*:\d+"):
            ac.function(fn)(arg)

    def outside(x):
        lst = [1, 2, 3]
        lst.pop()  # not under staged control flow: runs once, as in Python
        return x + len(lst)

    assert_converts(outside, (np.array(1.0),))


def _pair_difference(a, b):
    out = []
    out.extend([a, b])  # a list of the helper's own
    return out[0] - out[1]


def test_containers_made_inside_a_staged_body_may_change():
    def f(x, n):
        s = 0.0
        for i in range(n):
            parts = {"a": x[0, i]}
            parts.update(b=x[1, i])
            seen = set()
            seen.add(1)
            s += _pair_difference(parts["a"], parts["b"]) + len(seen)
        return s

    assert_converts(f, (np.arange(6.0).reshape(2, 3), np.array(3)), (np.ones((2, 3)), np.array(0)))
