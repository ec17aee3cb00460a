"""The runtime of converted code, which finds it as `ag__`.

Every operator runs plain Python when its condition is a Python value and stages graph
control flow when it is a traced tensor.
"""

from autoconv.operators.asserts import assert_stmt
from autoconv.operators.calls import converted_call
from autoconv.operators.conditionals import if_exp, if_stmt
from autoconv.operators.for_loops import for_stmt
from autoconv.operators.iterables import TensorRange
from autoconv.operators.lists import list_append
from autoconv.operators.logical import and_, and_value, in_, not_, not_in, or_, or_value
from autoconv.operators.py_builtins import (
    abs_,
    bool_,
    enumerate_,
    float_,
    int_,
    isinstance_,
    len_,
    max_,
    min_,
    range_,
    sum_,
    zip_,
)
from autoconv.operators.slices import get_item, set_item, set_shape
from autoconv.operators.undefined import Undefined, UndefinedReturnValue, check_defined
from autoconv.operators.while_loops import while_stmt

__all__ = [
    "abs_",
    "isinstance_",
    "Undefined",
    "UndefinedReturnValue",
    "TensorRange",
    "and_",
    "and_value",
    "in_",
    "not_in",
    "assert_stmt",
    "bool_",
    "check_defined",
    "converted_call",
    "enumerate_",
    "float_",
    "for_stmt",
    "if_exp",
    "if_stmt",
    "int_",
    "len_",
    "list_append",
    "max_",
    "min_",
    "not_",
    "or_",
    "or_value",
    "range_",
    "get_item",
    "set_item",
    "set_shape",
    "sum_",
    "while_stmt",
    "zip_",
]
