"""Elementwise fusion for `jit_compile=True`, and the buffer plan of each fused chain.

    %1:f32[N] = sin %0                        %4:f32[N] = fused %0 slots=('b0', 'b1', 'b0', 'o0')
    %2:f32[N] = cos %0              ->          body(%0:f32[N]) {
    %3:f32[N] = multiply %1, %2                   %1 = sin %0 ; %2 = cos %0
    %4:f32[N] = add %3, 1.0                       %3 = multiply %1, %2 ; %4 = add %3, 1.0 }

A chain is a connected set of elementwise ops (plain ufuncs, one output) of one fully known,
non-scalar shape; their operands are tensors of that shape, 0-d tensors or Python scalars
(no other broadcasting). The runtime evaluates a fused op block by block over cache-sized
chunks (`autoconv.runtime.fused`), each result written to the block buffer `plan_buffers`
chose for it. The ufuncs, their order and every result dtype are those of the unfused graph,
so results are equal bit for bit.
"""

from __future__ import annotations

import heapq
from typing import Any

import numpy as np

from autoconv.graph import registry
from autoconv.graph.ir import Graph, Operation, Tensor
from autoconv.optimize.rebuild import all_operations

MIN_CHAIN = 2  # a lone op gains nothing from fusion
# Below this many elements NumPy's temporaries are small and cheap: fusing saves nothing at
# run time and costs a fused op's code generation at trace time.
MIN_ELEMENTS = 4096
_KINDS = "biufc"  # bool, integer and floating dtypes (no objects, dates or strings)
_SCALARS = (bool, int, float, complex, np.generic)


def fuse_elementwise(graph: Graph) -> Graph:
    """A new graph where each chain of elementwise ops is one `fused` op (sub-graphs too).

    Fused ops already there keep their body, with a fresh buffer plan: passes that ran
    since may have rewritten the body. A graph with nothing to fuse is returned as it is.
    """
    if not any(op.type == "fused" or fusable(op) for op in all_operations(graph)):
        return graph
    return _rebuild(graph, {})


PASSES = (fuse_elementwise,)  # run last, with jit_compile=True (autoconv.optimize.optimizer)


# ---------------------------------------------------------------------------------------
# Which ops fuse.

def fusable(op: Operation) -> bool:
    if op.type not in registry.ELEMENTWISE or len(op.outputs) != 1 or op.control_inputs:
        return False
    if "out" in op.attrs or "where" in op.attrs:
        return False
    out = op.outputs[0]
    if out.weak or out.shape == () or None in out.shape or out.dtype.kind not in _KINDS:
        return False
    if int(np.prod(out.shape, dtype=np.int64)) < MIN_ELEMENTS:
        return False
    for x in op.inputs:
        if isinstance(x, Tensor):
            if x.dtype.kind not in _KINDS or not (x.weak or x.shape == () or x.shape == out.shape):
                return False
        elif not isinstance(x, _SCALARS):
            return False
    return True


def _dependencies(ops: tuple[Operation, ...]) -> dict[Operation, list[Operation]]:
    """Per op, the ops that must run before it: producers, control inputs, earlier effects."""
    deps: dict[Operation, list[Operation]] = {}
    last_effect: Operation | None = None
    for op in ops:
        before = [x.op for x in op.inputs if isinstance(x, Tensor) and x.op is not None and x.op in deps]
        before += [c for c in op.control_inputs if c in deps]
        if _has_effects(op):
            if last_effect is not None:
                before.append(last_effect)
            last_effect = op
        deps[op] = before
    return deps


def _has_effects(op: Operation) -> bool:
    if op.type in registry.STATEFUL:
        return True
    return any(_has_effects(inner) for sub in op.subgraphs() for inner in sub.operations)


