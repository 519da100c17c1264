"""Two number backends for one waterfall interpreter.

The interpreter is written once against these few operations. ``ExactOps`` works on Python integers
(fen) with Decimal for the one multiplication by a rate, rounded half-even to the fen: that is the base
case. ``ArrayOps`` works on float64 numpy arrays, one element per Monte Carlo path, and rounds at the
same places (``np.rint`` is half-even too), so a zero-volatility run reproduces the base case to the fen.
Conditions are a ``bool`` in the exact backend and a boolean array in the vector one.
"""

from __future__ import annotations

from decimal import ROUND_FLOOR, ROUND_HALF_EVEN, Decimal, localcontext
from typing import Any

import numpy as np

INF = Decimal("Infinity")


class ExactOps:
    vector = False

    def const(self, value: int | Decimal) -> int:
        return int(value)

    def zero(self) -> int:
        return 0

    def mul_rate(self, amount: int, rate: Decimal) -> int:
        return int((Decimal(amount) * rate).to_integral_value(ROUND_HALF_EVEN))

    def minimum(self, a: Any, b: Any) -> Any:
        return a if a <= b else b

    def maximum(self, a: Any, b: Any) -> Any:
        return a if a >= b else b

    def where(self, cond: bool, a: Any, b: Any) -> Any:
        return a if cond else b

    def share(self, total: int, part: int, whole: int) -> int:
        """floor(total × part / whole), 0 when whole is 0."""
        return (total * part) // whole if whole > 0 else 0

    def ratio(self, a: int, b: int) -> Decimal:
        if b == 0:
            return INF if a > 0 else Decimal(0)
        with localcontext() as ctx:
            ctx.prec = 28
            return Decimal(a) / Decimal(b)

    def number(self, value: Any) -> Decimal:
        return Decimal(str(value))

    def land(self, a: bool, b: bool) -> bool:
        return bool(a and b)

    def lor(self, a: bool, b: bool) -> bool:
        return bool(a or b)

    def lnot(self, a: bool) -> bool:
        return not a

    def true(self) -> bool:
        return True

    def false(self) -> bool:
        return False

    def floor(self, value: Decimal) -> int:
        return int(value.to_integral_value(ROUND_FLOOR))

    def is_bool(self, value: Any) -> bool:
        return isinstance(value, bool)


class ArrayOps:
    vector = True

    def __init__(self, n: int) -> None:
        self.n = n

    def const(self, value: int | Decimal) -> np.ndarray:
        return np.full(self.n, float(value))

    def zero(self) -> np.ndarray:
        return np.zeros(self.n)

    def mul_rate(self, amount: np.ndarray, rate: Decimal) -> np.ndarray:
        return np.rint(amount * float(rate))

    def minimum(self, a: Any, b: Any) -> np.ndarray:
        return np.minimum(a, b)

    def maximum(self, a: Any, b: Any) -> np.ndarray:
        return np.maximum(a, b)

    def where(self, cond: Any, a: Any, b: Any) -> np.ndarray:
        return np.where(cond, a, b)

    def share(self, total: Any, part: Any, whole: Any) -> np.ndarray:
        safe = np.where(whole > 0, whole, 1.0)
        return np.where(whole > 0, np.floor(total * part / safe + 1e-9), 0.0)

    def ratio(self, a: Any, b: Any) -> np.ndarray:
        a = np.broadcast_to(np.asarray(a, dtype=float), (self.n,))
        b = np.broadcast_to(np.asarray(b, dtype=float), (self.n,))
        out = np.where(a > 0, np.inf, 0.0)
        np.divide(a, b, out=out, where=b != 0)
        return out

    def number(self, value: Any) -> float:
        return float(value)

    def land(self, a: Any, b: Any) -> np.ndarray:
        return np.logical_and(a, b)

    def lor(self, a: Any, b: Any) -> np.ndarray:
        return np.logical_or(a, b)

    def lnot(self, a: Any) -> np.ndarray:
        return np.logical_not(a)

    def true(self) -> np.ndarray:
        return np.ones(self.n, dtype=bool)

    def false(self) -> np.ndarray:
        return np.zeros(self.n, dtype=bool)

    def floor(self, value: Any) -> np.ndarray:
        return np.floor(value)

    def is_bool(self, value: Any) -> bool:
        return (isinstance(value, np.ndarray) and value.dtype == bool) or isinstance(value, bool | np.bool_)
