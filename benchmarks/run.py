"""Run the workloads side by side and print one table (Markdown).

    python -m benchmarks.run                  # every workload
    python -m benchmarks.run W5 W7 --repeats 30

Per workload, per call: hand-written NumPy, autoconv eager (`run_functions_eagerly`),
autoconv graph (`ac.function`) and autoconv `jit_compile=True`, each as min and median over
the repeats, with its ratio to NumPy (from the minima). Repeats interleave the columns, so
they share whatever else the machine is doing. W6 times a first call in fresh processes.
Targets are printed beside the numbers, never asserted.

If JAX or TensorFlow is importable (`pip install .[compare]`), a `jax.jit` and a `tf.function`
column time each workload's version for that framework (see `benchmarks/frameworks.py`);
`--no-compare` leaves them out.
"""

from __future__ import annotations

import argparse
import os
import platform
import subprocess
import sys
from types import ModuleType
from typing import Any, Callable

import numpy as np

import autoconv as ac
from benchmarks import (frameworks, timing, w1_power, w2_collatz, w3_rnn, w4_branchy, w5_chain, w6_nested,
                        w7_overhead)

WORKLOADS: tuple[ModuleType, ...] = (w1_power, w2_collatz, w3_rnn, w4_branchy, w5_chain, w6_nested, w7_overhead)
COLUMNS = ("numpy", "eager", "graph", "jit")
HEADERS = {"numpy": "NumPy", "eager": "autoconv eager", "graph": "autoconv graph", "jit": "autoconv jit_compile",
           "jax": "jax.jit", "tf": "tf.function"}
FRAMEWORK_NAMES = {"jax": "jax", "tf": "tensorflow"}


