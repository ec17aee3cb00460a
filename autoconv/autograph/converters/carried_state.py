"""`if c: y = 1` -> `y = ag__.Undefined('y')` before it, and the `if` annotated as carrying
`('y',)`: decides exactly which variables each if/while/for hands to its staged form.

An `if` carries the variables it modifies that are live after it, followed by those it
modifies that a branch reads before writing (they are restored between the branches).
A loop carries the variables it modifies that are live after it or at the start of an
iteration (read in the test or body before being written).

A carried variable must be bound where the statement runs. In the converted code every
if/loop body is a function: a variable that a statement modifies but does not carry is
local to that function, so the scope that owns a variable is the innermost enclosing
if/loop that does not carry it (or the function). Where no definition reaches the
statement from the start of that scope, the variable is set to `ag__.Undefined` right
before the statement; where only some do, at the start of that scope.
"""

from __future__ import annotations

from typing import Iterator

import gast

from autoconv.autograph.context import Context
from autoconv.autograph.converters import call_trees
from autoconv.autograph.pyct import anno, origin, parser, templates, traversal
from autoconv.autograph.pyct.static_analysis import activity, cfg, liveness, reaching_definitions
from autoconv.errors import ConversionError

_CONSTRUCTS = (gast.If, gast.While, gast.For)
_SCOPES = traversal.SCOPES

# (construct, block of it) pairs from the outermost inwards
Chain = tuple[tuple[gast.stmt, list[gast.stmt]], ...]


def transform(node: gast.AST, ctx: Context) -> gast.AST:
    closures = anno.getanno(node, anno.Static.NESTED_SCOPES, True)
    for func in [n for n in _walk_functions(node)]:
        _process(func, ctx, closures)
    return node


def _walk_functions(node: gast.AST) -> Iterator[gast.FunctionDef]:
    """`node` and the functions defined in it (statements: no expression holds one)."""
    if isinstance(node, gast.FunctionDef):
        yield node
    for block in traversal.blocks(node):
        for stmt in block:
            if not isinstance(stmt, gast.ClassDef):
                yield from _walk_functions(stmt)


def _params(func: gast.FunctionDef) -> set[str]:
    args = func.args
    names = [a.id for a in args.posonlyargs + args.args + args.kwonlyargs]
    names += [a.id for a in (args.vararg, args.kwarg) if a is not None]
    return set(names)


def _constructs(stmts: list[gast.stmt], chain: Chain = ()) -> Iterator[tuple[gast.stmt, Chain]]:
    """If/while/for statements of one scope, outermost first, with what encloses them."""
    for stmt in stmts:
        if isinstance(stmt, _SCOPES):
            continue
        if isinstance(stmt, _CONSTRUCTS):
            yield stmt, chain
        for block in traversal.blocks(stmt):
            inner = chain + ((stmt, block),) if isinstance(stmt, _CONSTRUCTS) else chain
            yield from _constructs(block, inner)


def _carried(stmt: gast.stmt, graph: cfg.Graph, live: dict, late: frozenset[str],
             modified: set[str]) -> tuple[tuple[str, ...], int]:
    """`modified`: what the statement's blocks (and a for loop's target) bind or delete."""
    after = live[graph.after[id(stmt)]] | late
    if isinstance(stmt, gast.If):
        restored = liveness.live_out(graph, live, graph.head[id(stmt)])
        outputs = sorted(modified & after) + _attributes(stmt.body + stmt.orelse, modified)
        return tuple(outputs) + tuple(sorted((modified & restored) - after)), len(outputs)
    names = sorted(modified & (after | live[graph.loop_start[id(stmt)]])) + _attributes(stmt.body, modified)
    return tuple(names), len(names)


def _modified_in(graph: cfg.Graph) -> dict[int, set[str]]:
    """Per compound statement (by id), the names bound or deleted inside it: its blocks, a
    for loop's target (loops have no `else` left here: converters hoisted it)."""
    modified: dict[int, set[str]] = {}
    for node in graph.nodes:
        changed = node.writes | node.deletes
        if changed:
            for construct in node.enclosing:
                modified.setdefault(id(construct), set()).update(changed)
    return modified


