"""Graph passes: small pure functions Graph -> Graph, and the optimizer that runs them.

    graph, report = optimize(graph)       # every pass on by default, in `PASSES` order
    print(report)                         # operation counts and changes, pass by pass
"""

from autoconv.optimize.arithmetic import simplify_arithmetic
from autoconv.optimize.common_subexpressions import eliminate_common_subexpressions
from autoconv.optimize.constant_folding import fold_constants
from autoconv.optimize.dead_branches import eliminate_dead_branches
from autoconv.optimize.loop_invariants import hoist_loop_invariants
from autoconv.optimize.optimizer import PASSES, optimize
from autoconv.optimize.pruning import prune
from autoconv.optimize.report import OptimizationReport

__all__ = ["PASSES", "OptimizationReport", "eliminate_common_subexpressions", "eliminate_dead_branches",
           "fold_constants", "hoist_loop_invariants", "optimize", "prune", "simplify_arithmetic"]
