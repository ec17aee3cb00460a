"""The `.npy` files of a saved directory: written with `np.save`, read without trusting them.

Reading parses the header first (`np.lib.format`, never pickles), refuses object and record
dtypes, checks that the file holds exactly the bytes its header announces, and only then
builds the array, so a truncated or padded file is an error rather than a short array.
"""

from __future__ import annotations

import os
import re
import warnings
from typing import Any

import numpy as np

from autoconv.errors import SaveFormatError
from autoconv.saved.errors import expect, fail
from autoconv.saved.values import parse_dtype

# An array reference is a relative path of plain names: no "..", no absolute paths.
_REFERENCE = re.compile(r"[A-Za-z0-9_-]+(/[A-Za-z0-9_-]+)*\.npy")
_NPY_READERS = {(1, 0): np.lib.format.read_array_header_1_0, (2, 0): np.lib.format.read_array_header_2_0}


class ArrayWriter:
    """Writes each distinct array once, under `<directory>/<folder>/<n>.npy`."""

    def __init__(self, directory: str, folder: str):
        self.directory = directory
        self.folder = folder
        self.names: dict[int, str] = {}
        self.kept: list[np.ndarray] = []  # keeps ids unique while saving

    def __call__(self, array: np.ndarray) -> str:
        name = self.names.get(id(array))
        if name is None:
            name = self.names[id(array)] = f"{self.folder}/{len(self.names)}.npy"
            self.kept.append(array)
            os.makedirs(os.path.join(self.directory, self.folder), exist_ok=True)
            np.save(os.path.join(self.directory, name), array, allow_pickle=False)
        return name


def resolve(directory: str, reference: Any, where: str) -> str:
    """The file a reference names, which must lie inside `directory` (symlinks resolved)."""
    expect(isinstance(reference, str) and _REFERENCE.fullmatch(reference) is not None, where,
           f"{reference!r} is not a relative .npy path inside the directory")
    root = os.path.realpath(directory)
    path = os.path.realpath(os.path.join(root, reference))
    expect(path.startswith(root + os.sep), where, f"{reference!r} points outside the directory")
    expect(os.path.isfile(path), where, f"missing array file {reference!r}")
    return path


def read_array(directory: str, reference: Any, where: str) -> np.ndarray:
    path = resolve(directory, reference, where)
    try:
        with open(path, "rb") as f:
            return _read(f, f"{where} ({reference})")
    except OSError as exc:
        fail(where, f"cannot read {reference!r}: {exc.strerror or exc}")


def _read(f: Any, where: str) -> np.ndarray:
    try:
        version = np.lib.format.read_magic(f)
        reader = _NPY_READERS.get(version)
        expect(reader is not None, where, f"unsupported .npy version {version}")
        with warnings.catch_warnings():  # a damaged header may look like one written by Python 2
            warnings.simplefilter("ignore")
            shape, fortran, dtype = reader(f)
    except SaveFormatError:
        raise
    except Exception as exc:  # the header is a Python literal: a damaged one fails in many ways
        fail(where, f"not a valid .npy file ({type(exc).__name__}: {exc})")
    dtype = parse_dtype(dtype.str, where)
    count = 1
    for d in shape:
        count *= d
    nbytes = count * dtype.itemsize
    data = f.read(nbytes + 1)
    expect(len(data) >= nbytes, where, f"truncated: {len(data)} of {nbytes} data bytes")
    expect(len(data) == nbytes, where, "unexpected bytes after the array data")
    try:
        flat = np.frombuffer(data, dtype=dtype, count=count)
    except ValueError as exc:  # e.g. a zero-size dtype
        fail(where, f"cannot read the data as {dtype} ({exc})")
    return flat.reshape(shape, order="F" if fortran else "C").copy()
