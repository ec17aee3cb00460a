"""Annotations: facts attached to AST nodes by one pass and read by a later one.

Keys are enum members whose values document what the annotation holds.
"""

from __future__ import annotations

import enum
from typing import Any

import gast

_ATTR = "___autoconv_anno"


class Basic(enum.Enum):
    JUMP_FLAG = "the flag name set by a statement that replaced a break/continue/return"
    BREAK_FLAG = "on a loop: the name of the flag its converted `break` statements set"
    TRUTH_TESTED = "on an expression: only its truth value is used (an if/while/assert test, a `not` operand)"
    EXTRA_LOOP_TEST = "on a For loop: expressions that must all hold to start another iteration"
    STATE_SETTER = "on a generated set_state function: it assigns the carried variables"


class Static(enum.Enum):
    ENCLOSING = "on an if/loop: 'try' or 'with' when it sits inside one, in the same function"
    CARRIED = "on an if/loop: names of the variables its staged form carries, outputs first"
    OUTPUTS = "on an if: how many of the CARRIED names are live after it"
    NESTED_SCOPES = "on the converted function: whether its source defines functions, lambdas or generator expressions"


def setanno(node: gast.AST, key: enum.Enum, value: Any) -> None:
    annos = getattr(node, _ATTR, None)
    if annos is None:
        annos = {}
        setattr(node, _ATTR, annos)
    annos[key] = value


def getanno(node: gast.AST, key: enum.Enum, default: Any = None) -> Any:
    return getattr(node, _ATTR, {}).get(key, default)


def hasanno(node: gast.AST, key: enum.Enum) -> bool:
    return key in getattr(node, _ATTR, {})


def delanno(node: gast.AST, key: enum.Enum) -> None:
    getattr(node, _ATTR, {}).pop(key, None)
