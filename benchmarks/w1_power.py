"""W1: the guide's `power`, 100 matmuls of a 10x10 int32 matrix (a Python int bound: unrolled)."""

import numpy as np

NAME = "W1 power: 100 matmuls, 10x10 int32"
TARGETS = {"graph": 1.05}


def power(x, y):
    result = np.eye(10, dtype=np.int32)
    for _ in range(y):
        result = np.matmul(x, result)
    return result


function = power


def make_args():
    rng = np.random.default_rng(1)
    return (rng.integers(-2, 3, (10, 10)).astype(np.int32), 100)


def jax_version(jax, jnp, lax):
    """The Python loop unrolls while tracing: `y` is static (one compilation per value of y)."""

    def power(x, y):
        result = jnp.eye(10, dtype=jnp.int32)
        for _ in range(y):
            result = jnp.matmul(x, result)
        return result

    x, y = make_args()
    return jax.jit(power, static_argnums=1), (jnp.asarray(x), y)


def tf_version(tf):
    """A Python int bound: AutoGraph leaves `range(y)` a Python loop, unrolled in the graph."""

    @tf.function
    def power(x, y):
        result = tf.eye(10, dtype=tf.int32)
        for _ in range(y):
            result = tf.matmul(x, result)
        return result

    x, y = make_args()
    return power, (tf.constant(x), y)
