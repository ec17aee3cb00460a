"""The IR: graphs of NumPy operations, traced from NumPy calls on symbolic tensors."""

from autoconv.graph.ir import Graph, Operation, Tensor
from autoconv.graph import ops, registry
from autoconv.graph.control_flow import cond, while_loop
from autoconv.graph.tracing import current_graph, tracing
from autoconv.graph.variables import Variable

__all__ = ["Graph", "Operation", "Tensor", "Variable", "cond", "current_graph", "ops", "registry",
           "tracing", "while_loop"]
