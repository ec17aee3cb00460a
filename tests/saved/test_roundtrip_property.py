"""Property: random traced functions (cond, while_loop, variables, indexing included), saved
and loaded, print the same graph and return identical outputs, call after call."""

import numpy as np
from hypothesis import HealthCheck, given, settings, strategies as st

import autoconv as ac

UNARY = [np.tanh, np.abs, np.negative, np.sin, lambda a: a[::-1], lambda a: a[:, ::-1], lambda a: a * 0.5]
BINARY = [np.add, np.subtract, np.maximum, np.multiply]
KEYS = [np.s_[0], np.s_[:, 0], np.s_[1:], np.s_[..., -1], np.s_[::2, 1:]]

step = st.one_of(
    st.tuples(st.just("unary"), st.integers(0, len(UNARY) - 1), st.integers(0, 9)),
    st.tuples(st.just("binary"), st.integers(0, len(BINARY) - 1), st.integers(0, 9), st.integers(0, 9)),
    st.tuples(st.just("scalar"), st.integers(0, len(BINARY) - 1), st.integers(0, 9),
              st.sampled_from([2, -1.5, 0.25, True])),
    st.tuples(st.just("cond"), st.integers(0, 9), st.integers(0, 9), st.floats(-2, 2)),
    st.tuples(st.just("while"), st.integers(0, 9), st.integers(0, 4)),
    st.tuples(st.just("variable"), st.integers(0, 9)),
    st.tuples(st.just("getitem"), st.integers(0, 9), st.integers(0, len(KEYS) - 1)),
)
programs = st.tuples(st.lists(step, min_size=1, max_size=8), st.sampled_from([np.float32, np.float64]),
                     st.sampled_from([(4, 3), (None, 3)]), st.lists(st.integers(0, 9), min_size=1, max_size=3))


def build(program):
    """A Python function for `program`, and the variable it updates."""
    steps, dtype, _, returned = program
    state = ac.Variable(np.ones(3, dtype), name="state")

    def fn(x):
        pool, extras = [x], []

        def pick(i):
            return pool[i % len(pool)]

        for s in steps:
            kind = s[0]
            if kind == "unary":
                pool.append(UNARY[s[1]](pick(s[2])))
            elif kind == "binary":
                pool.append(BINARY[s[1]](pick(s[2]), pick(s[3])))
            elif kind == "scalar":
                pool.append(BINARY[s[1]](pick(s[2]), s[3]))
            elif kind == "cond":
                a, b = pick(s[1]), pick(s[2])
                pool.append(ac.cond(a.sum() > s[3], lambda: a * 2 - b, lambda: np.maximum(a, b)))
            elif kind == "while":
                a = pick(s[1])
                _, out = ac.while_loop(lambda i, v: i < s[2], lambda i, v: (i + 1, v * 0.5 + a), (0, a))
                pool.append(out)
            elif kind == "variable":
                state.assign_add(pick(s[1]).sum(axis=0))
                pool.append(pick(s[1]) + state.read_value())
            else:
                extras.append(pick(s[1])[KEYS[s[2]]])
        return {"pool": tuple(pick(i) for i in returned), "extras": extras}

    return ac.function(fn, autograph=False), state


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(program=programs, seed=st.integers(0, 2**16))
def test_saved_and_loaded_functions_agree(program, seed, tmp_path_factory):
    fn, _ = build(program)
    dtype, shape = program[1], program[2]
    cf = fn.get_concrete_function(ac.TensorSpec(shape, dtype))
    path = tmp_path_factory.mktemp("roundtrip") / "f"
    ac.save(cf, path)
    loaded = ac.load(path)
    assert str(loaded.graph) == str(cf.graph)
    assert str(loaded.optimized_graph) == str(cf.optimized_graph)
    rng = np.random.default_rng(seed)
    for rows in (4, 4, 6) if shape[0] is None else (4, 4):
        x = rng.normal(size=(rows, 3)).astype(dtype)
        want, got = cf(x), loaded(x)
        assert_identical(got, want)


def assert_identical(got, want):
    assert type(got) is type(want)
    if isinstance(want, dict):
        assert list(got) == list(want)
        for k in want:
            assert_identical(got[k], want[k])
    elif isinstance(want, (tuple, list)):
        assert len(got) == len(want)
        for g, w in zip(got, want):
            assert_identical(g, w)
    else:
        assert got.dtype == want.dtype and got.shape == want.shape
        np.testing.assert_array_equal(got, want)
