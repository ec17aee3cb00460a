"""Graph -> Python source calling NumPy kernels, compiled once."""

from autoconv.runtime.interpreter import evaluate
from autoconv.runtime.lower import Lowered, live_operations, lower

__all__ = ["Lowered", "evaluate", "live_operations", "lower"]
