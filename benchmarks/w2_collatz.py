"""W2: Collatz steps from 27: a `while` on a 0-d int64 with an `if` inside (both staged)."""

import numpy as np

NAME = "W2 collatz from 27, 0-d int64"
TARGETS = {"graph": 1.5}


def collatz(n):
    steps = np.zeros((), np.int64)
    while n != 1:
        if n % 2 == 0:
            n = n // 2
        else:
            n = 3 * n + 1
        steps += 1
    return steps


function = collatz


def make_args():
    return (np.array(27, np.int64),)


JAX_X64 = True  # n and the step count are int64, as in NumPy (JAX is 32-bit by default)


def jax_version(jax, jnp, lax):
    def collatz(n):
        def body(carry):
            n, steps = carry
            n = lax.cond(n % 2 == 0, lambda n: n // 2, lambda n: 3 * n + 1, n)
            return n, steps + 1

        return lax.while_loop(lambda carry: carry[0] != 1, body, (n, jnp.zeros((), jnp.int64)))[1]

    return jax.jit(collatz), (jnp.asarray(make_args()[0]),)


def tf_version(tf):
    @tf.function
    def collatz(n):
        steps = tf.zeros((), tf.int64)
        while n != 1:
            if n % 2 == 0:
                n = n // 2
            else:
                n = 3 * n + 1
            steps += 1
        return steps

    return collatz, (tf.constant(make_args()[0]),)
