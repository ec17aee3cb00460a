"""Attributes assigned under staged control flow (`self.count = ...`) are carried like
variables."""

import numpy as np

from autoconv.autograph import to_code
from autoconv.testing import assert_converts


class Counter:
    def __init__(self):
        self.count = np.float64(0)
        self.n = 0

    def step(self, x):
        if x > 0:
            self.count = self.count + x
        for v in x * np.arange(3.0):
            self.count = self.count * 2 + v
            self.n += 1
        return self.count, self.n


def test_attribute_written_in_staged_if_and_loop():
    def f(x):
        counter = Counter()
        return counter.step(x)

    assert_converts(f, (np.float64(2.0),), (np.float64(-1.0),))


def test_attribute_of_an_argument_object():
    class Box:
        pass

    def f(box, x):
        while x > 0:
            box.total = box.total + x
            x = x - 1
        return box.total

    def run(x):
        box = Box()
        box.total = 0 * x
        return f(box, x)

    assert_converts(run, (np.int64(4),), (np.int64(0),))


def test_attributes_are_in_the_carried_state():
    source = to_code(Counter.step)
    assert "return (self.count, self.n)" in source
    assert "('self.count', 'self.n')" in source


def test_item_assignment_into_an_attribute_under_staged_control_flow():
    from autoconv.testing import assert_converts

    class Buffer:
        def __init__(self, n):
            self.data = np.zeros(n)

    def fill(x, n):
        b = Buffer(3)
        i = np.zeros((), np.int64)
        while i < n:
            b.data[i % 3] += x[i]
            i += 1
        if x.sum() > 2:
            b.data[0] = -1.0
        return b.data

    assert_converts(fill, (np.arange(5.0), np.array(5)), (np.arange(5.0), np.array(1)))
