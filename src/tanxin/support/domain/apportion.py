"""Split an amount of whole fen by weights, under per-recipient caps, with the largest-remainder rule.

Exact arithmetic (``Fraction``) all the way: shares are computed exactly, capped recipients are fixed
at their cap and the rest re-shared (water-filling), then each uncapped share is floored to a fen and
the leftover fen go one each to the largest fractional remainders. Ties in remainder go to the
earlier position in the input, which callers pass in rank order, so the better-ranked wins.

Guarantees: every result ≤ its cap; Σ results == min(amount, Σ caps of positive-weight recipients);
a zero weight gets zero; the same input always gives the same output.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from fractions import Fraction


def apportion_fen(amount_fen: int, weights: Sequence[Decimal | int], caps: Sequence[int]) -> list[int]:
    if len(weights) != len(caps):
        raise ValueError("weights and caps must have the same length")
    if amount_fen < 0 or any(c < 0 for c in caps) or any(w < 0 for w in weights):
        raise ValueError("amount, weights and caps must be non-negative")
    w = [Fraction(x) for x in weights]
    result = [0] * len(w)
    active = [i for i in range(len(w)) if w[i] > 0 and caps[i] > 0]
    remaining = amount_fen
    shares: dict[int, Fraction] = {}
    while active:
        total_w = sum(w[i] for i in active)
        shares = {i: Fraction(remaining) * w[i] / total_w for i in active}
        capped = [i for i in active if shares[i] >= caps[i]]
        if not capped:
            break
        for i in capped:  # a capped recipient gets exactly its cap; the excess is re-shared
            result[i] = caps[i]
            remaining -= caps[i]
        active = [i for i in active if i not in capped]
    if not active:
        return result
    for i in active:
        result[i] = int(shares[i])  # floor: shares are non-negative
    leftover = remaining - sum(result[i] for i in active)
    by_remainder = sorted(active, key=lambda i: (-(shares[i] - result[i]), i))
    for i in by_remainder[:leftover]:
        result[i] += 1  # share < cap, so floor + 1 ≤ cap
    return result
