"""autoconv: Python + NumPy functions converted into optimized dataflow graphs.

    @ac.function
    def f(x):
        ...
"""

from __future__ import annotations

import sys
from typing import Any, Callable

from autoconv import config
from autoconv import numpy as numpy
from autoconv.errors import AutoConvError
from autoconv import function
from autoconv.function import ConcreteFunction, PolymorphicFunction, TensorSpec
from autoconv.graph import Variable, cond, ops as _ops, while_loop
from autoconv.graph.tracing import current_graph
from autoconv.saved import load, save

__version__ = "0.1.0"


def print(*values: Any, sep: str = " ", end: str = "\n", file: Any = None) -> None:
    """Print at every execution of the graph (plain `print` runs only while tracing)."""
    if current_graph() is None:
        import builtins
        import numpy as np

        builtins.print(*[v if isinstance(v, str) else str(np.asarray(v)) for v in values], sep=sep, end=end,
                       file=file if file is not None else sys.stdout)
        return
    _ops.print_(*values, sep=sep, end=end, file=file)


def convert(fn: Callable[..., Any]) -> Callable[..., Any]:
    """The converted function (control flow rewritten to `ag__` calls), without tracing."""
    from autoconv.autograph import api

    return api.convert(fn)


def to_code(fn: Callable[..., Any]) -> str:
    """The converted source of `fn`, as users read it."""
    from autoconv.autograph import api

    return api.to_code(fn)


def do_not_convert(fn: Callable[..., Any]) -> Callable[..., Any]:
    """Mark `fn` to run as it is inside converted code."""
    from autoconv.autograph import api

    return api.do_not_convert(fn)


__all__ = [
    "AutoConvError", "ConcreteFunction", "PolymorphicFunction", "TensorSpec", "Variable", "cond",
    "config", "convert", "do_not_convert", "function", "load", "numpy", "print", "save", "to_code", "while_loop",
]
