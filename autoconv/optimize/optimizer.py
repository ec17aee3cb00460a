"""The optimizer: a tuple of passes run in order, repeated until every pass has seen the
graph as it is without changing it (at most `MAX_ROUNDS` rounds). Each pass can be switched off by name:

    ac.config.optimizer["fold_constants"] = False

With `jit_compile=True` the passes of `autoconv.optimize.fusion` (its `PASSES` tuple) run
after these.
"""

from __future__ import annotations

from collections import Counter
from typing import Callable

from autoconv import config
from autoconv.graph.ir import Graph
from autoconv.graph.verify import verify as verify_graph
from autoconv.optimize.arithmetic import simplify_arithmetic
from autoconv.optimize.common_subexpressions import eliminate_common_subexpressions
from autoconv.optimize.constant_folding import fold_constants
from autoconv.optimize.dead_branches import eliminate_dead_branches
from autoconv.optimize.fusion import PASSES as JIT_PASSES
from autoconv.optimize.loop_invariants import hoist_loop_invariants
from autoconv.optimize.pruning import prune
from autoconv.optimize.rebuild import count_operations, recording
from autoconv.optimize.report import OptimizationReport, PassResult

Pass = Callable[[Graph], Graph]

# Order matters only for speed (the pipeline repeats until nothing changes): pruning first
# makes every later pass see less; folding before CSE and simplification lets them match
# constants; dead branches are found once their predicates are folded; hoisting last moves
# what is left invariant.
PASSES: tuple[Pass, ...] = (
    prune,
    fold_constants,
    eliminate_common_subexpressions,
    simplify_arithmetic,
    eliminate_dead_branches,
    hoist_loop_invariants,
)
MAX_ROUNDS = 4
# Passes whose result holds nothing more for themselves: CSE merges in one forward sweep,
# so the expressions of its result are all distinct already.
IDEMPOTENT: frozenset[Pass] = frozenset({eliminate_common_subexpressions})


def enabled_passes(jit_compile: bool = False) -> tuple[Pass, ...]:
    """The passes `config.optimizer` leaves on (a pass it does not name is on)."""
    passes = PASSES + (JIT_PASSES if jit_compile else ())
    known = {p.__name__ for p in PASSES + JIT_PASSES}
    unknown = sorted(set(config.optimizer) - known)
    if unknown:
        raise ValueError(f"autoconv.config.optimizer names unknown passes {unknown}; "
                         f"the passes are {sorted(known)}")
    return tuple(p for p in passes if config.optimizer.get(p.__name__, True))


def optimize(graph: Graph, jit_compile: bool = False, *, verify: bool = False) -> tuple[Graph, OptimizationReport]:
    """The optimized graph (`graph` itself if no pass changes it; `graph` is never changed) and
    what each pass did.

    With `verify=True` the IR type check runs after every pass (the tests do this).
    """
    passes = enabled_passes(jit_compile)
    count = count_operations(graph)
    report = OptimizationReport(graph.name, count, count)
    # Passes (by position) known to have nothing to do on the current graph: those that saw
    # it and left it as it was, and an idempotent pass on its own result. Passes are pure
    # functions of the graph, so those need not run again.
    done: set[int] = set()
    for round_ in range(1, MAX_ROUNDS + 1):
        report.rounds = round_
        for i, p in enumerate(passes):
            if i in done:
                continue
            new, changes = run_pass(p, graph)
            if verify:
                verify_graph(new)
            after = count if new is graph else count_operations(new)  # a pass with nothing to do returns its input
            report.passes.append(PassResult(p.__name__, round_, count, after, changes))
            if changes:  # every pass notes what it rewrites
                done = {i} if p in IDEMPOTENT else set()
            else:
                done.add(i)
            graph, count = new, after
        if len(done) == len(passes):
            break
    report.after = count
    return graph, report


def run_pass(p: Pass, graph: Graph) -> tuple[Graph, Counter]:
    """Run one pass, with what it noted (passes that build through `rebuild` note changes)."""
    with recording() as changes:
        new = p(graph)
    return new, changes
