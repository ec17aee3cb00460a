"""np.random in converted code draws when the graph runs, in program order, like plain Python."""

import numpy as np

import autoconv as ac


def noisy(x, rng):
    a = rng.normal(size=x.shape)
    b = rng.integers(0, 10, size=2)
    return x + a, b


def legacy(x):
    return x + np.random.rand(*x.shape), np.random.randint(0, 5)


def test_generator_methods_draw_at_every_call_in_order():
    f = ac.function(noisy)
    rng, reference = np.random.default_rng(7), np.random.default_rng(7)
    for _ in range(3):
        got = f(np.zeros(3), rng)
        want = noisy(np.zeros(3), reference)
        for g, w in zip(got, want):
            np.testing.assert_array_equal(g, w)
            assert g.dtype == np.asarray(w).dtype
    assert f.experimental_get_tracing_count() == 1
    graph = str(f.get_concrete_function(np.zeros(3), rng).graph)
    assert "random fn=Generator.normal" in graph and "const" not in graph


def test_legacy_functions_draw_from_the_global_state():
    f = ac.function(legacy)
    np.random.seed(3)
    got = [f(np.zeros(2)) for _ in range(3)]
    np.random.seed(3)
    want = [legacy(np.zeros(2)) for _ in range(3)]
    for g, w in zip(got, want):
        np.testing.assert_array_equal(g[0], w[0])
        assert int(g[1]) == w[1]


def draws_in_loop_test(n, rng):
    i = np.zeros((), np.int64)
    total = np.zeros(())
    while rng.random() < 0.9 and i < n:
        total = total + rng.random()
        i += 1
    return i, total, rng.random()


def test_a_staged_while_evaluates_its_test_once_per_iteration():
    # Python evaluates the test n+1 times: the staged loop must draw exactly as often.
    f = ac.function(draws_in_loop_test)
    rng, reference = np.random.default_rng(5), np.random.default_rng(5)
    for n in [0, 3, 6, 2]:
        got = f(np.array(n), rng)
        want = draws_in_loop_test(np.array(n), reference)
        for g, w in zip(got, want):
            np.testing.assert_array_equal(g, w)
    assert f.experimental_get_tracing_count() == 1


def scalar_draws(x, n, rng):
    s = np.float32(0)
    for _ in range(n):
        s = s + rng.normal()  # a Python float: weak, so s stays float32
    return x * rng.random(), s, rng.integers(0, n), rng.integers(1, n + 1)


def test_python_scalar_draws_are_weak_and_bounds_may_be_traced():
    f = ac.function(scalar_draws)
    rng, reference = np.random.default_rng(11), np.random.default_rng(11)
    x = np.ones(2, np.float32)
    for n in [3, 1, 4]:
        got = f(x, np.array(n), rng)
        want = scalar_draws(x, np.array(n), reference)
        for g, w in zip(got, want):
            np.testing.assert_array_equal(g, w)
            assert g.dtype == np.asarray(w).dtype
    assert f.experimental_get_tracing_count() == 1


def seeded_inside(x):
    rng = np.random.default_rng(3)
    np.random.seed(5)
    legacy = np.random.RandomState(7)
    made = np.random.Generator(np.random.PCG64(9))
    return x + rng.random(), np.random.rand(), legacy.normal(size=2), made.integers(0, 100, size=3)


def test_a_generator_made_or_seeded_inside_starts_afresh_at_every_call():
    f = ac.function(seeded_inside)
    want = seeded_inside(np.zeros(()))
    for _ in range(3):
        got = f(np.zeros(()))
        for g, w in zip(got, want):
            np.testing.assert_array_equal(g, w)
    assert f.experimental_get_tracing_count() == 1


def test_an_unseeded_generator_made_inside_draws_new_values_at_every_call():
    f = ac.function(lambda x: x + np.random.default_rng().random(4))
    assert not np.array_equal(f(np.zeros(4)), f(np.zeros(4)))
