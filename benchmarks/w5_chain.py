"""W5: a 12-op elementwise chain on 2,000,000 float32 (the jit_compile=True fusion case)."""

import numpy as np

NAME = "W5 12-op elementwise chain, 2M float32"
TARGETS = {"jit": 1 / 1.5}
MEMORY_TARGET = 0.5  # jit peak memory / NumPy peak memory


def chain(x):
    return np.sin(x) * np.cos(x) + x * x - np.exp(-np.abs(x)) + np.sqrt(np.abs(x) + 1) * 0.5


function = chain


def make_args():
    return (np.random.default_rng(5).standard_normal(2_000_000).astype(np.float32),)


def jax_version(jax, jnp, lax):
    def chain(x):
        return jnp.sin(x) * jnp.cos(x) + x * x - jnp.exp(-jnp.abs(x)) + jnp.sqrt(jnp.abs(x) + 1) * 0.5

    return jax.jit(chain), (jnp.asarray(make_args()[0]),)


def tf_version(tf):
    @tf.function
    def chain(x):
        return tf.sin(x) * tf.cos(x) + x * x - tf.exp(-tf.abs(x)) + tf.sqrt(tf.abs(x) + 1) * 0.5

    return chain, (tf.constant(make_args()[0]),)
