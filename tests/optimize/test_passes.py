"""Each pass on small graphs: the exact rewritten text, and unchanged results."""

from __future__ import annotations

import textwrap

import numpy as np
import pytest

import autoconv as ac
from autoconv.graph import ops
from autoconv.optimize import (eliminate_common_subexpressions, eliminate_dead_branches, fold_constants,
                               hoist_loop_invariants, prune, simplify_arithmetic)
from optimize_support import check_pass, trace

F32 = (np.float32, (3,))
I8 = (np.int8, (3,))
N = (np.int64, ())
SPECIAL = np.array([np.nan, -0.0, np.inf], np.float32)
X = np.array([1.5, -2.0, 0.25], np.float32)
I = np.array([-128, 0, 127], np.int8)


def expect(graph, text: str) -> None:
    assert str(graph) == textwrap.dedent(text).strip()


# ------------------------------------------------------------------------------------ prune

def test_prune_drops_unused_operations_in_graphs_and_sub_graphs():
    def f(x, n):
        def body(i, acc):
            np.exp(x)
            return i + 1, acc + x

        def then():
            np.cos(x)
            return x * 2
        np.tan(x)
        _, acc = ac.while_loop(lambda i, acc: i < n, body, (0, x))
        return ac.cond(n > 0, then, lambda: x), acc

    g = check_pass(prune, trace(f, F32, N), (X, np.int64(2)), (X, np.int64(0)))
    expect(g, """
        f(%0:float32[3], %1:int64[]) {
          %2:pyint = const 0
          %3:pyint, %4:float32[3] = while %2, %0, %1, %0
            cond(%5:pyint, %6:float32[3], %7:int64[], %8:float32[3]) {
              %9:bool[] = less %5, %7
              return %9
            }
            body(%10:pyint, %11:float32[3], %12:int64[], %13:float32[3]) {
              %14:pyint = pyop %10, 1 op='+'
              %15:float32[3] = add %11, %13
              return %14, %15
            }
          %16:bool[] = greater %1, 0
          %17:float32[3] = cond %16, %0
            true(%18:float32[3]) {
              %19:float32[3] = multiply %18, 2
              return %19
            }
            false(%20:float32[3]) {
              return %20
            }
          return %17, %4
        }""")


def test_prune_keeps_stateful_operations_and_what_they_read():
    def f(x):
        ac.print(np.sin(x))
        np.cos(x)
        return x

    expect(check_pass(prune, trace(f, F32)), """
        f(%0:float32[3]) {
          %1:float32[3] = sin %0
          print %1 sep=' ' end='\\n' file=None
          return %0
        }""")


def test_prune_stops_passing_captures_no_branch_reads():
    g = trace(lambda x, y, n: ac.cond(n > 0, lambda: (np.sin(y), x + 1)[1], lambda: x), F32, F32, N)
    assert "cond %3, %1, %0" in str(g)
    pruned = check_pass(prune, g, (X, X, np.int64(1)), (X, X, np.int64(0)))
    assert "cond %3, %0\n" in str(pruned) and "sin" not in str(pruned)


# ---------------------------------------------------------------------------- fold_constants

def test_fold_constants_evaluates_constant_expressions():
    def f(x):
        c = np.ones(3, np.float32)
        return x + (c * 2 + np.float32(1)).sum()

    expect(check_pass(fold_constants, trace(f, F32), (X,), (SPECIAL,)), """
        f(%0:float32[3]) {
          %1:float32[] = const float32(9.)
          %2:float32[3] = add %0, %1
          return %2
        }""")


def test_fold_constants_keeps_python_scalars_weak():
    def f(x):
        body = lambda i, acc: (i + 2 * 3, acc + x)  # noqa: E731
        return ac.while_loop(lambda i, acc: i < 10, body, (0, x))[1]

    g = check_pass(fold_constants, trace(f, F32), (X,))
    assert "%11:pyint = pyop %8, 6 op='+'" in str(g)


