"""W7: per-call overhead, adding two 0-d float32 arrays."""

import numpy as np

NAME = "W7 per-call overhead: 0-d float32 add"
TARGETS = {"graph": 5e-6}  # seconds, absolute
ABSOLUTE = True


def add(a, b):
    return a + b


function = add


def make_args():
    return (np.array(1.5, np.float32), np.array(2.25, np.float32))


def jax_version(jax, jnp, lax):
    return jax.jit(lambda a, b: a + b), tuple(jnp.asarray(a) for a in make_args())


def tf_version(tf):
    return tf.function(lambda a, b: a + b), tuple(tf.constant(a) for a in make_args())
