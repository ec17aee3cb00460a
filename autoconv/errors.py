"""Exceptions raised by autoconv.

Every error a user can trigger derives from `AutoConvError`. Messages name the construct or
variable at fault and the user's own file:line (see `user_location`).
"""

from __future__ import annotations

import os
import sys
from types import FrameType

_PACKAGE_DIR = os.path.dirname(os.path.abspath(__file__))
_NUMPY_DIR = os.path.dirname(os.path.abspath(__import__("numpy").__file__))
_SKIPPED_DIRS = (_PACKAGE_DIR + os.sep, _NUMPY_DIR + os.sep)


class AutoConvError(Exception):
    """Base class of every error autoconv raises on bad input."""


class TracingError(AutoConvError):
    """A traced value was used where Python needs a concrete value."""


class NumPyError(AutoConvError):
    """A complaint NumPy would make when the code runs (bad shapes, an index out of range, an
    out-of-bounds Python int), found while tracing. Each one is also an instance of the
    built-in class NumPy raises (ValueError, IndexError, ...)."""


class UnsupportedOpError(AutoConvError):
    """A NumPy function has no registered graph operation."""


class ConversionError(AutoConvError):
    """Source could not be converted (unsupported construct, missing source...)."""


class StagingError(AutoConvError):
    """Staged control flow is inconsistent (undefined variable, dtype change, ...)."""


class BranchMismatchError(StagingError):
    """The two branches of a staged `cond` produce incompatible values at one output.

    `index` is the position of the output in the flattened outputs; `true_value` and
    `false_value` are what each branch produced there.
    """

    def __init__(self, message: str, index: int, true_value: object, false_value: object):
        super().__init__(message)
        self.index = index
        self.true_value = true_value
        self.false_value = false_value


class LoopVarError(StagingError):
    """A loop variable of a staged `while` changes type or dtype between iterations.

    `index` is the position of the variable in the flattened loop variables; `before` and
    `after` are its value on entry and at the end of the body.
    """

    def __init__(self, message: str, index: int, before: object, after: object):
        super().__init__(message)
        self.index = index
        self.before = before
        self.after = after


class SaveFormatError(AutoConvError):
    """A saved graph is malformed, truncated, or names something unknown."""


_INTERNAL: dict[str, bool] = {}


def _is_internal(filename: str) -> bool:
    known = _INTERNAL.get(filename)
    if known is None:
        known = _INTERNAL[filename] = (
            os.path.abspath(filename).startswith(_SKIPPED_DIRS) or filename.startswith("<frozen"))
    return known


def user_frame(start: FrameType | None = None) -> FrameType | None:
    """The innermost stack frame that belongs to user code (not autoconv, not NumPy)."""
    frame = start if start is not None else sys._getframe(1)
    known = _INTERNAL  # every traced operation asks: the common case is one dict lookup a frame
    while frame is not None:
        filename = frame.f_code.co_filename
        internal = known.get(filename)
        if not (_is_internal(filename) if internal is None else internal):
            return frame
        frame = frame.f_back
    return None


def raised_for_run_time(exc: BaseException) -> str | None:
    """`file:line` of the user's code that raised `exc` while tracing, when the program would
    raise it when it runs: a `raise` statement (or a builtin it calls), or what NumPy would
    complain about (`NumPyError`). None for anything else (autoconv's own errors)."""
    if not isinstance(exc, Exception) or isinstance(exc, AutoConvError) and not isinstance(exc, NumPyError):
        return None
    location = None
    tb = exc.__traceback__
    while tb is not None:
        code = tb.tb_frame.f_code
        if not _is_internal(code.co_filename):
            location = f"{code.co_filename}:{tb.tb_lineno}"
        elif not isinstance(exc, NumPyError) and tb.tb_next is None:
            return None  # autoconv or NumPy raised it on the user's behalf
        tb = tb.tb_next
    return location


def user_location(start: FrameType | None = None) -> str:
    """`file:line` of the innermost user frame, or `<unknown>`."""
    frame = user_frame(start if start is not None else sys._getframe(1))
    if frame is None:
        return "<unknown>"
    return f"{frame.f_code.co_filename}:{frame.f_lineno}"
