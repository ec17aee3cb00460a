"""Source of Python functions and lambdas as gast trees, with their real file lines.

Line numbers of the returned tree are those of the user's file, and column offsets account
for the indentation removed before parsing, so a tree compiled as is reports the user's
own file:line.
"""

from __future__ import annotations

import ast
import sys
import inspect
import linecache
import textwrap
import types
from dataclasses import dataclass

import gast

from autoconv.autograph.pyct import translate, traversal
from autoconv.errors import ConversionError


@dataclass(frozen=True)
class Source:
    """Where a function's source lives."""

    filename: str
    first_line: int  # line of the `def` (or the lambda's line) in `filename`


def parse_function(fn: types.FunctionType) -> tuple[gast.FunctionDef | gast.Lambda, Source]:
    """The definition of `fn` (decorators stripped), located in its file."""
    filename = fn.__code__.co_filename
    # The code's own name and lines: `functools.wraps` gives a wrapper the name (and, for
    # `inspect`, the source) of the function it wraps.
    is_lambda = fn.__code__.co_name == "<lambda>"
    found = _definition(fn) if not is_lambda else None
    if found is not None:
        return found, Source(filename, found.lineno)
    try:
        lines, first = inspect.getsourcelines(fn.__code__)
    except (OSError, TypeError) as e:
        raise ConversionError(f"no source code for {fn.__qualname__!r}: {e}") from e
    if first == 0:  # a module-level code block, not a function
        raise ConversionError(f"no source code for {fn.__qualname__!r}")
    text = "".join(lines)
    tree, indent, line_offset = _parse_block(text, fn.__qualname__)
    _relocate(tree, first - 1 - line_offset, indent)
    if is_lambda:
        node = _find_lambda(tree, fn)
    else:
        node = _find_def(tree, fn)
    return node, Source(filename, node.lineno)


def _definition(fn: types.FunctionType) -> gast.FunctionDef | None:
    """The definition of `fn` found without a tokenizer pass, or None (then `inspect` finds it).

    The block runs from the first line of the code (its first decorator) to its last line
    of code, plus the lines after it indented deeper than the `def` (those hold no code:
    `pass`, a final `else:`, comments). It counts only if it parses as that one definition.
    """
    code = fn.__code__
    linecache.checkcache(code.co_filename)
    lines = linecache.getlines(code.co_filename, fn.__globals__)
    first, last = code.co_firstlineno, _last_code_line(code)
    if not lines or last is None or not 0 < first <= last <= len(lines):
        return None
    head = lines[first - 1]
    indent = len(head) - len(head.lstrip())
    prefix = head[:indent]
    end = last
    while end < len(lines):
        line = lines[end]
        stripped = line.strip()
        if stripped and not stripped.startswith("#") and not (line.startswith(prefix) and line[indent:indent + 1].isspace()):
            break
        end += 1
    block = []
    for line in lines[first - 1:end]:
        if line.startswith(prefix):
            block.append(line[indent:])
        elif not line.strip() or line.lstrip().startswith("#"):
            block.append("\n")
        else:
            return None  # a continuation line left of the `def`
    try:
        tree = parse("".join(block))
    except SyntaxError:
        return None
    if len(tree.body) != 1 or not isinstance(tree.body[0], gast.FunctionDef) or tree.body[0].name != code.co_name:
        return None
    _relocate(tree, first - 1, indent)
    return _find_def(tree, fn)


def _last_code_line(code: types.CodeType) -> int | None:
    """The last line holding code of `code` or of the functions and classes in it."""
    if sys.version_info >= (3, 11):
        ends = [end for _, end, _, _ in code.co_positions() if end is not None]
    else:
        ends = [line for _, _, line in code.co_lines() if line is not None]
    for const in code.co_consts:
        if isinstance(const, types.CodeType):
            inner = _last_code_line(const)
            if inner is not None:
                ends.append(inner)
    return max(ends, default=None)


def parse(text: str, mode: str = "exec") -> gast.AST:
    """`gast.parse`: the text parsed by Python, translated to gast."""
    return translate.to_gast(ast.parse(text, mode=mode))


def parse_expression(text: str) -> gast.expr:
    """One expression as a gast node."""
    return parse(text, mode="eval").body


def parse_statements(text: str) -> list[gast.stmt]:
    """Statements as a list of gast nodes."""
    return parse(textwrap.dedent(text)).body


def unparse(node: gast.AST) -> str:
    """Python source of a gast node (statements, expressions or a module)."""
    tree = translate.to_ast(node)
    if isinstance(tree, list):
        return "\n".join(_unparse(ast.fix_missing_locations(n)) for n in tree)
    return _unparse(ast.fix_missing_locations(tree))


if sys.version_info >= (3, 11):
    _unparse = ast.unparse
