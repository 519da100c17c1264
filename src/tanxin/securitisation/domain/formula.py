"""Trigger formulas: a tiny, safe expression language over the period's test metrics.

``oc < 1.10``, ``ic < 1.2 or cdr_cum > 0.05``. Only metric names, numbers, + - * /, comparisons,
``and``/``or``/``not`` are allowed; anything else is refused when the structure is read, never at run
time. Evaluated with the backend's operations so one formula serves the exact base case and the paths.
"""

from __future__ import annotations

import ast
import operator
from decimal import Decimal, InvalidOperation, localcontext
from typing import Any

from tanxin.securitisation.domain.errors import refuse

METRICS = ("oc", "ic", "cdr_cum", "pool_factor", "period")
_CMP = {ast.Lt: operator.lt, ast.LtE: operator.le, ast.Gt: operator.gt, ast.GtE: operator.ge}
_BIN = {ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul}


def parse(text: str) -> ast.Expression:
    """The checked syntax tree of a trigger formula, or a refusal naming what is wrong."""
    try:
        tree = ast.parse(str(text), mode="eval")
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        raise refuse("bad_trigger", "the trigger formula cannot be read", formula=text) from None
    if len(str(text)) > 200:
        raise refuse("bad_trigger", "the trigger formula is too long", formula=str(text)[:40])
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and node.id not in METRICS:
            raise refuse("bad_trigger", "the trigger formula names an unknown metric", formula=text, name=node.id)
        if not isinstance(node, _ALLOWED):
            raise refuse("bad_trigger", "the trigger formula uses something other than metrics and numbers",
                         formula=text)  # fmt: skip
        if isinstance(node, ast.Constant) and (isinstance(node.value, bool) or not isinstance(node.value, int | float)):
            raise refuse("bad_trigger", "the trigger formula holds a value that is not a number", formula=text)
    if not isinstance(tree.body, ast.Compare | ast.BoolOp) and not (
        isinstance(tree.body, ast.UnaryOp) and isinstance(tree.body.op, ast.Not)
    ):
        raise refuse("bad_trigger", "the trigger formula must be a comparison", formula=text)
    return tree


_ALLOWED = (
    ast.Expression, ast.Compare, ast.BoolOp, ast.UnaryOp, ast.BinOp, ast.Name, ast.Constant, ast.Load,
    ast.And, ast.Or, ast.Not, ast.USub, ast.Lt, ast.LtE, ast.Gt, ast.GtE, ast.Add, ast.Sub, ast.Mult, ast.Div,
)  # fmt: skip


def evaluate(tree: ast.Expression, metrics: dict[str, Any], ops: Any) -> Any:
    """True where the trigger is breached (a bool, or a boolean array over paths)."""
    with localcontext() as ctx:
        # An undefined exact result (infinity - infinity, 0 × infinity) is NaN and compares false, as NaN
        # does on the paths, instead of raising in the base case only.
        ctx.traps[InvalidOperation] = False
        return _eval(tree.body, metrics, ops)


def _eval(node: ast.AST, m: dict[str, Any], ops: Any) -> Any:
    if isinstance(node, ast.Constant):
        return ops.number(node.value)
    if isinstance(node, ast.Name):
        return m[node.id]
    if isinstance(node, ast.UnaryOp):
        value = _eval(node.operand, m, ops)
        return ops.lnot(value) if isinstance(node.op, ast.Not) else -value
    if isinstance(node, ast.BinOp):
        left, right = _eval(node.left, m, ops), _eval(node.right, m, ops)
        if isinstance(node.op, ast.Div):
            return _divide(left, right)
        return _BIN[type(node.op)](left, right)
    if isinstance(node, ast.BoolOp):
        values = [_eval(v, m, ops) for v in node.values]
        out = values[0]
        for v in values[1:]:
            out = ops.land(out, v) if isinstance(node.op, ast.And) else ops.lor(out, v)
        return out
    if isinstance(node, ast.Compare):
        left, out = _eval(node.left, m, ops), ops.true()
        for op, comp in zip(node.ops, node.comparators, strict=True):
            right = _eval(comp, m, ops)
            out = ops.land(out, _CMP[type(op)](left, right))
            left = right
        return out
    raise refuse("bad_trigger", "the trigger formula cannot be evaluated")


def _divide(a: Any, b: Any) -> Any:
    if isinstance(a, Decimal) or isinstance(b, Decimal):
        if b == 0:
            return Decimal("Infinity") if a > 0 else Decimal(0)
        return Decimal(a) / Decimal(b)
    import numpy as np

    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):  # over zero as in the exact branch, so paths break alike
        return np.where(b != 0, a / b, np.where(a > 0, np.inf, 0.0))


def check(text: str) -> ast.Expression:
    """Parse and evaluate once on neutral metrics, so a formula that cannot run is refused up front."""
    from tanxin.securitisation.domain.ops import ExactOps

    tree = parse(text)
    value = evaluate(tree, {name: Decimal(1) for name in METRICS}, ExactOps())
    if not isinstance(value, bool):
        raise refuse("bad_trigger", "the trigger formula does not give yes or no", formula=text)
    return tree
