"""Source-to-source conversion of Python functions: control flow becomes calls to `ag__`
operators that run plain Python on Python values and stage graph control flow on tensors.

Imports nothing from the later stages; converted code finds its operators as `ag__`.
"""

from autoconv.autograph.api import convert, do_not_convert, is_converted, source_map, to_code

__all__ = ["convert", "to_code", "do_not_convert", "is_converted", "source_map"]