def test_fold_constants_leaves_failing_stateful_big_and_returned_values():
    v = ac.Variable(np.ones(3, np.int8))

    def f(x):
        zero = ops.const(np.zeros(3, np.int8))
        failing = ops.const(np.ones(3, np.int8)) // zero  # warns when it runs: not folded
        big = ops.const(np.zeros(200_000, np.float32)) + 1  # too big to keep as a constant
        state = v + ops.const(np.ones(3, np.int8))  # reads a variable
        returned = ops.const(np.ones(3, np.float32)) * 2  # returned arrays are made per call
        return failing.sum() + x, big.sum() + x, state, returned, ops.const(np.float32(2)) * 2 + x

    expect(check_pass(fold_constants, trace(f, F32), (X,)), """
        f(%0:float32[3]) {
          %1:int8[3] = const [0 0 0]
          %2:int8[3] = const [1 1 1]
          %3:int8[3] = floor_divide %2, %1
          %4:float32[200000] = const <float32[200000]>
          %5:float32[200000] = add %4, 1
          %6:int8[3] = const [1 1 1]
          %7:int8[3] = read_variable variable=<Variable int8[3]>
          %8:int8[3] = add %7, %6
          %9:float32[3] = const [1. 1. 1.]
          %10:float32[3] = multiply %9, 2
          %11:int64[] = sum %3
          %12:float64[3] = add %11, %0
          %13:float32[] = sum %5
          %14:float32[3] = add %13, %0
          %15:float32[] = const float32(2.)
          %16:float32[] = const float32(4.)
          %17:float32[3] = add %16, %0
          return %12, %14, %8, %10, %17
        }""")


# ------------------------------------------------------------ eliminate_common_subexpressions

def test_cse_merges_equal_pure_expressions_and_symmetric_operands():
    def f(x, y):
        a = np.sin(x) + y
        b = y + np.sin(x)
        return np.maximum(a, b) * (np.sin(x) * np.float32(2))

    expect(check_pass(eliminate_common_subexpressions, trace(f, F32, F32), (X, SPECIAL)), """
        f(%0:float32[3], %1:float32[3]) {
          %2:float32[3] = sin %0
          %3:float32[3] = add %2, %1
          %4:float32[3] = maximum %3, %3
          %5:float32[] = const float32(2.)
          %6:float32[3] = multiply %2, %5
          %7:float32[3] = multiply %4, %6
          return %7
        }""")


def test_cse_respects_attributes_literal_types_and_signed_zeros():
    def f(x):
        return (x.sum(axis=0) + x.sum(axis=1).sum(), x * 0.0 + x * -0.0 + x * 0 + np.maximum(x, 0.0)
                + np.maximum(0.0, x))

    g = check_pass(eliminate_common_subexpressions, trace(f, (np.float32, (2, 3))),
                   (np.array([[-0.0, 1, np.nan], [2, -3, 0.0]], np.float32),))
    text = str(g)
    assert text.count("= sum") == 3 and text.count("= multiply") == 3 and text.count("= maximum") == 2


def test_cse_never_merges_stateful_reads_or_two_returned_results():
    v = ac.Variable(np.zeros(3, np.float32))

    def f(x):
        return (v + x) * (v + x), x + 1, x + 1

    text = str(eliminate_common_subexpressions(trace(f, F32)))
    assert text.count("read_variable") == 2 and text.count("add %0, 1") == 2


def test_cse_works_inside_sub_graphs():
    def f(x, n):
        return ac.cond(n > 0, lambda: np.sin(x) * np.sin(x), lambda: x)

    g = check_pass(eliminate_common_subexpressions, trace(f, F32, N), (X, np.int64(1)))
    assert str(g).count("sin") == 1


# ----------------------------------------------------------------------- simplify_arithmetic

