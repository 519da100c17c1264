"""Root finding without scipy: Brent's method on a bracket, and the yield of a cash-flow stream."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

from tanxin.securitisation.domain.errors import refuse


def brent(f: Callable[[float], float], a: float, b: float, *, tol: float = 1e-12, max_iter: int = 200) -> float:
    """A root of ``f`` in [a, b] where f(a) and f(b) differ in sign (Brent 1973: bisection, secant and
    inverse quadratic interpolation, never leaving the bracket)."""
    fa, fb = f(a), f(b)
    if fa == 0:
        return a
    if fb == 0:
        return b
    if (fa > 0) == (fb > 0):
        raise refuse("no_bracket", "no root between the bounds")
    c, fc, d = a, fa, b - a
    e = d
    for _ in range(max_iter):
        if (fb > 0) == (fc > 0):
            c, fc, d = a, fa, b - a
            e = d
        if abs(fc) < abs(fb):
            a, b, c, fa, fb, fc = b, c, b, fb, fc, fb
        tol1 = 2 * 2.2e-16 * abs(b) + tol / 2
        m = (c - b) / 2
        if abs(m) <= tol1 or fb == 0:
            return b
        if abs(e) >= tol1 and abs(fa) > abs(fb):
            s = fb / fa
            if a == c:
                p, q = 2 * m * s, 1 - s
            else:
                q, r = fa / fc, fb / fc
                p = s * (2 * m * q * (q - r) - (b - a) * (r - 1))
                q = (q - 1) * (r - 1) * (s - 1)
            if p > 0:
                q = -q
            p = abs(p)
            if 2 * p < min(3 * m * q - abs(tol1 * q), abs(e * q)):
                e, d = d, p / q
            else:
                d = e = m
        else:
            d = e = m
        a, fa = b, fb
        b += d if abs(d) > tol1 else math.copysign(tol1, m)
        fb = f(b)
    return b


def bisect(f: Callable[[float], float], a: float, b: float, *, tol: float = 1e-9, max_iter: int = 100) -> float:
    """The boundary where a monotone yes/no ``f`` changes its answer, by halving the bracket. ``f`` answers yes with
    True or a number above 0 (+1), no with False or a number at or below 0 (-1)."""
    fa = f(a)
    for _ in range(max_iter):
        if abs(b - a) <= tol:
            break
        mid = (a + b) / 2
        if (f(mid) > 0) == (fa > 0):
            a, fa = mid, f(mid)
        else:
            b = mid
    return (a + b) / 2


def npv(rate: float, flows: Sequence[float]) -> float:
    return sum(cf / (1 + rate) ** t for t, cf in enumerate(flows))


def irr(flows: Sequence[float]) -> float | None:
    """The periodic rate at which the flows' present value is nil; None when there is none."""
    if not flows or all(cf == 0 for cf in flows):
        return None
    low, high = -0.99, 1.0
    try:
        return brent(lambda r: npv(r, flows), low, high)
    except Exception:
        return None