else:
    class _Unparser(ast._Unparser):  # type: ignore[name-defined,misc]
        """Python 3.10's unparser writes `lambda : x` and `(a, b) = v`; later versions write
        `lambda: x` and `a, b = v`. Dumps and fixtures read the same on every version."""

        def visit_Tuple(self, node: ast.Tuple) -> None:
            bare = node.elts and self.get_precedence(node) <= ast._Precedence.TUPLE  # type: ignore[attr-defined]
            with self.delimit_if("(", ")", not bare):
                self.items_view(self.traverse, node.elts)

        def visit_Assign(self, node: ast.Assign) -> None:
            for target in node.targets:
                self.set_precedence(ast._Precedence.TUPLE, target)  # type: ignore[attr-defined]
            super().visit_Assign(node)

        def _for_helper(self, fill: str, node: ast.For) -> None:
            self.set_precedence(ast._Precedence.TUPLE, node.target)  # type: ignore[attr-defined]
            super()._for_helper(fill, node)

        def visit_Lambda(self, node: ast.Lambda) -> None:
            with self.require_parens(ast._Precedence.TEST, node):  # type: ignore[attr-defined]
                a = node.args
                self.write("lambda")
                if a.posonlyargs or a.args or a.vararg or a.kwonlyargs or a.kwarg:
                    self.write(" ")
                    self.traverse(a)
                self.write(": ")
                self.set_precedence(ast._Precedence.TEST, node.body)  # type: ignore[attr-defined]
                self.traverse(node.body)

    def _unparse(tree: ast.AST) -> str:
        return _Unparser().visit(tree)


def _parse_block(text: str, name: str) -> tuple[gast.Module, int, int]:
    """Parse an indented block; returns the tree, the indentation removed, the lines added."""
    dedented = textwrap.dedent(text)
    first = next((line for line in text.splitlines() if line.strip()), "")
    indent = len(first) - len(first.lstrip())
    try:
        return parse(dedented), indent, 0
    except SyntaxError:
        pass
    # Continuation lines indented less than the first line defeat dedent; nesting the block
    # under a dummy statement keeps every line as it is in the file.
    try:
        wrapped = parse("if True:\n" + text)
        return gast.Module(body=wrapped.body[0].body, type_ignores=[]), 0, 1
    except SyntaxError:
        pass
    # A lambda inside a larger expression: the source lines are only part of a statement.
    tree = _parse_partial_lambda_lines(text)
    if tree is None:
        raise ConversionError(f"could not parse the source of {name!r}")
    return tree, 0, 0


def _parse_partial_lambda_lines(text: str) -> gast.Module | None:
    lambdas = []
    lines = text.splitlines(keepends=True)
    for row, line in enumerate(lines):
        col = line.find("lambda")
        while col >= 0:
            rest = "".join(lines[row:])[col:]
            node = _longest_expression_prefix(rest)
            if node is not None:
                gast.increment_lineno(node, row)
                for n in gast.walk(node):
                    if getattr(n, "lineno", None) == row + 1:
                        n.col_offset += col
                        if getattr(n, "end_lineno", None) == row + 1:
                            n.end_col_offset += col
                lambdas.append(gast.Expr(value=node))
            col = line.find("lambda", col + 1)
    return gast.Module(body=lambdas, type_ignores=[]) if lambdas else None


def _longest_expression_prefix(text: str) -> gast.expr | None:
    for end in range(len(text), 0, -1):
        try:
            node = parse("(" + text[:end] + "\n)", mode="eval").body
        except SyntaxError:
            continue
        if isinstance(node, gast.Lambda):
            for n in gast.walk(node):
                if hasattr(n, "col_offset") and getattr(n, "lineno", None) == 1:
                    n.col_offset -= 1
                    if getattr(n, "end_lineno", None) == 1:
                        n.end_col_offset -= 1
            return node
    return None


def _relocate(tree: gast.AST, line_delta: int, col_delta: int) -> None:
    if not line_delta and not col_delta:
        return
    for node in traversal.walk(tree):
        if "lineno" in node._attributes and getattr(node, "lineno", None) is not None:
            node.lineno += line_delta
            if getattr(node, "end_lineno", None) is not None:
                node.end_lineno += line_delta
            node.col_offset += col_delta
            if getattr(node, "end_col_offset", None) is not None:
                node.end_col_offset += col_delta


def _find_def(tree: gast.Module, fn: types.FunctionType) -> gast.FunctionDef:
    for node in tree.body:
        if isinstance(node, gast.AsyncFunctionDef):
            raise ConversionError(
                f"async functions are not supported: {fn.__qualname__!r} "
                f"({fn.__code__.co_filename}:{node.lineno})"
            )
        if isinstance(node, gast.FunctionDef):
            node.decorator_list = []
            return node
    raise ConversionError(f"no function definition found in the source of {fn.__qualname__!r}")


def _find_lambda(tree: gast.Module, fn: types.FunctionType) -> gast.Lambda:
    code = fn.__code__
    params = code.co_varnames[: code.co_argcount + code.co_kwonlyargcount]
    found = [
        n
        for n in gast.walk(tree)
        if isinstance(n, gast.Lambda) and tuple(_lambda_params(n)) == params
    ]
    if len(found) > 1:
        same_code = [n for n in found if _compiles_to(n, code)]
        found = same_code or found
        if len(found) > 1:  # identical lambdas on one line: any of them is the one
            found = found[:1]
    if not found:
        raise ConversionError(f"could not find the source of lambda {fn.__qualname__!r}")
    return found[0]


def _lambda_params(node: gast.Lambda) -> list[str]:
    # The order of `co_varnames`: positional parameters, then keyword-only ones.
    args = node.args
    return [a.id for a in args.posonlyargs + args.args + args.kwonlyargs]


def _compiles_to(node: gast.Lambda, code: types.CodeType) -> bool:
    try:
        expr = translate.to_ast(gast.Expression(body=node))
        module_code = compile(ast.fix_missing_locations(expr), "<lambda>", "eval")
    except (SyntaxError, ValueError, TypeError):
        return False
    inner = [c for c in module_code.co_consts if isinstance(c, types.CodeType)]
    return bool(inner) and inner[0].co_code == code.co_code