def test_simplify_arithmetic_applies_laws_that_hold():
    def f(x, i):
        return (x * 1 + 2) / 1, np.negative(np.negative(i + 0)) - 0, (x + 0) * 3, (i - i) + 5

    g = trace(f, F32, I8)
    expect(check_pass(simplify_arithmetic, g, (X, I), (SPECIAL, I)), """
        f(%0:float32[3], %1:int8[3]) {
          %2:float32[3] = add %0, 2
          %3:int8[3] = negative %1
          %4:int8[3] = subtract %1, 0
          %5:float32[3] = add %0, 0
          %6:float32[3] = multiply %5, 3
          %7:int8[3] = zeros_like %1
          %8:int8[3] = add %7, 5
          return %2, %4, %6, %8
        }""")


def test_simplify_arithmetic_keeps_rewrites_that_change_dtype_or_shape():
    def f(i):
        return (i * 1.0, i + 0, np.transpose(np.transpose(np.stack([i, i]))) + 1, i.astype(np.int8) * 2,
                i * np.ones((2, 3), np.int8) + 1)

    expect(check_pass(simplify_arithmetic, trace(f, I8), (I,)), """
        f(%0:int8[3]) {
          %1:float64[3] = multiply %0, 1.0
          %2:int8[3] = add %0, 0
          %3:int8[2,3] = stack %0, %0
          %4:int8[3,2] = transpose %3
          %5:int8[2,3] = add %3, 1
          %6:int8[3] = multiply %0, 2
          %7:int8[2,3] = const [[1 1 1] [1 1 1]]
          %8:int8[2,3] = multiply %0, %7
          %9:int8[2,3] = add %8, 1
          return %1, %2, %5, %6, %9
        }""")


