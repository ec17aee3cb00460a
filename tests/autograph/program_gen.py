"""Random Python functions with nested if/while/for/break/continue/return over ints.

`programs()` is a hypothesis strategy of `Program`s: source text of `def f(a, b, c)` that
always terminates (every loop is bounded) and reads only variables defined on entry.
Conditions compare variables with constants, so the same generator can later be fed
array inputs to exercise staged control flow.
"""

from __future__ import annotations

import linecache
from dataclasses import dataclass
from typing import Any, Callable

from hypothesis import strategies as st

PARAMS = ("a", "b", "c")
VARIABLES = PARAMS + ("x", "y")


@dataclass(frozen=True)
class Program:
    source: str

    def compile(self, name: str = "f") -> Callable[..., Any]:
        # Registered in linecache so `inspect.getsource` (and so conversion) can read it.
        filename = f"<program_gen {abs(hash(self.source))}>"
        linecache.cache[filename] = (len(self.source), None, self.source.splitlines(True), filename)
        namespace: dict[str, Any] = {}
        exec(compile(self.source, filename, "exec"), namespace)
        return namespace[name]


def _indent(lines: list[str]) -> list[str]:
    return ["    " + line for line in lines]


@st.composite
def _comparison(draw: st.DrawFn, variables: tuple[str, ...], top: int, or_bound: int) -> str:
    """A condition over `variables`: a comparison with a constant in [-3, top], maybe
    combined with `and`/`or`/`not` or written as a chained comparison."""
    var = draw(st.sampled_from(variables))
    op = draw(st.sampled_from(["<", ">", "==", "!=", "<=", ">="]))
    const = draw(st.integers(-3, top))
    cond = f"{var} {op} {const}"
    kind = draw(st.sampled_from(["plain", "plain", "and", "or", "not", "chain"]))
    if kind == "and":
        cond = f"{cond} and {draw(st.sampled_from(variables))} % 2 == 0"
    elif kind == "or":
        cond = f"{cond} or {draw(st.sampled_from(variables))} > {or_bound}"
    elif kind == "not":
        cond = f"not {cond}"
    elif kind == "chain":
        cond = f"-2 < {var} <= {const + 2}"
    return cond


def _condition() -> st.SearchStrategy[str]:
    return _comparison(VARIABLES, 3, 1)


@st.composite
def _assignment(draw: st.DrawFn) -> list[str]:
    target = draw(st.sampled_from(VARIABLES))
    left = draw(st.sampled_from(VARIABLES))
    op = draw(st.sampled_from(["+", "-", "*", "%"]))
    right = draw(st.integers(1, 3)) if op == "%" else draw(st.sampled_from(VARIABLES + ("1", "2")))
    expr = f"({left} {op} {right})"
    # Keep the numbers small so that loops multiplying values stay cheap.
    return [f"{target} = {expr} % 17"]


@st.composite
def _block(draw: st.DrawFn, depth: int, loops: int) -> list[str]:
    n = draw(st.integers(1, 3))
    lines: list[str] = []
    for _ in range(n):
        lines += draw(_statement(depth, loops))
    return lines


@st.composite
def _statement(draw: st.DrawFn, depth: int, loops: int) -> list[str]:
    kinds = ["assign", "assign"]
    if depth < 3:
        kinds += ["if", "while", "for"]
    if loops:
        kinds += ["break", "continue"]
    kinds.append("return")
    kind = draw(st.sampled_from(kinds))
    if kind == "assign":
        return draw(_assignment())
    if kind == "return":
        return [f"return {draw(st.sampled_from(VARIABLES))}"]
    if kind in ("break", "continue"):
        return [f"if {draw(_condition())}:", f"    {kind}"]
    if kind == "if":
        lines = [f"if {draw(_condition())}:"] + _indent(draw(_block(depth + 1, loops)))
        if draw(st.booleans()):
            if draw(st.booleans()):
                lines += [f"elif {draw(_condition())}:"] + _indent(draw(_block(depth + 1, loops)))
            lines += ["else:"] + _indent(draw(_block(depth + 1, loops)))
        return lines
    if kind == "for":
        var = f"i{depth}"
        iterable = draw(st.sampled_from([f"range({draw(st.integers(0, 4))})", "range(a % 5)", "[3, 1, 2]"]))
        lines = [f"for {var} in {iterable}:", f"    x = (x + {var}) % 17"]
        lines += _indent(draw(_block(depth + 1, loops + 1)))
        if draw(st.booleans()):
            lines += ["else:"] + _indent(draw(_block(depth + 1, loops)))
        return lines
    # A while loop bounded by its own counter, whatever its body does.
    counter = f"n{depth}"
    lines = [f"{counter} = 0", f"while {counter} < {draw(st.integers(0, 4))} and ({draw(_condition())}):"]
    lines += [f"    {counter} += 1"] + _indent(draw(_block(depth + 1, loops + 1)))
    if draw(st.booleans()):
        lines += ["else:"] + _indent(draw(_block(depth + 1, loops)))
    return lines


@st.composite
def programs(draw: st.DrawFn) -> Program:
    body = ["x = 0", "y = 1"] + draw(_block(0, 0)) + ["return (x, y, a, b, c)"]
    return Program("def f(a, b, c):\n" + "\n".join(_indent(body)) + "\n")


# ------------------------------------------------------------------------------------------
# Programs over arrays: conditions on traced values stage every if/while/for.

ARRAY_DTYPES = ("int64", "float32", "float64")


