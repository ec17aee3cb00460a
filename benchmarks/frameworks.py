"""Optional comparison columns: the workloads written for `jax.jit` and `tf.function`.

Each workload module may define `jax_version(jax, jnp, lax)` and `tf_version(tf)`, each
returning `(fn, args)`: the framework's compiled function and its arguments, already converted
to the framework's array type (the conversion is not part of a timed call). A module that needs
64-bit types in JAX sets `JAX_X64 = True`; JAX otherwise runs in its default 32-bit mode.
Neither framework is a dependency: `pip install .[compare]` installs both.
"""

from __future__ import annotations

import os
from typing import Any, Callable

import numpy as np

# relative tolerance, absolute tolerance per float kind; integer and bool results must be exact
TOLERANCE = {2: (1e-3, 1e-3), 4: (1e-4, 1e-5), 8: (1e-10, 1e-12)}


def load_jax() -> tuple[Any, Any, Any] | None:
    try:
        import jax
        import jax.numpy as jnp
        from jax import lax
    except ImportError:
        return None
    return jax, jnp, lax


def load_tf() -> Any | None:
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    try:
        import tensorflow as tf
    except ImportError:
        return None
    return tf


def close(expected: Any, got: Any) -> bool:
    """Same structure and dtypes as NumPy's result; floats within `TOLERANCE`, the rest exact."""
    if isinstance(expected, tuple):
        return (isinstance(got, (tuple, list)) and len(got) == len(expected)
                and all(close(e, g) for e, g in zip(expected, got)))
    a, b = np.asarray(expected), np.asarray(got)
    if a.dtype != b.dtype or a.shape != b.shape:
        return False
    if a.dtype.kind in "fc":
        rtol, atol = TOLERANCE[np.finfo(a.dtype).bits // 8]
        return bool(np.allclose(a, b, rtol=rtol, atol=atol, equal_nan=True))
    return bool(np.array_equal(a, b))


def jax_callable(mod: Any, jax_modules: tuple[Any, Any, Any]) -> tuple[Callable[..., Any], tuple]:
    """The module's `jax.jit` version, synced: each call waits for its result to be computed."""
    jax, jnp, lax = jax_modules
    jax.config.update("jax_enable_x64", bool(getattr(mod, "JAX_X64", False)))
    fn, args = mod.jax_version(jax, jnp, lax)

    def call(*a: Any) -> Any:
        return jax.block_until_ready(fn(*a))

    return call, args


def tf_callable(mod: Any, tf: Any) -> tuple[Callable[..., Any], tuple]:
    """The module's `tf.function` version (eager CPU results are computed when a call returns)."""
    return mod.tf_version(tf)
