"""`ac.function`: Python functions traced into graphs, one per input signature.

`autoconv.function` is both this subpackage and the decorator (`ac.function(fn)`): the
module is callable, so `import autoconv.function.polymorphic` and `@ac.function` both work.
"""

import sys
import types
from typing import Any

from autoconv.function.concrete import ConcreteFunction
from autoconv.function.polymorphic import PolymorphicFunction, function
from autoconv.function.spec import TensorSpec

__all__ = ["ConcreteFunction", "PolymorphicFunction", "TensorSpec", "function"]


class _CallableModule(types.ModuleType):
    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return function(*args, **kwargs)


sys.modules[__name__].__class__ = _CallableModule
