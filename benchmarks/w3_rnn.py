"""W3: an RNN cell over T=50 steps, batch 32, hidden 64, float32."""

import numpy as np

NAME = "W3 RNN T=50 B=32 H=64 float32"
TARGETS = {"graph": 1.05}


def rnn(x, h, W, U, b):
    for t in range(x.shape[0]):
        h = np.tanh(x[t] @ W + h @ U + b)
    return h


function = rnn


def make_args():
    rng = np.random.default_rng(3)
    f32 = np.float32
    return (rng.standard_normal((50, 32, 64)).astype(f32), np.zeros((32, 64), f32),
            (rng.standard_normal((64, 64)) * 0.1).astype(f32), (rng.standard_normal((64, 64)) * 0.1).astype(f32),
            np.zeros(64, f32))


def jax_version(jax, jnp, lax):
    def rnn(x, h, W, U, b):
        def step(h, xt):
            return jnp.tanh(xt @ W + h @ U + b), None

        return lax.scan(step, h, x)[0]

    return jax.jit(rnn), tuple(jnp.asarray(a) for a in make_args())


def tf_version(tf):
    @tf.function
    def rnn(x, h, W, U, b):
        for t in tf.range(tf.shape(x)[0]):
            h = tf.tanh(x[t] @ W + h @ U + b)
        return h

    return rnn, tuple(tf.constant(a) for a in make_args())
