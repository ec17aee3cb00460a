"""Calls into user code: helpers with their own control flow, closures, lambdas, methods,
call chains, functools.partial, default and keyword arguments, nested definitions."""

import functools

import numpy as np

from ._registry import program

F32 = np.float32
P = np.array([1.0, 2.0, 3.0], F32)
N = np.array([-1.0, -2.0, 0.5], F32)


def relu(x):
    if x.sum() > 0:
        return np.maximum(x, 0)
    return np.zeros_like(x)


def clip_norm(x, max_norm=1.0):
    norm = np.sqrt((x * x).sum())
    if norm > max_norm:
        x = x * (max_norm / norm)
    return x


def count_above(x, t):
    c = np.int64(0)
    for v in x:
        if v > t:
            c += 1
    return c


def first_negative(x):
    for i in range(x.shape[0]):
        if x[i] < 0:
            return x[i]
    return x[0] * 0


def layer(x, scale, shift=0.0):
    return np.tanh(x * scale + shift)


def two_layers(x):
    return layer(layer(x, 0.5), 2.0, shift=-1.0)


def apply_n(fn, x, n):
    for _ in range(n):
        x = fn(x)
    return x


class Scaler:
    def __init__(self, factor):
        self.factor = factor

    def apply(self, x):
        if x.mean() > 0:
            return x * self.factor
        return x / self.factor

    def __call__(self, x):
        return self.apply(x) + 1

    @staticmethod
    def halve(x):
        return x / 2


SCALER = Scaler(F32(3))


@program((P,), (N,))
def call_helper_with_branch(x):
    y = relu(x)
    return y + 1


@program((P,), (N,), (P * 0.1,))
def call_helper_default_arg(x):
    return clip_norm(x)


@program((P,), (N,))
def call_helper_keyword_arg(x):
    return clip_norm(x, max_norm=0.5)


@program((P, np.array(1.5, F32)), (N, np.array(-10.0, F32)))
def call_helper_with_loop(x, t):
    return count_above(x, t) * 2


@program((P,), (N,))
def call_helper_with_early_return(x):
    return first_negative(x)


@program((P,), (N,))
def call_chain_three_deep(x):
    return two_layers(x).sum()


@program((P,), (N,))
def closure_over_array(x):
    offset = x.mean()

    def center(v):
        if offset > 0:
            return v - offset
        return v + offset

    return center(x)


@program((P,), (N,))
def lambda_in_branch(x):
    sq = lambda v: v * v  # noqa: E731
    if x.sum() > 0:
        r = sq(x)
    else:
        r = -sq(x)
    return r


@program((P,), (N,))
def method_call(x):
    return SCALER.apply(x)


@program((P,), (N,))
def callable_object(x):
    return SCALER(x)


@program((P,), (N,))
def staticmethod_call(x):
    return Scaler.halve(x) if x[0] > 0 else x


@program((P,), (N,))
def functools_partial(x):
    shifted = functools.partial(layer, scale=1.0, shift=0.5)
    return shifted(x)


@program((P, np.array(3)), (N, np.array(0)))
def higher_order_apply_n(x, n):
    return apply_n(np.tanh, x, n)


@program((P,), (N,))
def nested_def_with_loop(x):
    def smooth(v, k):
        out = v
        for _ in range(k):
            out = (out + np.roll(out, 1)) / 2
        return out

    return smooth(x, 2) if x.sum() > 0 else smooth(x, 1)


@program((P,), (N,))
def map_over_python_list(x):
    fns = [np.sin, np.cos, lambda v: v * 2]
    total = np.zeros_like(x)
    for f in fns:
        total = total + f(x)
    return total


@program((P, N), (N, P))
def builtin_max_min_abs(a, b):
    hi = max(a.sum(), b.sum())
    lo = min(a.sum(), b.sum())
    return abs(hi - lo)


@program((P,), (N,))
def args_and_kwargs_forwarding(x):
    def wrapper(*args, **kwargs):
        return clip_norm(*args, **kwargs)

    return wrapper(x, max_norm=2.0)


@program((P,), (N,))
def helper_returns_tuple(x):
    def stats(v):
        if v.sum() > 0:
            return v.min(), v.max()
        return v.max(), v.min()

    a, b = stats(x)
    return b - a


@program((P, np.array(2)), (N, np.array(0)))
def helper_called_inside_staged_loop(x, n):
    for _ in range(n):
        x = relu(x) - 0.5
    return x


@program((P,), (N,))
def sum_builtin_over_generator(x):
    return sum(v * v for v in [x[0], x[1], x[2]])


@program((P,), (N,))
def python_bounded_mutual_helpers(x):
    def even_part(v, k):
        return odd_part(v * 0.5, k - 1) if k > 0 else v

    def odd_part(v, k):
        return even_part(v + 1.0, k - 1) if k > 0 else v

    return even_part(x, 3)
