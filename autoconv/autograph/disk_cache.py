"""A persistent cache of conversions, as `__pycache__` is for modules.

Converting a function (parse, run every converter, compile) takes milliseconds; loading
the result takes microseconds. An entry is keyed by the function's code, the text of its
file and the version of the converters themselves, so editing any of them misses the cache.
Entries hold a compiled code object (`marshal`, like a .pyc); the converted source, which
only dumps read, is made again when asked for. The cache is best effort: an unreadable or unwritable directory is a miss.

`AUTOCONV_CACHE_DIR` chooses the directory (default `$XDG_CACHE_HOME/autoconv` or
`~/.cache/autoconv`); setting it to an empty string turns the cache off.
"""

from __future__ import annotations

import hashlib
import linecache
import marshal
import os
import sys
import types
from pathlib import Path
from typing import Any

_FORMAT = 2
_tag: str | None = None


def directory() -> Path | None:
    chosen = os.environ.get("AUTOCONV_CACHE_DIR")
    if chosen is not None:
        return Path(chosen) / "conversions" if chosen else None
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "autoconv" / "conversions"


def _converter_version() -> str:
    """Changes whenever a file of the converter changes (or Python does)."""
    global _tag
    if _tag is None:
        digest = hashlib.sha256(f"{_FORMAT} {sys.implementation.cache_tag} {sys.version}".encode())
        for path, size, mtime in sorted(_file_stamps(os.path.dirname(os.path.abspath(__file__)))):
            digest.update(f"{path} {size} {mtime}".encode())
        _tag = digest.hexdigest()
    return _tag


def _file_stamps(folder: str, prefix: str = "") -> list[tuple[str, int, int]]:
    """(path relative to `folder`, size, mtime in ns) of each `.py` file under `folder`."""
    found = []
    with os.scandir(folder) as entries:
        for entry in entries:
            if entry.is_dir():
                found += _file_stamps(entry.path, f"{prefix}{entry.name}/")
            elif entry.name.endswith(".py"):
                stat = entry.stat()
                found.append((prefix + entry.name, stat.st_size, stat.st_mtime_ns))
    return found


def entry_for(fn: types.FunctionType) -> str | None:
    """The name of `fn`'s entry, or None when the cache is off or `fn` has no source file."""
    if directory() is None:
        return None
    text = source_of(fn)
    return key(fn, text) if text is not None else None


def key(fn: types.FunctionType, source: str) -> str:
    digest = hashlib.sha256(_converter_version().encode())
    digest.update(marshal.dumps(fn.__code__))
    digest.update(source.encode())
    return digest.hexdigest()


def load(entry: str) -> types.CodeType | None:
    """The converted code stored under `entry`, if any."""
    folder = directory()
    if folder is None:
        return None
    try:
        data = (folder / entry[:2] / entry).read_bytes()
        code = marshal.loads(data)
    except (OSError, ValueError, EOFError, TypeError):
        return None
    return code if isinstance(code, types.CodeType) else None


def store(entry: str, code: types.CodeType) -> None:
    folder = directory()
    if folder is None:
        return
    target = folder / entry[:2] / entry
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_name(f"{entry}.{os.getpid()}.tmp")
        partial.write_bytes(marshal.dumps(code))
        os.replace(partial, target)  # readers see a whole entry or none
    except (OSError, ValueError):
        pass


def source_of(fn: Any) -> str | None:
    """The text of the file that defines `fn` (through linecache, as `inspect` reads it), or None.

    The whole file rather than the function's own lines: finding those takes a tokenizer
    pass, and an entry then also misses when another part of its file changes.
    """
    filename = fn.__code__.co_filename
    linecache.checkcache(filename)
    lines = linecache.getlines(filename, fn.__globals__)
    return "".join(lines) if lines else None
