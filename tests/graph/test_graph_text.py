"""The text form of graphs: exact, deterministic, sub-graphs indented under their operation."""

from __future__ import annotations

import textwrap

import numpy as np

from autoconv.graph import Graph, cond, tracing, while_loop


def _graph(name: str, specs: list, fn) -> Graph:
    graph = Graph(name)
    inputs = [graph.add_input(dtype, shape) for dtype, shape in specs]
    with tracing(graph):
        out = fn(*inputs)
    return graph.freeze(out if isinstance(out, tuple) else (out,))


def expect(graph: Graph, text: str) -> None:
    assert str(graph) == textwrap.dedent(text).strip("\n")


def test_straight_line() -> None:
    g = _graph("f", [(np.float32, (3, None))], lambda x: np.sum(x * 0.5, axis=1))
    expect(g, """
        f(%0:float32[3,?]) {
          %1:float32[3,?] = multiply %0, 0.5
          %2:float32[3] = sum %1 axis=1
          return %2
        }
    """)


def test_matmul_chain_and_constants() -> None:
    def power(x):
        result = np.eye(10, dtype=np.int32)
        for _ in range(2):
            result = np.matmul(x, result)
        return result, np.int32(7) * x[0, :2]
    expect(_graph("power", [(np.int32, (10, 10))], power), """
        power(%0:int32[10,10]) {
          %1:int32[10,10] = const <int32[10,10]>
          %2:int32[10,10] = matmul %0, %1
          %3:int32[10,10] = matmul %0, %2
          %4:int32[2] = getitem %0 key=(0, :2)
          %5:int32[] = const int32(7)
          %6:int32[2] = multiply %5, %4
          return %3, %6
        }
    """)


def test_multiple_outputs_and_attributes() -> None:
    g = _graph("g", [(np.float64, (4,))], lambda x: np.divmod(x, 3) + (np.transpose(x[None], (1, 0)),))
    expect(g, """
        g(%0:float64[4]) {
          %1:float64[4], %2:float64[4] = divmod %0, 3
          %3:float64[1,4] = getitem %0 key=None
          %4:float64[4,1] = transpose %3 axes=(1, 0)
          return %1, %2, %4
        }
    """)


def test_nested_cond_inside_while() -> None:
    def f(x, n):
        y = cond(x[0] > 0, lambda: x * 2.0, lambda: -x)
        return while_loop(lambda i, s: i < n,
                          lambda i, s: (i + 1, cond(s[0] > 1, lambda: s * 0.5, lambda: s)),
                          (np.int64(0), y))[1]
    expect(_graph("f", [(np.float32, (None,)), (np.int64, ())], f), """
        f(%0:float32[?], %1:int64[]) {
          %2:float32[] = getitem %0 key=0
          %3:bool[] = greater %2, 0
          %4:float32[?] = cond %3, %0
            true(%5:float32[?]) {
              %6:float32[?] = multiply %5, 2.0
              return %6
            }
            false(%7:float32[?]) {
              %8:float32[?] = negative %7
              return %8
            }
          %9:int64[] = const int64(0)
          %10:int64[], %11:float32[?] = while %9, %4, %1
            cond(%12:int64[], %13:float32[?], %14:int64[]) {
              %15:bool[] = less %12, %14
              return %15
            }
            body(%16:int64[], %17:float32[?], %18:int64[]) {
              %19:int64[] = add %16, 1
              %20:float32[] = getitem %17 key=0
              %21:bool[] = greater %20, 1
              %22:float32[?] = cond %21, %17
                true(%23:float32[?]) {
                  %24:float32[?] = multiply %23, 0.5
                  return %24
                }
                false(%25:float32[?]) {
                  return %25
                }
              return %19, %22
            }
          return %11
        }
    """)


def test_text_is_deterministic_and_free_of_addresses() -> None:
    def f(x):
        return cond(x.sum() > 0, lambda: x + 1, lambda: x - 1)
    texts = {str(_graph("f", [(np.int16, (2, 2))], f)) for _ in range(3)}
    assert len(texts) == 1
    (text,) = texts
    assert "0x" not in text and " at " not in text


def test_operation_and_tensor_repr() -> None:
    g = _graph("f", [(np.uint8, (2,))], lambda x: x + 1)
    assert repr(g) == "<Graph f: 1 operations>"
    assert repr(g.operations[0]) == "%1:uint8[2] = add %0, 1"
    assert repr(g.outputs[0]) == "<Tensor uint8[2]>"