def find_chains(ops: tuple[Operation, ...]) -> list[list[Operation]]:
    """Groups of fusable ops, each connected, of one shape, and fusable without a cycle.

    A group may not both feed and consume an op outside it: an op is `tainted` by a group
    when a path from the group reaches it through an op outside the group, and a tainted op
    (or anything after it) never joins that group. Groups meet and merge at an op that reads
    from several of them, if neither taints the other.
    """
    parent: dict[int, int] = {}

    def find(g: int) -> int:
        while parent[g] != g:
            parent[g] = parent[parent[g]]
            g = parent[g]
        return g

    def norm(ids: set[int]) -> set[int]:
        return {find(g) for g in ids}

    deps = _dependencies(ops)
    group_of: dict[Operation, int] = {}
    shape: dict[int, tuple] = {}
    reach: dict[Operation, set[int]] = {}  # groups an op depends on
    taint: dict[Operation, set[int]] = {}
    group_taint: dict[int, set[int]] = {}
    for op in ops:
        up_reach = norm(set().union(*(reach[p] for p in deps[op])))
        up_taint = norm(set().union(*(taint[p] for p in deps[op])))
        g: int | None = None
        if fusable(op):
            s = op.outputs[0].shape
            near = sorted({find(group_of[p]) for p in deps[op] if p in group_of} - up_taint)
            for c in (c for c in near if shape[c] == s):
                if g is None:
                    g = c
                elif c not in norm(group_taint[g]) and g not in norm(group_taint[c]):
                    parent[c] = g
                    group_taint[g] |= group_taint[c]
            if g is None:
                g = len(parent)
                parent[g], shape[g], group_taint[g] = g, s, set()
            group_of[op] = g
        up_reach = norm(up_reach)  # merged groups count as one from here on
        reach[op] = up_reach | ({g} if g is not None else set())
        taint[op] = norm(up_taint) | (up_reach - {g})
        if g is not None:
            group_taint[g] |= taint[op]
    members: dict[int, list[Operation]] = {}
    for op, g in group_of.items():
        members.setdefault(find(g), []).append(op)
    return [m for m in members.values() if len(m) >= MIN_CHAIN]


# ---------------------------------------------------------------------------------------
# Rebuilding the graph.

def _rebuild(graph: Graph, env: dict[Any, Any]) -> Graph:
    new = Graph(graph.name)
    for t in graph.inputs:
        env[t] = new.add_input(t.dtype, t.shape, t.weak)
    new.captures = tuple((env[o], env[i]) for o, i in graph.captures)
    ops = tuple(graph.operations)
    chains = find_chains(ops)
    chain_of = {op: k for k, chain in enumerate(chains) for op in chain}
    op_map: dict[Operation, Operation] = {}
    for node in _schedule(ops, chains, chain_of):
        if isinstance(node, Operation):
            _copy(new, node, env, op_map)
        else:
            _fuse(new, chains[node], graph, env, op_map)
    return new.freeze(tuple(_get(env, x) for x in graph.outputs))


def _get(env: dict[Any, Any], x: Any) -> Any:
    return env[x] if isinstance(x, Tensor) else x


def _schedule(ops: tuple[Operation, ...], chains: list[list[Operation]],
              chain_of: dict[Operation, int]) -> list[Operation | int]:
    """Ops and chains (by index) in an order that respects every dependency, each where it
    first can run, ties in the original order."""
    position = {op: i for i, op in enumerate(ops)}
    deps = _dependencies(ops)

    def node(op: Operation) -> Operation | int:
        return chain_of.get(op, op)  # type: ignore[return-value]

    first: dict[Any, int] = {}  # node -> its earliest original position (a unique key)
    for op in ops:
        first.setdefault(node(op), position[op])
    waiting: dict[Any, set[int]] = {n: set() for n in first}
    users: dict[Any, list[Any]] = {n: [] for n in first}
    for op in ops:
        for p in deps[op]:
            a, b = node(p), node(op)
            if first[a] != first[b] and first[a] not in waiting[b]:
                waiting[b].add(first[a])
                users[a].append(b)
    by_key = {k: n for n, k in first.items()}
    ready = [k for n, k in first.items() if not waiting[n]]
    heapq.heapify(ready)
    order: list[Any] = []
    while ready:
        n = by_key[heapq.heappop(ready)]
        order.append(n)
        for u in users[n]:
            waiting[u].discard(first[n])
            if not waiting[u]:
                heapq.heappush(ready, first[u])
    assert len(order) == len(first), "fusion made a cycle"
    return order


