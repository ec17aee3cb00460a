"""Fuzzing the loader: every mutated or truncated saved directory either loads (and then runs
and prints) or is rejected with SaveFormatError -- never another exception.

`make test` runs a few hundred cases; `make fuzz` (AUTOCONV_FUZZ set) runs
max(1000, AUTOCONV_FUZZ) cases. A failure names the seed of the case that broke.
"""

import contextlib
import json
import os
import random
import shutil
import signal

import pytest

import autoconv as ac
from autoconv.errors import SaveFormatError

QUICK_CASES = 300
RUN_SECONDS = 0.5  # a mutated loop bound may make a valid graph loop for a long time

ODD_VALUES = [None, True, False, 0, -1, 1, 3, 2**63, 1.5, float("-0.0"), "", "x", "float64", [], {}, [0],
              {"tensor": 0}, {"tensor": 10**6}, {"tuple": []}, {"array": "../graph.json"}, {"slot": 0},
              {"dtype": "int8"}, {"graph": {}}, {"variable": 0}, {"float": "nan"}]


class RunTimeout(Exception):
    pass


@contextlib.contextmanager
def time_limit(seconds):
    def expire(signum, frame):
        raise RunTimeout()

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _nodes(data, path=()):
    """Every (container, key) in a JSON document."""
    if isinstance(data, dict):
        for k, v in data.items():
            yield data, k
            yield from _nodes(v, path + (k,))
    elif isinstance(data, list):
        for i, v in enumerate(data):
            yield data, i
            yield from _nodes(v, path + (i,))


def mutate_json(document, rng):
    nodes = list(_nodes(document))
    container, key = rng.choice(nodes)
    action = rng.choice(["delete", "replace", "replace", "duplicate", "swap", "nudge"])
    if action == "delete":
        del container[key]
    elif action == "replace":
        container[key] = json.loads(json.dumps(rng.choice(ODD_VALUES)))
    elif action == "duplicate" and isinstance(container, list):
        container.insert(key, json.loads(json.dumps(container[key])))
    elif action == "swap" and isinstance(container, list) and len(container) > 1:
        other = rng.randrange(len(container))
        container[key], container[other] = container[other], container[key]
    elif action == "nudge" and type(container[key]) is int:
        container[key] += rng.choice([-1, 1])
    else:
        container[key] = json.loads(json.dumps(rng.choice(nodes)[0]))  # a copy of another part


def mutate_bytes(data: bytes, rng) -> bytes:
    data = bytearray(data)
    action = rng.choice(["flip", "flip", "truncate", "insert"])
    if not data or action == "truncate":
        return bytes(data[:rng.randrange(len(data) + 1)])
    if action == "insert":
        at = rng.randrange(len(data) + 1)
        return bytes(data[:at] + bytes([rng.randrange(256)]) + data[at:])
    for _ in range(rng.choice([1, 1, 2, 8])):
        at = rng.randrange(len(data))
        data[at] ^= 1 << rng.randrange(8)
    return bytes(data)


def mutate(directory, rng):
    """Damage one thing: the JSON structure, the JSON bytes, or an .npy file; return its path."""
    graph_file = os.path.join(directory, "graph.json")
    arrays = sorted(os.path.join(root, name) for root, _, names in os.walk(directory)
                    for name in names if name.endswith(".npy"))
    target = rng.choice(["structure", "structure", "json bytes", "npy"])
    if target == "structure":
        with open(graph_file) as f:
            document = json.load(f)
        for _ in range(rng.choice([1, 1, 2, 3])):
            mutate_json(document, rng)
        with open(graph_file, "w") as f:
            json.dump(document, f)
        return graph_file
    if target == "json bytes" or not arrays:
        with open(graph_file, "rb") as f:
            data = f.read()
        with open(graph_file, "wb") as f:
            f.write(mutate_bytes(data, rng))
        return graph_file
    path = rng.choice(arrays)
    if rng.random() < 0.1:
        os.remove(path)
        return path
    with open(path, "rb") as f:
        data = f.read()
    with open(path, "wb") as f:
        f.write(mutate_bytes(data, rng))
    return path


def snapshot(directory):
    return {os.path.join(root, name): open(os.path.join(root, name), "rb").read()
            for root, _, names in os.walk(directory) for name in names}


def check_case(work, files, args, seed):
    damaged = mutate(work, random.Random(seed))
    try:
        return _load_and_run(work, args, seed)
    finally:
        with open(damaged, "wb") as f:
            f.write(files[damaged])


def _load_and_run(work, args, seed):
    try:
        loaded = ac.load(work)
    except SaveFormatError:
        return "rejected"
    except Exception as exc:  # pragma: no cover - this is the failure being looked for
        raise AssertionError(f"seed {seed}: load raised {type(exc).__name__}: {exc}") from exc
    for f in loaded.functions:
        str(f.graph), str(f.optimized_graph), f.signature()
    try:
        with time_limit(RUN_SECONDS):
            loaded(*args)
    except RunTimeout:
        return "loaded, ran long"
    except TypeError as exc:
        if "no saved signature matches" not in str(exc):  # a mutated signature may no longer fit
            raise AssertionError(f"seed {seed}: the loaded graph raised TypeError: {exc}") from exc
    except (ArithmeticError, AssertionError, IndexError, ValueError, MemoryError):
        pass  # mutated values (an index, a bound, an assert) can fail at run time, as in NumPy
    return "loaded"


def fuzz(sample_dir, tmp_path, cases, first_seed):
    source, args = sample_dir
    work = tmp_path / "case"
    shutil.copytree(source, work)
    files = snapshot(str(work))
    outcomes = {}
    for seed in range(first_seed, first_seed + cases):
        outcome = check_case(str(work), files, args, seed)
        outcomes[outcome] = outcomes.get(outcome, 0) + 1
    print(outcomes)
    assert outcomes.get("rejected", 0) > cases // 4, outcomes


def test_fuzz_loader_quick(sample_dir, tmp_path):
    fuzz(sample_dir, tmp_path, QUICK_CASES, first_seed=0)


@pytest.mark.fuzz
def test_fuzz_loader(sample_dir, tmp_path):
    cases = max(1000, int(os.environ["AUTOCONV_FUZZ"]))
    fuzz(sample_dir, tmp_path, cases, first_seed=QUICK_CASES)
