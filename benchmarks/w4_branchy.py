"""W4: 100 iterations (the bound a 0-d array: a staged loop) of an `if` on `x.sum()`."""

import numpy as np

NAME = "W4 branchy: 100 x if x.sum()>0, 256 float32"
TARGETS = {"graph": 1.5}


def branchy(x, n):
    for _ in range(n):
        if x.sum() > 0:
            x = x * 0.5 - 1
        else:
            x = x * -1.5 + 0.25
    return x


function = branchy


def make_args():
    # shifted off the symmetric linspace, whose sum is exactly 0 in NumPy's summation order but
    # not in others (XLA's gives 7.6e-6): the first branch would then depend on rounding. The
    # shift keeps the same 100 branches (50 each way); |x.sum()| stays >= 0.25 throughout.
    return (np.linspace(-1, 1, 256, dtype=np.float32) - np.float32(2**-10), np.array(100))


def jax_version(jax, jnp, lax):
    """n stays a traced value (JAX's default 32-bit mode makes it int32; x is float32 anyway)."""

    def branchy(x, n):
        def body(_, x):
            return lax.cond(x.sum() > 0, lambda x: x * 0.5 - 1, lambda x: x * -1.5 + 0.25, x)

        return lax.fori_loop(0, n, body, x)

    return jax.jit(branchy), tuple(jnp.asarray(a) for a in make_args())


def tf_version(tf):
    @tf.function
    def branchy(x, n):
        for _ in tf.range(n):
            if tf.reduce_sum(x) > 0:
                x = x * 0.5 - 1
            else:
                x = x * -1.5 + 0.25
        return x

    return branchy, tuple(tf.constant(a) for a in make_args())
