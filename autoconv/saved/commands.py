"""The command-line side of saved graphs, registered by `autoconv/cli.py`:

    autoconv run SAVED_DIR --arg x.npy --arg n.npy [--out DIR]
    autoconv graph SAVED_DIR
"""

from __future__ import annotations

import argparse
import os
import sys
from typing import Any, Iterator, TextIO

import numpy as np

from autoconv.saved.arrays import read_array
from autoconv.saved.reader import load


def configure_run(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("saved", metavar="SAVED_DIR", help="a directory written by ac.save")
    parser.add_argument("--arg", action="append", default=[], metavar="FILE.npy",
                        help="one array argument, in order (Python value arguments keep their saved values)")
    parser.add_argument("--out", metavar="DIR", help="write each output to DIR/<name>.npy instead of printing")


def _read_argument(path: str) -> np.ndarray:
    directory, name = os.path.split(os.path.abspath(path))
    return read_array(directory, name, f"--arg {path}")


def leaves(value: Any, name: str = "out") -> Iterator[tuple[str, Any]]:
    """(name, array) for each leaf of an output structure: out, out.0, out.key, ..."""
    if isinstance(value, dict):
        for k, v in value.items():
            yield from leaves(v, f"{name}.{k}")
    elif isinstance(value, (tuple, list)):
        for i, v in enumerate(value):
            yield from leaves(v, f"{name}.{i}")
    elif value is not None:
        yield name, value


def run_saved(args: argparse.Namespace, stdout: TextIO | None = None) -> int:
    out = stdout if stdout is not None else sys.stdout
    loaded = load(args.saved)
    arrays = [_read_argument(path) for path in args.arg]
    try:
        function, inputs = loaded.select(tuple(arrays), {})
    except TypeError as exc:  # the arguments fit no saved signature: a usage error
        print(f"autoconv run: {exc}", file=sys.stderr)
        return 2
    result = function.call_flat(inputs)
    if args.out:
        os.makedirs(args.out, exist_ok=True)
        for name, array in leaves(result):
            np.save(os.path.join(args.out, _file_name(name)), array, allow_pickle=False)
        return 0
    for name, array in leaves(result):
        out.write(f"{name}: {array.dtype.name}{list(array.shape)}\n{array}\n")
    return 0


def _file_name(name: str) -> str:
    return "".join(c if c.isalnum() or c in "._-" else "_" for c in name) + ".npy"


def print_graph(directory: str, stdout: TextIO) -> int:
    """`autoconv graph SAVED_DIR`: each saved function's graph, as traced and optimized."""
    for f in load(directory).functions:
        stdout.write(f"# saved: {f.signature()}\n{f.graph}\n\n")
        if f.optimized_graph is not f.graph:
            stdout.write(f"# optimized\n{f.optimized_graph}\n\n")
    return 0
