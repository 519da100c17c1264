"""Mutation operators for ``scripts/mutation.py``: one small, plausible bug at a time, generated from the AST.

Operators: comparison flips (``<`` ↔ ``<=``, ``>`` ↔ ``>=``, ``==`` ↔ ``!=``, ``is`` ↔ ``is not``, ``in`` ↔
``not in``), arithmetic swaps (``+`` ↔ ``-``, ``*`` ↔ ``/``, ``//`` → ``/``, ``%`` → ``//``, ``**`` → ``*``,
``|`` ↔ ``&``, also in ``+=`` etc.), a numeric constant plus one (``Decimal("0.5")`` too), ``True`` ↔ ``False``,
``and`` ↔ ``or``, a dropped ``not`` or unary minus, ``min`` ↔ ``max``, a rounding mode swapped (half-up →
floor, half-even → half-up, ...), a negated ``if``/``while``/``assert``/ternary condition (when it is not a
comparison, which is flipped already), ``return x`` → ``return None``, and a removed call statement or ``raise``.

Never mutated: docstrings, annotations, ``if TYPE_CHECKING`` blocks, ``__all__``, messages (strings are left
alone, and so is everything inside ``raise``), decorators (``frozen=True``) and gettext/logging calls.
"""

from __future__ import annotations

import ast
import copy
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

COMPARE_FLIP: dict[type, type] = {
    ast.Lt: ast.LtE, ast.LtE: ast.Lt, ast.Gt: ast.GtE, ast.GtE: ast.Gt, ast.Eq: ast.NotEq, ast.NotEq: ast.Eq,
    ast.Is: ast.IsNot, ast.IsNot: ast.Is, ast.In: ast.NotIn, ast.NotIn: ast.In,
}  # fmt: skip
BINOP_SWAP: dict[type, type] = {
    ast.Add: ast.Sub, ast.Sub: ast.Add, ast.Mult: ast.Div, ast.Div: ast.Mult, ast.FloorDiv: ast.Div,
    ast.Mod: ast.FloorDiv, ast.Pow: ast.Mult, ast.BitOr: ast.BitAnd, ast.BitAnd: ast.BitOr,
}  # fmt: skip
ROUNDING_SWAP = {
    "ROUND_HALF_UP": "ROUND_FLOOR", "ROUND_HALF_EVEN": "ROUND_HALF_UP", "ROUND_FLOOR": "ROUND_CEILING",
    "ROUND_CEILING": "ROUND_FLOOR", "ROUND_DOWN": "ROUND_UP", "ROUND_UP": "ROUND_DOWN",
    "ROUND_HALF_DOWN": "ROUND_HALF_UP",
}  # fmt: skip
SKIP_CALLS = {"_", "gettext", "gettext_lazy", "ngettext", "pgettext", "debug", "info", "warning", "error",
              "exception", "getLogger"}  # fmt: skip


@dataclass(frozen=True)
class Mutation:
    """One mutant of one file: where and what (``render`` builds the mutated module source)."""

    path: str
    line: int
    end_line: int
    col: int
    op: str
    before: str
    after: str
    function: str
    node_index: int
    op_index: int

    @property
    def key(self) -> str:
        """Stable while the enclosing function is unchanged in shape: used to name explained equivalents."""
        return f"{self.path}::{self.function}::{self.before} -> {self.after}"


Replacement = tuple[str, Callable[[ast.AST], ast.AST]]


def _set_op(new_op: type) -> Callable[[ast.AST], ast.AST]:
    def apply(node: ast.AST) -> ast.AST:
        node.op = new_op()
        return node

    return apply


def _compare(node: ast.Compare) -> Iterator[Replacement]:
    for i, op in enumerate(node.ops):
        flipped = COMPARE_FLIP.get(type(op))
        if flipped is None:
            continue

        def apply(n: ast.AST, i: int = i, flipped: type = flipped) -> ast.AST:
            n.ops[i] = flipped()
            return n

        yield "compare", apply


def _number_plus_one(value: object) -> object | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return value + 1


def _decimal_literal(node: ast.Call) -> str | None:
    if isinstance(node.func, ast.Name) and node.func.id == "Decimal" and len(node.args) == 1:
        arg = node.args[0]
        if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
            try:
                return str(Decimal(arg.value) + 1)
            except InvalidOperation:
                return None
    return None


def _negate(attr: str) -> Callable[[ast.AST], ast.AST]:
    def apply(node: ast.AST) -> ast.AST:
        setattr(node, attr, ast.UnaryOp(op=ast.Not(), operand=getattr(node, attr)))
        return node

    return apply


