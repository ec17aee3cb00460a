"""Which names a function binds locally (parameters and assignments in its own scope)."""

from __future__ import annotations

import gast

from autoconv.autograph.pyct import traversal
from autoconv.autograph.pyct.static_analysis import activity


def local_names(func: gast.FunctionDef) -> set[str]:
    args = func.args
    params = args.posonlyargs + args.args + args.kwonlyargs
    params += [a for a in (args.vararg, args.kwarg) if a is not None]
    act = activity.of_block(func.body)
    declared = {
        name
        for node in traversal.statements(func.body)
        if isinstance(node, (gast.Global, gast.Nonlocal))
        for name in node.names
    }
    return ({a.id for a in params} | act.writes | act.deletes) - declared