def _copy(new: Graph, op: Operation, env: dict[Any, Any], op_map: dict[Operation, Operation]) -> None:
    if op.type == "fused":  # a body reads only its own inputs: shared as it is
        attrs = {**op.attrs, "slots": plan_buffers(op.attrs["body"])}
    else:
        attrs = {k: _rebuild(v, env) if isinstance(v, Graph) else v for k, v in op.attrs.items()}
    control = tuple(op_map[c] for c in op.control_inputs)
    copy = Operation(op.type, tuple(_get(env, x) for x in op.inputs), attrs, control, op.location)
    new.append(copy, tuple((t.dtype, t.shape, t.weak) for t in op.outputs))
    op_map[op] = copy
    for old, t in zip(op.outputs, copy.outputs):
        env[old] = t


def _fuse(new: Graph, chain: list[Operation], graph: Graph, env: dict[Any, Any],
          op_map: dict[Operation, Operation]) -> None:
    members = set(chain)
    produced = {op.outputs[0] for op in chain}
    externals: list[Tensor] = []
    for op in chain:
        for x in op.inputs:
            if isinstance(x, Tensor) and x not in produced and all(x is not e for e in externals):
                externals.append(x)
    body = Graph("body")
    inner = {x: body.add_input(x.dtype, x.shape, x.weak) for x in externals}
    for op in chain:
        copy = Operation(op.type, tuple(inner[x] if isinstance(x, Tensor) else x for x in op.inputs),
                         op.attrs, (), op.location)
        body.append(copy, ((op.outputs[0].dtype, op.outputs[0].shape),))
        inner[op.outputs[0]] = copy.outputs[0]
    used_outside = _used_outside(graph, members)
    results = [op.outputs[0] for op in chain if op.outputs[0] in used_outside]
    body.freeze(tuple(inner[t] for t in results))
    fused = Operation("fused", tuple(env[x] for x in externals), {"body": body, "slots": plan_buffers(body)},
                      (), chain[-1].location)
    new.append(fused, tuple((t.dtype, t.shape) for t in results))
    for old, t in zip(results, fused.outputs):
        env[old] = t
    for op in chain:
        op_map[op] = fused


def _used_outside(graph: Graph, members: set[Operation]) -> set[Tensor]:
    used = {x for x in graph.outputs if isinstance(x, Tensor)}
    for op in graph.operations:
        if op not in members:
            used.update(x for x in op.inputs if isinstance(x, Tensor))
    return used


# ---------------------------------------------------------------------------------------
# The buffer plan.

def plan_buffers(body: Graph) -> tuple[str, ...]:
    """Where each body op writes its block of results: `'o<k>'` the fused op's k-th output,
    `'b<j>'` the j-th block buffer.

    Liveness decides: a buffer is free again after the last op that reads its value, and an
    op whose operand dies with it writes over that operand (in place) when the dtypes match.
    A buffer holds one dtype, the op's own result dtype, so no write ever casts.
    """
    last_use: dict[Tensor, int] = {}
    for i, op in enumerate(body.operations):
        for x in op.inputs:
            if isinstance(x, Tensor):
                last_use[x] = i
    out_index = {t: k for k, t in enumerate(body.outputs)}
    where: dict[Tensor, str] = {}
    dtype_of: dict[str, np.dtype] = {}
    free: list[str] = []
    for i, op in enumerate(body.operations):
        t = op.outputs[0]
        dying = [x for x in dict.fromkeys(op.inputs) if isinstance(x, Tensor) and where.get(x, "o")[0] == "b"
                 and last_use[x] == i]
        if t in out_index:
            slot = f"o{out_index[t]}"
        else:
            slot = next((where[x] for x in dying if dtype_of[where[x]] == t.dtype), "")
            if slot:
                dying = [x for x in dying if where[x] != slot]
            else:
                slot = next((b for b in free if dtype_of[b] == t.dtype), "")
                if slot:
                    free.remove(slot)
                else:
                    slot = f"b{len(dtype_of)}"
                    dtype_of[slot] = t.dtype
        free.extend(where[x] for x in dying)
        where[t] = slot
    return tuple(where[op.outputs[0]] for op in body.operations)
