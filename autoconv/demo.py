"""`make demo`: the guide's examples, converted and traced, with eager vs graph timings."""

from __future__ import annotations

import timeit

import numpy as np

import autoconv as ac
from autoconv import guide_examples as ex


def section(title: str) -> None:
    print(f"\n=== {title} " + "=" * max(0, 70 - len(title)))


def main() -> None:
    section("a regular function vs its graph")
    x1 = np.array([[1.0, 2.0]])
    y1 = np.array([[2.0], [3.0]])
    b1 = np.array(4.0)
    print("eager:", ex.a_regular_function(x1, y1, b1), " graph:", ex.a_function_that_uses_a_graph(x1, y1, b1))

    section("converted source of simple_relu (autoconv dump)")
    print(ac.to_code(ex.simple_relu))
    relu = ac.function(ex.simple_relu)
    print("simple_relu(1.0) =", relu(np.array(1.0)), " simple_relu(-1.0) =", relu(np.array(-1.0)))
    print("traces:", relu.experimental_get_tracing_count())

    section("collatz: a while loop on a 0-d array, staged (autoconv dump)")
    print(ac.to_code(ex.collatz))
    staged = ac.function(ex.collatz)
    cf = staged.get_concrete_function(np.array(27))
    print(cf.optimized_graph)
    print("collatz(27) =", staged(np.array(27)), " collatz(97) =", staged(np.array(97)),
          " traces:", staged.experimental_get_tracing_count())
    print("lowered to:\n" + cf.source)
    eager = min(timeit.repeat(lambda: ex.collatz(np.array(27)), number=200, repeat=3)) / 200
    graph = min(timeit.repeat(lambda: staged(np.array(27)), number=200, repeat=3)) / 200
    print(f"eager: {eager * 1e6:.0f} µs   graph: {graph * 1e6:.0f} µs   graph/eager: {graph / eager:.2f}")

    section("polymorphism: my_relu traced per input type")
    print(ex.my_relu(np.array(5.5)), ex.my_relu([1, -1]), ex.my_relu(np.array([3.0, -3.0])))
    print("traces:", ex.my_relu.experimental_get_tracing_count())
    for cf in ex.my_relu.concrete_functions:
        print(" ", cf.pretty_printed_signature())

    section("graph of power(x, 100), first lines")
    x = (np.arange(100, dtype=np.int32).reshape(10, 10) % 3) - 1
    cf = ex.power.get_concrete_function(x, 100)
    text = str(cf.graph).splitlines()
    print("\n".join(text[:6] + ["  ..."] + text[-3:]))
    print("operations:", len(cf.graph.operations), " lowered source lines:", len(cf.source.splitlines()))

    section("print vs ac.print")
    y_true = np.random.default_rng(0).integers(0, 10, 5).astype(np.float32)
    y_pred = np.random.default_rng(1).integers(0, 10, 5).astype(np.float32)
    for _ in range(3):
        ex.get_mse(y_true, y_pred)
    for _ in range(3):
        ex.get_mse_every_call(y_true, y_pred)

    section("non-strict execution")
    print("graph:", ex.unused_return_graph(np.array([0.0])))
    try:
        ex.unused_return(np.array([0.0]))
    except IndexError as exc:
        print("eager raised IndexError:", exc)

    section("eager vs graph: power(x, 100), 1000 calls")
    ex.power(x, 100)
    eager = min(timeit.repeat(lambda: ex.power_eager(x, 100), number=1000, repeat=3))
    graph = min(timeit.repeat(lambda: ex.power(x, 100), number=1000, repeat=3))
    print(f"eager: {eager * 1e3:.1f} ms   graph: {graph * 1e3:.1f} ms   graph/eager: {graph / eager:.2f}")


if __name__ == "__main__":
    main()