@dataclass(frozen=True)
class ArrayProgram:
    """`def f(a, b, c)`: `a`, `b` 0-d arrays and `c` a 1-d array, all of `dtype`; returns
    `(x, y)`, both of that dtype on every path (each `return` included)."""

    source: str
    dtype: str
    length: int

    def compile(self, name: str = "f") -> Callable[..., Any]:
        return Program(self.source).compile(name)


_ARRAY_VARIABLES = ("a", "b", "x", "y")


def _array_condition() -> st.SearchStrategy[str]:
    return _comparison(_ARRAY_VARIABLES, 8, 4)


@st.composite
def _array_assignment(draw: st.DrawFn, loop_vars: tuple[str, ...]) -> list[str]:
    target = draw(st.sampled_from(("x", "y")))
    left = draw(st.sampled_from(_ARRAY_VARIABLES + loop_vars))
    op = draw(st.sampled_from(["+", "-", "*", "%"]))
    operands = _ARRAY_VARIABLES + loop_vars + ("1", "2")
    right = draw(st.integers(1, 3)) if op == "%" else draw(st.sampled_from(operands))
    expr = f"({left} {op} {right})"
    builtin = draw(st.sampled_from(["", "", "", "abs", "min", "max", "sum", "int", "append"]))
    if builtin == "abs":
        expr = f"abs({expr})"
    elif builtin in ("min", "max"):
        expr = f"{builtin}(x, y)"
    elif builtin == "sum":
        expr = "sum(c)"
    elif builtin == "int":
        expr = f"int({expr})"
    elif builtin == "append":
        # A list every program starts with: grown by staged loops, read back as an array.
        return ["out.append(x)", f"{target} = ({target} + np.array(out).sum() + len(out)) % 17"]
    # `x` or `y` first keeps the dtype (an int loop index or constant is a Python int).
    first = draw(st.sampled_from(("x", "y")))
    return [f"{target} = ({first} + {expr}) % 17"]


@st.composite
def _array_block(draw: st.DrawFn, depth: int, loops: tuple[str, ...]) -> list[str]:
    lines: list[str] = []
    for _ in range(draw(st.integers(1, 3))):
        lines += draw(_array_statement(depth, loops))
    return lines


@st.composite
def _array_statement(draw: st.DrawFn, depth: int, loops: tuple[str, ...]) -> list[str]:
    kinds = ["assign", "assign"]
    if depth < 3:
        kinds += ["if", "while", "for", "for"]
    if loops:
        kinds += ["break", "continue"]
    kinds.append("return")
    kind = draw(st.sampled_from(kinds))
    if kind == "assign":
        return draw(_array_assignment(loops))
    if kind == "return":
        return ["return (x, y)"]
    if kind in ("break", "continue"):
        return [f"if {draw(_array_condition())}:", f"    {kind}"]
    if kind == "if":
        lines = [f"if {draw(_array_condition())}:"] + _indent(draw(_array_block(depth + 1, loops)))
        if draw(st.booleans()):
            if draw(st.booleans()):
                lines += [f"elif {draw(_array_condition())}:"] + _indent(draw(_array_block(depth + 1, loops)))
            lines += ["else:"] + _indent(draw(_array_block(depth + 1, loops)))
        return lines
    if kind == "for":
        var = f"i{depth}"
        iterable = draw(st.sampled_from(["range(int(a) % 4)", "c", "range(int(b) % 3, 3)", "range(2)"]))
        lines = [f"for {var} in {iterable}:", f"    x = (x + {var}) % 17"]
        lines += _indent(draw(_array_block(depth + 1, loops + (var,))))
        if draw(st.booleans()):
            lines += ["else:"] + _indent(draw(_array_block(depth + 1, loops)))
        return lines
    counter = f"n{depth}"
    if draw(st.booleans()):
        # Counts down from a traced value.
        lines = [f"{counter} = int(a) % 4", f"while {counter} > 0:", f"    {counter} -= 1"]
    else:
        lines = [f"{counter} = 0", f"while {counter} < {draw(st.integers(0, 4))} and ({draw(_array_condition())}):"]
        lines += [f"    {counter} += 1"]
    lines += _indent(draw(_array_block(depth + 1, loops)))
    if draw(st.booleans()):
        lines += ["else:"] + _indent(draw(_array_block(depth + 1, loops)))
    return lines


@st.composite
def array_programs(draw: st.DrawFn) -> ArrayProgram:
    body = ["x = b * 0", "y = b * 0 + 1", "out = [x]"] + draw(_array_block(0, ())) + ["return (x, y)"]
    source = "import numpy as np\n\n\ndef f(a, b, c):\n" + "\n".join(_indent(body)) + "\n"
    return ArrayProgram(source, draw(st.sampled_from(ARRAY_DTYPES)), draw(st.integers(0, 3)))


@st.composite
def array_arguments(draw: st.DrawFn, program: ArrayProgram, count: int = 3) -> list[tuple]:
    """`count` argument tuples of the program's dtype and shapes (one signature)."""
    import numpy as np

    dtype = np.dtype(program.dtype)
    values = st.integers(-4, 9)
    if dtype.kind == "f":
        values = st.one_of(values, st.sampled_from([-2.5, 0.5, 3.25, 7.75]))
    tuples = []
    for _ in range(count):
        a, b = (np.array(draw(values), dtype) for _ in range(2))
        c = np.array([draw(values) for _ in range(program.length)], dtype)
        tuples.append((a, b, c))
    return tuples