def _attributes(stmts: list[gast.stmt], modified: set[str]) -> list[str]:
    """`obj.attr` assigned in `stmts`, for an `obj` they do not rebind: carried like variables
    (and always outputs, as others may read the attribute)."""
    found = set()
    for node in traversal.statements(stmts):
        targets = []
        if isinstance(node, gast.Assign):
            targets = node.targets
        elif isinstance(node, (gast.AugAssign, gast.AnnAssign)):
            targets = [node.target]
        for target in targets:
            for t in _unpacked(target):
                if not isinstance(t, gast.Attribute):
                    continue
                if isinstance(t.value, gast.Name):
                    if t.value.id not in modified:
                        found.add(f"{t.value.id}.{t.attr}")
                    continue
                root = _root(t)
                if root is not None and root.id not in modified:
                    found.add(parser.unparse(t).strip())  # `o.inner.v`, `d['k'].v`
    return sorted(found)


def _root(target: gast.expr) -> gast.Name | None:
    """The variable under a chain of attributes and items with constant keys (`o.a[0].v` ->
    `o`), or None where the chain holds anything else."""
    while isinstance(target, (gast.Attribute, gast.Subscript)):
        if isinstance(target, gast.Subscript) and not isinstance(target.slice, gast.Constant):
            return None
        target = target.value
    return target if isinstance(target, gast.Name) else None


def _unpacked(target: gast.expr) -> list[gast.expr]:
    if isinstance(target, (gast.Tuple, gast.List)):
        return [t for elt in target.elts for t in _unpacked(elt)]
    return [target.value if isinstance(target, gast.Starred) else target]


def _process(func: gast.FunctionDef, ctx: Context, closures: bool) -> None:
    params = _params(func)
    late = _read_later(func) if closures else frozenset()
    while True:
        graph = cfg.build(func.body, params)
        live = liveness.live_in(graph)
        found = list(_constructs(func.body))
        modified = _modified_in(graph)
        carried = {id(stmt): _carried(stmt, graph, live, late, modified.get(id(stmt), set())) for stmt, _ in found}
        for stmt, _ in found:
            names, outputs = carried[id(stmt)]
            anno.setanno(stmt, anno.Static.CARRIED, names)
            anno.setanno(stmt, anno.Static.OUTPUTS, outputs)
        _check_deletions(func, carried, ctx)
        if not _insert_one_undefined(func, params, found, carried, graph):
            return


def _read_later(func: gast.FunctionDef) -> frozenset[str]:
    """Variables that nested functions, lambdas and generator expressions of `func` read:
    they may run at any later time (`get = lambda: y` before `if c: y = 1`), so those
    variables count as live after every construct."""
    found: set[str] = set()
    run_at_once: set[int] = set()
    for node in traversal.scope_walk(func.body):  # a call comes before its arguments
        if call_trees.is_operator_call(node):
            # The lambdas converters pass to operators (an assert's message) run right there.
            run_at_once.update(id(a) for a in node.args if isinstance(a, gast.Lambda))
        elif isinstance(node, (gast.FunctionDef, gast.AsyncFunctionDef, gast.Lambda, gast.GeneratorExp)):
            if id(node) not in run_at_once:
                found |= activity.free_variables(node)
    return frozenset(found)


def _check_deletions(func: gast.FunctionDef, carried: dict, ctx: Context) -> None:
    all_carried = {name for names, _ in carried.values() for name in names}
    for node in traversal.statements(func.body):
        if isinstance(node, gast.Delete):
            for target in node.targets:
                if isinstance(target, gast.Name) and target.id in all_carried:
                    raise ConversionError(
                        f"del of variable {target.id!r} ({ctx.location(node)}), which control "
                        "flow carries, is not supported in converted code"
                    )


