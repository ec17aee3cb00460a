"""`ac.function`: Python functions traced into graphs, one per input signature."""

from autoconv.function.concrete import ConcreteFunction
from autoconv.function.polymorphic import PolymorphicFunction, function
from autoconv.function.spec import TensorSpec

__all__ = ["ConcreteFunction", "PolymorphicFunction", "TensorSpec", "function"]