def machine() -> str:
    cpu = "unknown CPU"
    try:
        with open("/proc/cpuinfo") as f:
            cpu = next(line.split(":", 1)[1].strip() for line in f if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    malloc = " ".join(f"{k}={v}" for k, v in sorted(os.environ.items()) if k.startswith("MALLOC_")) or "default malloc"
    blas = " ".join(f"{k}={v}" for k, v in sorted(os.environ.items()) if k.startswith("OPENBLAS_")) or "no OPENBLAS_* set"
    return (f"{os.cpu_count()} cores, {cpu}; Python {platform.python_version()}, NumPy {np.__version__}; "
            f"{malloc}; {blas}")


def load_frameworks(wanted: bool) -> dict[str, Any]:
    """The comparison frameworks that import: column name -> what `frameworks.*_callable` takes."""
    if not wanted:
        return {}
    loaded = {"jax": frameworks.load_jax(), "tf": frameworks.load_tf()}
    return {column: modules for column, modules in loaded.items() if modules is not None}


def error_text(exc: Exception) -> str:
    return f"{type(exc).__name__}: {(str(exc).splitlines() or [''])[0][:60]}"


def framework_version(column: str, modules: Any) -> str:
    return (modules[0] if column == "jax" else modules).__version__


def callables(mod: ModuleType, compare: dict[str, Any]) -> dict[str, Any]:
    """Per column: the function and its arguments, or why the column's version could not be built."""
    fn, args = mod.function, mod.make_args()
    fns: dict[str, Any] = {"numpy": (fn, args), "eager": (ac.function(fn), args), "graph": (ac.function(fn), args),
                           "jit": (ac.function(fn, jit_compile=True), args)}
    builders = {"jax": frameworks.jax_callable, "tf": frameworks.tf_callable}
    for column, modules in compare.items():
        try:
            fns[column] = builders[column](mod, modules)
        except Exception as exc:
            fns[column] = error_text(exc)
    return fns


def same(a: Any, b: Any) -> bool:
    if isinstance(a, tuple):
        return isinstance(b, tuple) and len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    a, b = np.asarray(a), np.asarray(b)
    return a.dtype == b.dtype and np.array_equal(a, b, equal_nan=a.dtype.kind in "fc")


def run_column(column: str, fn: Callable[..., Any], args: tuple) -> Any:
    ac.config.run_functions_eagerly(column == "eager")
    try:
        return fn(*args)
    finally:
        ac.config.run_functions_eagerly(False)


def steady_state(mod: ModuleType, repeats: int, compare: dict[str, Any]) -> dict[str, Any]:
    """Per column: (min, median) seconds per call, or the error that stopped it."""
    built = callables(mod, compare)
    results: dict[str, Any] = {c: v for c, v in built.items() if isinstance(v, str)}
    fns = {c: v for c, v in built.items() if not isinstance(v, str)}
    numpy_fn, numpy_args = fns["numpy"]
    expected = numpy_fn(*numpy_args)
    numbers: dict[str, int] = {}
    for column, (fn, args) in fns.items():
        check = frameworks.close if column in FRAMEWORK_NAMES else same  # compiled elsewhere: float tolerance
        try:
            if not check(expected, run_column(column, fn, args)):
                results[column] = "wrong result"
                continue
            ac.config.run_functions_eagerly(column == "eager")
            numbers[column] = timing.calibrate(lambda: fn(*args))
        except Exception as exc:  # a failing column is reported, the others still run
            results[column] = error_text(exc)
        finally:
            ac.config.run_functions_eagerly(False)
    samples: dict[str, list[float]] = {c: [] for c in numbers}
    for _ in range(repeats):
        for column, number in numbers.items():
            fn, args = fns[column]
            ac.config.run_functions_eagerly(column == "eager")
            try:
                samples[column].append(timing.per_call(lambda: fn(*args), number))
            finally:
                ac.config.run_functions_eagerly(False)
    for column, s in samples.items():
        results[column] = timing.summary(s)
    if hasattr(mod, "MEMORY_TARGET"):
        results["memory"] = {c: timing.peak_memory(lambda fn=fns[c][0], args=fns[c][1]: fn(*args))
                             for c in ("numpy", "graph", "jit") if isinstance(results.get(c), tuple)}
    return results


def first_calls(mod: ModuleType, repeats: int, compare: dict[str, Any]) -> dict[str, Any]:
    """Per column: (min, median) seconds of a first call, each in a fresh process; the
    autoconv columns with the conversion cache warm (one process fills it first), and again
    with it off (under "cold")."""
    results: dict[str, Any] = {"eager": None, "cold": {}}
    for column in ("numpy", "graph", "jit", *compare):
        if column in ("graph", "jit"):
            _first_call_process(mod, column)  # fills the conversion cache
        results[column] = _first_call_samples(mod, column, repeats)
    for column in ("graph", "jit"):
        results["cold"][column] = _first_call_samples(mod, column, repeats, {"AUTOCONV_CACHE_DIR": ""})
    return results


def _first_call_samples(mod: ModuleType, column: str, repeats: int, env: dict[str, str] | None = None) -> Any:
    samples = []
    for _ in range(repeats):
        ok, out = _first_call_process(mod, column, env)
        if not ok:
            return out
        samples.append(float(out))
    return timing.summary(samples)


def _first_call_process(mod: ModuleType, column: str, env: dict[str, str] | None = None) -> tuple[bool, str]:
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    proc = subprocess.run([sys.executable, "-m", mod.__name__, column], cwd=root, capture_output=True, text=True,
                          env={**os.environ, **(env or {})})
    if proc.returncode != 0:
        return False, proc.stderr.strip().splitlines()[-1][:70]
    return True, proc.stdout.strip().splitlines()[-1]


def cell(result: Any, base: Any) -> str:
    if result is None:
        return "–"
    if isinstance(result, str):
        return f"error ({result})"
    lo, med = result
    text = f"{timing.format_seconds(lo)} · med {timing.format_seconds(med)}"
    if isinstance(base, tuple) and base[0] > 0:
        text += f" ({lo / base[0]:.2f}×)"
    return text


def target_text(mod: ModuleType, results: dict[str, Any]) -> str:
    parts = []
    base = results.get("numpy")
    for column, limit in mod.TARGETS.items():
        got = results.get(column)
        if not isinstance(got, tuple):
            parts.append(f"{column}: not measured")
            continue
        if getattr(mod, "ABSOLUTE", False):
            value, want = got[0], f"≤ {timing.format_seconds(limit)}"
            shown = timing.format_seconds(value)
        elif isinstance(base, tuple):
            value, want = got[0] / base[0], f"≤ {limit:.2f}×"
            shown = f"{value:.2f}×"
        else:
            parts.append(f"{column}: no NumPy baseline")
            continue
        parts.append(f"{column} {want}: {shown} {'met' if value <= limit else 'MISSED'}")
    memory = results.get("memory")
    if memory and "numpy" in memory and "jit" in memory:
        ratio = memory["jit"] / memory["numpy"]
        parts.append(f"jit memory ≤ {mod.MEMORY_TARGET}× NumPy: {ratio:.2f}× "
                     f"{'met' if ratio <= mod.MEMORY_TARGET else 'MISSED'}")
    return "; ".join(parts)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.run", description=__doc__.splitlines()[0])
    parser.add_argument("only", nargs="*", help="workload names to run (W1 ... W7); default all")
    parser.add_argument("--repeats", type=int, default=15, help="timed repeats per column (default 15)")
    parser.add_argument("--first-call-repeats", type=int, default=5, help="fresh processes per W6 column")
    parser.add_argument("--no-compare", action="store_true", help="no jax.jit / tf.function columns")
    opts = parser.parse_args(argv)
    chosen = [m for m in WORKLOADS if not opts.only or m.NAME.split()[0] in opts.only]
    compare = load_frameworks(not opts.no_compare)
    columns = COLUMNS + tuple(compare)
    print(f"machine: {machine()}")
    if compare:
        print("compared: " + ", ".join(f"{FRAMEWORK_NAMES[c]} {framework_version(c, m)}" for c, m in compare.items()))
    print(f"command: {' '.join([os.path.basename(sys.executable), '-m', 'benchmarks.run', *(argv or sys.argv[1:])])}")
    print("cells: min per call · median per call (ratio of minima to NumPy)\n")
    print("| workload | " + " | ".join(HEADERS[c] for c in columns) + " | targets |")
    print("|---" * (len(columns) + 2) + "|")
    notes = []
    for mod in chosen:
        if getattr(mod, "FIRST_CALL", False):
            results = first_calls(mod, opts.first_call_repeats, compare)
        else:
            results = steady_state(mod, opts.repeats, compare)
        base = results.get("numpy")
        cells = [cell(results.get(c), base if c != "numpy" else None) for c in columns]
        print(f"| {mod.NAME} | " + " | ".join(cells) + f" | {target_text(mod, results)} |", flush=True)
        if results.get("cold"):
            cold = results["cold"]
            notes.append(
                f"{mod.NAME.split()[0]} with the conversion cache off (AUTOCONV_CACHE_DIR=, as on a machine that "
                "never converted the function): " + ", ".join(
                    f"{HEADERS[c]} {cell(v, None)}" for c, v in cold.items()) + "; targets: " + "; ".join(
                    f"{c} ≤ {timing.format_seconds(limit)}: "
                    + ("met" if isinstance(cold.get(c), tuple) and cold[c][0] <= limit else "MISSED")
                    for c, limit in mod.TARGETS.items()))
        if results.get("memory"):
            mem = results["memory"]
            notes.append(f"{mod.NAME.split()[0]} peak memory above the inputs (tracemalloc): " + ", ".join(
                f"{HEADERS[c]} {v / 2**20:.1f} MiB" + (f" ({v / mem['numpy']:.2f}×)" if c != "numpy" else "")
                for c, v in mem.items()))
    for line in notes:
        print("\n" + line)
    missing = [] if opts.no_compare else [name for c, name in FRAMEWORK_NAMES.items() if c not in compare]
    if missing:
        print()
        for name in missing:
            print(f"{name} not installed: pip install .[compare]")


if __name__ == "__main__":
    main()
