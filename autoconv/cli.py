"""The `autoconv` command line: one subcommand per entry of `COMMANDS`.

    autoconv dump path/to/file.py::func            (or: autoconv dump path/to/file.py --all)
    autoconv graph path/to/file.py::func --arg 'float32[10,10]' --arg 100 [--report] [--dot [--out FILE]]
    autoconv run SAVED_DIR --arg x.npy [--out DIR]

A subcommand is a `Command`: a help line, a function adding its arguments to its parser
and a function running it (returning the exit status). Adding one is adding an entry.
"""

from __future__ import annotations

import argparse
import ast
import importlib.util
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Sequence, TextIO

import numpy as np

from autoconv.errors import ConversionError
from autoconv.saved import commands as saved_commands


@dataclass(frozen=True)
class Command:
    help: str
    configure: Callable[[argparse.ArgumentParser], None]
    run: Callable[[argparse.Namespace], int]


class UsageError(Exception):
    """A problem with the command line itself (printed without a traceback, status 2)."""


# ------------------------------------------------------------------------------ arguments

_SPEC = re.compile(r"^\s*([A-Za-z_][A-Za-z0-9_]*)\s*\[(.*)\]\s*$")


def parse_arg(text: str) -> Any:
    """`dtype[d0,d1]` -> TensorSpec (`?` or `None` for an unknown dim); else a Python literal."""
    from autoconv.function.spec import TensorSpec

    match = _SPEC.match(text)
    if match:
        name, dims = match.groups()
        try:
            dtype = np.dtype(name)
        except TypeError:
            raise UsageError(f"--arg {text!r}: {name!r} is not a NumPy dtype") from None
        shape = []
        for d in (p.strip() for p in dims.split(",") if p.strip()):
            if d in ("?", "None"):
                shape.append(None)
            elif d.isdigit():
                shape.append(int(d))
            else:
                raise UsageError(f"--arg {text!r}: dim {d!r} is not a size, '?' or 'None'")
        return TensorSpec(shape, dtype)
    try:
        return ast.literal_eval(text)
    except (ValueError, SyntaxError):
        raise UsageError(f"--arg {text!r} is neither dtype[dims] nor a Python literal") from None


def load_function(target: str) -> Any:
    """`path/to/file.py::name` -> the object `name` of that file, loaded as a module."""
    path_text, sep, name = target.rpartition("::")
    if not sep or not name:
        raise UsageError(f"{target!r}: expected path/to/file.py::function")
    obj: Any = load_module(path_text)
    for part in name.split("."):
        if not hasattr(obj, part):
            raise UsageError(f"{path_text} has no {name!r}")
        obj = getattr(obj, part)
    return obj


def load_module(path_text: str) -> Any:
    """The Python file at `path_text`, loaded (run) as a module."""
    path = Path(path_text)
    if not path.is_file():
        raise UsageError(f"{path_text}: no such file")
    module_name = "_autoconv_cli_" + re.sub(r"\W", "_", path.stem)
    spec = importlib.util.spec_from_file_location(module_name, path)
    if spec is None or spec.loader is None:
        raise UsageError(f"{path_text}: cannot be loaded as a Python module")
    module = importlib.util.module_from_spec(spec)
    sys.modules[module_name] = module
    # As `python path/to/file.py` would: the file's own folder first on the import path,
    # so the modules beside it import.
    folder = str(path.resolve().parent)
    if folder not in sys.path:
        sys.path.insert(0, folder)
    spec.loader.exec_module(module)
    return module


# ------------------------------------------------------------------------------ dump

def configure_dump(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("target", help="path/to/file.py::function, or path/to/file.py with --all")
    parser.add_argument("--all", action="store_true", help="every function defined in the file")


def _functions_of(module: Any) -> list[Any]:
    import inspect

    found = []
    for value in vars(module).values():
        fn = getattr(value, "python_function", value)
        if inspect.isfunction(fn) and fn.__module__ == module.__name__:
            found.append(fn)
    return sorted(found, key=lambda f: f.__code__.co_firstlineno)


def run_dump(args: argparse.Namespace, stdout: TextIO | None = None) -> int:
    import autoconv as ac

    out = stdout if stdout is not None else sys.stdout
    if args.all:
        path_text = args.target.split("::")[0]
        functions = _functions_of(load_module(path_text))
    else:
        fn = load_function(args.target)
        functions = [getattr(fn, "python_function", fn)]
    failed = 0
    for i, fn in enumerate(functions):
        if not callable(fn):
            raise UsageError(f"{args.target} is not a function")
        try:
            text = ac.to_code(fn).rstrip("\n")
        except ConversionError as exc:
            if not args.all:
                raise
            # One function without source (or with a refused construct): the others still print.
            failed += 1
            text = f"# {fn.__qualname__}: not converted: {exc}"
        out.write(("\n\n" if i else "") + text + "\n")
    return 1 if failed else 0


# ------------------------------------------------------------------------------ graph

def configure_graph(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("target", help="path/to/file.py::function, or a directory written by ac.save")
    parser.add_argument("--arg", action="append", default=[], metavar="ARG",
                        help="one argument, in order: dtype[d0,d1] ('?' for an unknown dim) or a Python literal")
    parser.add_argument("--report", action="store_true", help="print the optimization report")
    parser.add_argument("--dot", action="store_true", help="write Graphviz text of the optimized graph instead")
    parser.add_argument("--out", metavar="FILE", help="write the --dot output to FILE instead of stdout")


def run_graph(args: argparse.Namespace, stdout: TextIO | None = None) -> int:
    import autoconv as ac
    from autoconv.graph.dot import to_dot
    from autoconv.optimize import optimize

    out = stdout if stdout is not None else sys.stdout
    if Path(args.target).is_dir():
        return saved_commands.print_graph(args.target, out)
    fn = load_function(args.target)
    if not isinstance(fn, ac.PolymorphicFunction):
        if not callable(fn):
            raise UsageError(f"{args.target} is not a function")
        fn = ac.function(fn)
    try:
        concrete = fn.get_concrete_function(*[parse_arg(a) for a in args.arg])
    except TypeError as exc:
        if "argument" not in str(exc):
            raise
        raise UsageError(f"{args.target}: {exc} (one --arg per parameter)") from None
    optimized, report = optimize(concrete.graph)
    if args.dot:
        text = to_dot(optimized) + "\n"
        if args.out:
            Path(args.out).write_text(text)
        else:
            out.write(text)
        return 0
    out.write(f"# traced: {concrete.pretty_printed_signature()}\n{concrete.graph}\n\n")
    out.write(f"# optimized\n{optimized}\n")
    if args.report:
        out.write(f"\n# report\n{report}\n")
    return 0


# ------------------------------------------------------------------------------ entry point

COMMANDS: dict[str, Command] = {
    "dump": Command("print the converted source of a function (--all: of every function in the file)",
                    configure_dump, run_dump),
    "graph": Command("print a function's graph before and after optimization", configure_graph, run_graph),
    "run": Command("run a saved graph on .npy arrays; print its outputs or save them with --out",
                   saved_commands.configure_run, saved_commands.run_saved),
}


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="autoconv", description="Convert Python + NumPy functions into graphs.")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name, command in COMMANDS.items():
        command.configure(sub.add_parser(name, help=command.help, description=command.help))
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = make_parser().parse_args(argv)
    from autoconv.errors import AutoConvError

    try:
        return COMMANDS[args.command].run(args)
    except UsageError as exc:
        print(f"autoconv {args.command}: {exc}", file=sys.stderr)
        return 2
    except AutoConvError as exc:
        print(f"autoconv {args.command}: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    raise SystemExit(main())