def _insert_one_undefined(func: gast.FunctionDef, params: set[str], found: list, carried: dict,
                          graph: cfg.Graph) -> bool:
    """Insert the first missing `ag__.Undefined`; False when none is missing. `graph` is
    the function's control-flow graph."""
    analyses: dict[int, tuple[cfg.Graph, dict]] = {}
    for stmt, chain in found:
        for name in carried[id(stmt)][0]:
            if "." in name:
                continue  # an attribute: it has its value on the object
            owner, block, depth = func, func.body, 0
            for k in range(len(chain) - 1, -1, -1):
                construct, construct_block = chain[k]
                if name not in carried[id(construct)][0]:
                    owner, block, depth = construct, construct_block, k + 1
                    break
            if _bound_before(name, owner, params, [block, *(b for _, b in chain[depth:])],
                             [c for c, _ in chain[depth:]] + [stmt]):
                continue  # the usual case, without the dataflow analysis
            if id(block) not in analyses:
                analyses[id(block)] = _definitions(owner, block, params, carried, graph if owner is func else None)
            block_graph, defined = analyses[id(block)]
            at = defined[block_graph.head[id(stmt)]]
            if name in at.must:
                continue
            init = templates.replace("name = ag__.Undefined(label)", name=name, label=gast.Constant(value=name, kind=None))
            origin.stamp(init, stmt)
            if name not in at.may and any(s is stmt for s in block):
                index = next(i for i, s in enumerate(block) if s is stmt)
            else:
                index = 1 if block is func.body and _is_docstring(block[0]) else 0
            block[index:index] = init
            return True
    return False


def _bound_before(name: str, owner: gast.AST, params: set[str], blocks: list[list[gast.stmt]],
                  toward: list[gast.stmt]) -> bool:
    """Whether `name` is bound on entry to `owner`'s block (a parameter, a for loop's target) or
    by a simple statement that comes, in one of `blocks` (the owner's block, then the blocks
    that lead to the statement), before `toward[i]`, the statement of `blocks[i]` on the way:
    then every path reaches the statement with a value."""
    if isinstance(owner, gast.FunctionDef) and name in params:
        return True
    if isinstance(owner, gast.For) and blocks[0] is owner.body and name in _names(owner.target):
        return True
    for block, stop in zip(blocks, toward):
        for stmt in block:
            if stmt is stop:
                break
            if name in _bound_by(stmt):
                return True
    return False


def _bound_by(stmt: gast.stmt) -> set[str]:
    """Names a simple statement binds whenever it runs."""
    if isinstance(stmt, gast.Assign):
        return {n for t in stmt.targets for n in _names(t)}
    if isinstance(stmt, (gast.AugAssign, gast.AnnAssign)) and (not isinstance(stmt, gast.AnnAssign) or stmt.value):
        return _names(stmt.target)
    if isinstance(stmt, (gast.FunctionDef, gast.ClassDef)):
        return {stmt.name}
    if isinstance(stmt, (gast.Import, gast.ImportFrom)):
        return {(a.asname or a.name).split(".")[0] for a in stmt.names if a.name != "*"}
    return set()


def _names(target: gast.expr) -> set[str]:
    return {t.id for t in _unpacked(target) if isinstance(t, gast.Name)}


def _definitions(owner: gast.AST, block: list[gast.stmt], params: set[str], carried: dict,
                 graph: cfg.Graph | None) -> tuple[cfg.Graph, dict]:
    """Definitions reaching each node of `block`'s graph (`graph`, when already built)."""
    if graph is None:
        if isinstance(owner, gast.FunctionDef):
            on_entry: set[str] = params
        elif isinstance(owner, gast.For) and block is owner.body:
            on_entry = activity.of_expressions([owner.target]).writes
        else:
            on_entry = set()
        graph = cfg.build(block, on_entry)

    def writes(node: cfg.Node) -> frozenset[str]:
        # A write inside a construct that does not carry the variable binds a local of
        # that construct's function, invisible here.
        return frozenset(
            name for name in node.writes if all(name in carried[id(c)][0] for c in node.enclosing)
        )

    return graph, reaching_definitions.defined_in(graph, writes)


def _is_docstring(stmt: gast.stmt) -> bool:
    return isinstance(stmt, gast.Expr) and isinstance(stmt.value, gast.Constant) and isinstance(stmt.value.value, str)
