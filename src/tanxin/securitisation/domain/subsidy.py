"""The district's financing-cost subsidy for a carbon ABS's borrowers (RULES §4, tag V): half the financing
cost, at most 1,000,000 yuan per firm per year, for three years. Configurable per deployment."""

from __future__ import annotations

from dataclasses import dataclass

SHARE_BP = 5000
CAP_FEN = 1_000_000_00
YEARS = 3


@dataclass(frozen=True)
class Terms:
    share_bp: int = SHARE_BP
    cap_fen: int = CAP_FEN
    years: int = YEARS


def subsidy(cost_fen: int, terms: Terms = Terms()) -> int:
    """Half the cost (rounded down to the fen), capped."""
    return min(max(cost_fen, 0) * terms.share_bp // 10_000, terms.cap_fen)
