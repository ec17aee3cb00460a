"""W6: a 30-line function with nested control flow; its first call (convert, trace, optimize,
lower, run) is timed in a fresh process each time (`python -m benchmarks.w6_nested MODE`).

MODE is numpy, graph, jit, or (with the `compare` extra) jax or tf: the same function written
with `lax` control flow under `jax.jit`, or with AutoGraph under `tf.function`. For those the
framework is imported and initialized before the clock starts; the timed first call traces,
compiles and runs. Its result is then checked against NumPy's (exit status 1 if it differs)."""

import sys
import time

import numpy as np

NAME = "W6 first call, 30-line nested control flow"
TARGETS = {"graph": 5e-3, "jit": 5e-3}  # seconds, absolute
FIRST_CALL = True
ABSOLUTE = True


def nested(x, n):
    total = np.zeros((), x.dtype)
    i = np.zeros((), np.int64)
    while i < n:
        s = x.sum()
        if s > 0:
            if x.max() > 2:
                x = x * 0.5
            else:
                x = x + 1
        else:
            j = np.zeros((), np.int64)
            while j < 3:
                x = x - s * 0.1
                j += 1
        m = x.mean()
        if m > 1:
            total = total + m
        elif m < -1:
            total = total - m
        else:
            total = total * 0.5
        for k in range(3):
            total = total + x[k]
        if total > 100:
            total = total - 100
        i += 1
    return x, total


function = nested


def make_args():
    return (np.linspace(-2, 3, 64), np.array(20))


JAX_X64 = True  # x is float64 and the counters int64, as in NumPy (JAX is 32-bit by default)


def jax_version(jax, jnp, lax):
    def nested(x, n):
        def inner(x, s):
            return lax.fori_loop(0, 3, lambda j, x: x - s * 0.1, x)

        def body(carry):
            i, x, total = carry
            s = x.sum()
            x = lax.cond(s > 0,
                         lambda x: lax.cond(x.max() > 2, lambda x: x * 0.5, lambda x: x + 1, x),
                         lambda x: inner(x, s), x)
            m = x.mean()
            total = jnp.where(m > 1, total + m, jnp.where(m < -1, total - m, total * 0.5))
            for k in range(3):
                total = total + x[k]
            total = jnp.where(total > 100, total - 100, total)
            return i + 1, x, total

        init = (jnp.zeros((), jnp.int64), x, jnp.zeros((), x.dtype))
        _, x, total = lax.while_loop(lambda carry: carry[0] < n, body, init)
        return x, total

    return jax.jit(nested), tuple(jnp.asarray(a) for a in make_args())


def tf_version(tf):
    @tf.function
    def nested(x, n):
        total = tf.zeros((), x.dtype)
        i = tf.zeros((), tf.int64)
        while i < n:
            s = tf.reduce_sum(x)
            if s > 0:
                if tf.reduce_max(x) > 2:
                    x = x * 0.5
                else:
                    x = x + 1
            else:
                j = tf.zeros((), tf.int64)
                while j < 3:
                    x = x - s * 0.1
                    j += 1
            m = tf.reduce_mean(x)
            if m > 1:
                total = total + m
            elif m < -1:
                total = total - m
            else:
                total = total * 0.5
            for k in range(3):
                total = total + x[k]
            if total > 100:
                total = total - 100
            i += 1
        return x, total

    return nested, tuple(tf.constant(a) for a in make_args())


def framework_first_call(mode):
    """Seconds taken by the first call of the jax.jit or tf.function version; checks its result."""
    from benchmarks import frameworks

    if mode == "jax":
        jax_modules = frameworks.load_jax()
        if jax_modules is None:
            raise SystemExit("jax not installed")
        jax_modules[0].devices()  # backend initialized before the clock starts
        fn, args = frameworks.jax_callable(sys.modules[__name__], jax_modules)
    else:
        tf = frameworks.load_tf()
        if tf is None:
            raise SystemExit("tensorflow not installed")
        fn, args = frameworks.tf_callable(sys.modules[__name__], tf)
    start = time.perf_counter()
    result = fn(*args)
    elapsed = time.perf_counter() - start
    if not frameworks.close(nested(*make_args()), result):
        raise SystemExit("wrong result")
    return elapsed


def first_call(mode):
    """Seconds taken by the first call in this process: 'numpy', 'graph', 'jit', 'jax' or 'tf'."""
    args = make_args()
    if mode in ("jax", "tf"):
        return framework_first_call(mode)
    if mode == "numpy":
        start = time.perf_counter()
        nested(*args)
        return time.perf_counter() - start
    import autoconv as ac
    import autoconv.autograph.api  # noqa: F401  (stages imported on first use: not part of a call)
    import autoconv.operators  # noqa: F401
    import autoconv.optimize  # noqa: F401
    import autoconv.runtime.fused  # noqa: F401

    fn = ac.function(nested, jit_compile=(mode == "jit"))
    start = time.perf_counter()
    fn(*args)
    return time.perf_counter() - start


if __name__ == "__main__":
    print(repr(first_call(sys.argv[1])))
