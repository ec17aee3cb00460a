"""The pieces every staged if/loop is made of: `get_state`/`set_state` over the carried
variables, and body functions that write those variables through `nonlocal`.
Shared by the conditionals, while_loops and for_loops converters."""

from __future__ import annotations

import gast

from autoconv.autograph.context import Context
from autoconv.autograph.pyct import anno, parser, templates


def carried(node: gast.stmt) -> tuple[str, ...]:
    return anno.getanno(node, anno.Static.CARRIED, ())


def names_tuple(names: tuple[str, ...]) -> gast.Tuple:
    """`('x', 'y')`: the carried names as strings, for error messages."""
    return gast.Tuple(elts=[gast.Constant(value=n, kind=None) for n in names], ctx=gast.Load())


def _variables(names: tuple[str, ...]) -> gast.Tuple:
    """`(x, self.count)`: carried variables and attributes (`obj.attr` names, or the text of
    an attribute of an item, `d['k'].v`)."""
    return gast.Tuple(elts=[_variable(n) for n in names], ctx=gast.Load())


def _variable(name: str) -> gast.expr:
    if not name.replace(".", "_").isidentifier():  # `d['k'].v`
        return parser.parse_expression(name)
    *path, last = name.split(".")
    if not path:
        return gast.Name(id=last, ctx=gast.Load(), annotation=None, type_comment=None)
    return gast.Attribute(value=_variable(".".join(path)), attr=last, ctx=gast.Load())


def _plain(names: tuple[str, ...]) -> list[str]:
    """The variables among carried names (attributes need no `nonlocal`)."""
    return [n for n in names if "." not in n]


def state_functions(names: tuple[str, ...], ctx: Context) -> tuple[list[gast.stmt], str, str]:
    """Definitions of `get_state` and `set_state`, and their names."""
    get_state = ctx.namer.new("get_state")
    set_state = ctx.namer.new("set_state")
    if not names:
        defs = templates.replace(
            """
            def get_state():
                return ()

            def set_state(vars_):
                pass
            """,
            get_state=get_state,
            set_state=set_state,
        )
        return defs, get_state, set_state
    defs = templates.replace(
        """
        def get_state():
            return variables

        def set_state(vars_):
            nonlocal names
            variables = vars_
        """,
        get_state=get_state,
        set_state=set_state,
        names=_plain(names),
        variables=_variables(names),
    )
    _drop_empty_nonlocal(defs[1])
    anno.setanno(defs[1], anno.Basic.STATE_SETTER, True)
    return defs, get_state, set_state


def _drop_empty_nonlocal(func: gast.FunctionDef) -> None:
    if isinstance(func.body[0], gast.Nonlocal) and not func.body[0].names:
        del func.body[0]


def body_function(name: str, params: list[str], names: tuple[str, ...], body: list[gast.stmt]) -> list[gast.stmt]:
    """`def name(params): nonlocal names; body`."""
    if not body:
        names = ()
    func = templates.replace(
        """
        def fname():
            nonlocal names
            body
        """,
        fname=name,
        names=_plain(names),
        body=body or [gast.Pass()],
    )
    _drop_empty_nonlocal(func[0])
    func[0].args.args = [gast.Name(id=p, ctx=gast.Param(), annotation=None, type_comment=None) for p in params]
    return func


def options(node: gast.stmt) -> gast.Dict:
    """The `opts` dict of a staged loop."""
    enclosing = anno.getanno(node, anno.Static.ENCLOSING)
    if enclosing is None:
        return gast.Dict(keys=[], values=[])
    return gast.Dict(
        keys=[gast.Constant(value="enclosing", kind=None)],
        values=[gast.Constant(value=enclosing, kind=None)],
    )