@pytest.mark.parametrize("expr, simplified", [
    (lambda x: x * 1 + 1, True),         # floats: exact, NaN and -0.0 kept
    (lambda x: x + 0 + 1, False),        # floats: -0.0 + 0 is 0.0
    (lambda x: x + -0.0 + 1, True),      # floats: -0.0 is the identity
    (lambda x: x - 0.0 + 1, True),
    (lambda x: x - -0.0 + 1, False),
    (lambda x: (x - x) * 2, False),      # floats: inf - inf is NaN
    (lambda x: x ** 1 + 1, True),
    (lambda x: x / 1 + 1, True),
    (lambda x: x // 1 + 1, False),       # floats: floor
])
def test_float_laws(expr, simplified):
    g = trace(expr, F32)
    new = check_pass(simplify_arithmetic, g, (SPECIAL,), (X,))
    assert (str(new) != str(g)) == simplified, str(new)


def test_complex_times_one_is_not_simplified():
    g = trace(lambda z: z * 1 + 1, (np.complex64, (2,)))
    assert str(simplify_arithmetic(g)) == str(g)  # (inf+0j) * 1 is inf+nanj


def test_simplify_never_hands_an_input_back_as_a_result():
    g = trace(lambda x: (x * 1, np.transpose(np.transpose(x)), x.astype(np.float32)), F32)
    assert str(simplify_arithmetic(g)) == str(g)


def test_simplify_python_scalars():
    def f(x, n):
        return ac.while_loop(lambda i, a: i < n, lambda i, a: (-(-(i * 1 + 0)) + 1, a + x), (0, x))[1]

    g = check_pass(simplify_arithmetic, trace(f, F32, "pyint"), (X, 3))
    assert "pyop %10, 1 op='+'" in str(g) and "neg" not in str(g).split("op='+'")[-1]


# ------------------------------------------------------------------- eliminate_dead_branches

def test_dead_branch_with_constant_predicate_is_inlined():
    def f(x):
        return ac.cond(ops.const(True), lambda: np.sin(x), lambda: np.cos(x)) + 1

    new = check_pass(eliminate_dead_branches, trace(f, F32), (X,))
    expect(new, """
        f(%0:float32[3]) {
          %1:bool[] = const bool(True)
          %2:float32[3] = sin %0
          %3:float32[3] = add %2, 1
          return %3
        }""")


def test_dead_branch_keeps_effects_in_order():
    def f(x):
        ac.print(x)
        y = ac.cond(ops.const(False), lambda: x, lambda: (ac.print(x + 1), x + 2)[1])
        ac.print(y)
        return y

    g = trace(f, F32)
    new = check_pass(eliminate_dead_branches, g)
    prints = [op for op in new.operations if op.type == "print"]
    assert len(prints) == 3 and "cond" not in str(new)
    assert prints[1].control_inputs == (prints[0],) and prints[2].control_inputs == (prints[1],)


def test_while_with_false_condition_is_its_initial_values():
    def f(x):
        return ac.while_loop(lambda i, a: np.float32(1) < 0, lambda i, a: (i + 1, a * 2), (0, x))

    new = check_pass(eliminate_dead_branches, trace(f, F32), (X,))
    expect(new, """
        f(%0:float32[3]) {
          %1:pyint = const 0
          return %1, %0
        }""")


# --------------------------------------------------------------------- hoist_loop_invariants

def test_hoist_moves_invariant_float_arithmetic_before_the_loop():
    def f(x, w, n):
        body = lambda i, acc: (i + 1, acc * (np.exp(w) * 2) + x)  # noqa: E731
        return ac.while_loop(lambda i, acc: i < n, body, (0, x))[1]

    g = check_pass(hoist_loop_invariants, trace(f, F32, F32, N), (X, X, np.int64(3)), (X, SPECIAL, np.int64(0)))
    expect(g, """
        f(%0:float32[3], %1:float32[3], %2:int64[]) {
          %3:pyint = const 0
          %4:float32[3] = exp %1
          %5:float32[3] = multiply %4, 2
          %6:pyint, %7:float32[3] = while %3, %0, %2, %1, %0, %5
            cond(%8:pyint, %9:float32[3], %10:int64[], %11:float32[3], %12:float32[3], %13:float32[3]) {
              %14:bool[] = less %8, %10
              return %14
            }
            body(%15:pyint, %16:float32[3], %17:int64[], %18:float32[3], %19:float32[3], %20:float32[3]) {
              %21:pyint = pyop %15, 1 op='+'
              %22:float32[3] = multiply %16, %20
              %23:float32[3] = add %22, %19
              return %21, %23
            }
          return %7
        }""")


def test_hoist_leaves_operations_that_could_raise():
    def f(x, w, n):
        body = lambda i, acc: (i + 1, acc + np.floor_divide(w, x) + np.power(w, w) + w[1])  # noqa: E731
        return ac.while_loop(lambda i, acc: i < n, body, (0, x))[1]

    g = trace(f, I8, I8, N)
    assert str(hoist_loop_invariants(g)) == str(g)


def test_hoist_leaves_broadcasts_that_could_fail():
    def f(x, w, n):
        body = lambda i, acc: (i + 1, acc + (x + w).sum())  # noqa: E731
        return ac.while_loop(lambda i, acc: i < n, body, (0, np.float32(0)))[1]

    g = trace(f, (np.float32, (None,)), (np.float32, (None,)), N)
    assert str(hoist_loop_invariants(g)) == str(g)
    # a zero-trip loop must not raise where the original did not
    args = (np.ones(2, np.float32), np.ones(3, np.float32), np.int64(0))
    check_pass(hoist_loop_invariants, g, args)


def test_hoist_climbs_nested_loops():
    def f(x, n):
        def inner(acc):
            return ac.while_loop(lambda j, a: j < n, lambda j, a: (j + 1, a + np.sin(x)), (0, acc))[1]
        return ac.while_loop(lambda i, a: i < n, lambda i, a: (i + 1, inner(a)), (0, x))[1]

    g = check_pass(hoist_loop_invariants, trace(f, F32, N), (X, np.int64(2)), (X, np.int64(0)))
    top = [line for line in str(g).splitlines() if line.startswith("  %")]
    assert any("= sin %0" in line for line in top)