def replacements(node: ast.AST) -> Iterator[Replacement]:
    """The mutations that apply to this one node (each a description and a function mutating a copy)."""
    if isinstance(node, ast.Compare):
        yield from _compare(node)
    elif isinstance(node, ast.BinOp | ast.AugAssign) and type(node.op) in BINOP_SWAP:
        yield "arithmetic", _set_op(BINOP_SWAP[type(node.op)])
    elif isinstance(node, ast.BoolOp):
        yield "boolean", _set_op(ast.Or if isinstance(node.op, ast.And) else ast.And)
    elif isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not | ast.USub):
        yield "unary", lambda n: n.operand
    elif isinstance(node, ast.Constant) and isinstance(node.value, bool):
        yield "constant", lambda n: ast.Constant(value=not n.value)
    elif isinstance(node, ast.Constant) and _number_plus_one(node.value) is not None:
        yield "constant", lambda n: ast.Constant(value=_number_plus_one(n.value))
    elif isinstance(node, ast.Call):
        literal = _decimal_literal(node)
        if literal is not None:
            yield "constant", lambda n: ast.Call(func=n.func, args=[ast.Constant(value=literal)], keywords=[])
        if isinstance(node.func, ast.Name) and node.func.id in ("min", "max"):
            other = "max" if node.func.id == "min" else "min"
            yield "min/max", lambda n: ast.Call(func=ast.Name(id=other, ctx=ast.Load()), args=n.args,
                                                 keywords=n.keywords)  # fmt: skip
    elif isinstance(node, ast.Name | ast.Attribute) and _name_of(node) in ROUNDING_SWAP:
        yield "rounding", lambda n: ast.Constant(value=ROUNDING_SWAP[_name_of(n)])
    elif isinstance(node, ast.If | ast.While | ast.IfExp | ast.Assert) and not isinstance(node.test, ast.Compare):
        yield "negate", _negate("test")
    elif isinstance(node, ast.Return) and node.value is not None:
        if not (isinstance(node.value, ast.Constant) and node.value.value is None):
            yield "return", lambda n: ast.Return(value=ast.Constant(value=None))
    elif isinstance(node, ast.Raise) or (isinstance(node, ast.Expr) and isinstance(node.value, ast.Call)):
        yield "remove", lambda n: ast.Pass()


def _name_of(node: ast.AST) -> str:
    return node.id if isinstance(node, ast.Name) else node.attr if isinstance(node, ast.Attribute) else ""


def _skipped(node: ast.AST) -> bool:
    if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
        return True
    if isinstance(node, ast.Assign) and any(_name_of(t) == "__all__" for t in node.targets):
        return True
    if isinstance(node, ast.Call) and _name_of(node.func) in SKIP_CALLS:
        return True
    return isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)  # docstring or bare string


def _walk(node: ast.AST, scope: str) -> Iterator[tuple[ast.AST, str]]:
    """Every mutable node with the name of its enclosing function, skipping annotations and messages."""
    if _skipped(node):
        return
    yield node, scope
    if isinstance(node, ast.Raise):
        return  # the raise itself may be removed; its message is left alone
    if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
        scope = f"{scope}.{node.name}" if scope else node.name
    for field, value in ast.iter_fields(node):
        if field in ("annotation", "returns", "type_comment", "decorator_list"):
            continue
        if isinstance(node, ast.Call) and _decimal_literal(node) is not None and field == "args":
            continue  # the literal is mutated as a whole
        for child in value if isinstance(value, list) else [value]:
            if isinstance(child, ast.AST):
                yield from _walk(child, scope)


def _targets(tree: ast.AST) -> list[tuple[ast.AST, str]]:
    return [(node, scope) for node, scope in _walk(tree, "") if hasattr(node, "lineno")]


def mutations(path: str, text: str) -> list[Mutation]:
    """Every mutant of one module, in source order."""
    out: list[Mutation] = []
    for index, (node, scope) in enumerate(_targets(ast.parse(text))):
        for op_index, (op, apply) in enumerate(replacements(node)):
            twin = copy.deepcopy(node)
            before = _short(twin)
            after = _short(apply(twin))
            span = node.test if isinstance(node, ast.If | ast.While) else node  # the condition, not the body
            out.append(Mutation(path, node.lineno, span.end_lineno or node.lineno, node.col_offset, op, before, after,
                                scope or "<module>", index, op_index))  # fmt: skip
    return out


def render(text: str, mutation: Mutation) -> str:
    """The module source with this one mutation applied."""
    tree = ast.parse(text)
    node = _targets(tree)[mutation.node_index][0]
    apply = list(replacements(node))[mutation.op_index][1]
    new_node = apply(node)
    if new_node is not node:
        _replace(tree, node, new_node)
    ast.fix_missing_locations(tree)
    return ast.unparse(tree)


def _short(node: ast.AST) -> str:
    if isinstance(node, ast.If | ast.While):
        text = f"{type(node).__name__.lower()} {ast.unparse(node.test)}"
    elif isinstance(node, ast.Assert):
        text = f"assert {ast.unparse(node.test)}"
    else:
        text = ast.unparse(node).splitlines()[0] if not isinstance(node, ast.Pass) else "pass"
    return text if len(text) <= 90 else text[:87] + "..."


def _replace(tree: ast.AST, old: ast.AST, new: ast.AST) -> None:
    for parent in ast.walk(tree):
        for field, value in ast.iter_fields(parent):
            if value is old:
                setattr(parent, field, new)
                return
            if isinstance(value, list) and any(v is old for v in value):
                value[next(i for i, v in enumerate(value) if v is old)] = new
                return
