"""Which pledge loans may enter a pool, and the concentration limits the pool must keep.

Rules are configurable per deal (no rule fixes them: **M**, shown as "to be confirmed"): the loan must be
disbursed with its pledge registered, screened in an accepted band, with a known rate and enough term left;
no single obligor, instrument or industry may pass its share of the pool. Each refusal has a stable code the
pages translate.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True)
class Rules:
    bands: tuple[str, ...] = ("A", "B", "C")
    min_remaining_months: int = 3
    max_remaining_months: int = 60
    max_obligor_bp: int = 5000
    max_instrument_bp: int = 10_000
    max_industry_bp: int = 6000
    guarantee_cover_ppm: int = 500_000  # share of a defaulted exposure a loan's own guarantee pays (M)

    @classmethod
    def of(cls, data: dict | None) -> Rules:
        """Rules from JSON; a value of the wrong type raises TypeError (the service turns it into a field error)."""
        data = data or {}
        base = cls()
        kw = {k: data[k] for k in base.__dict__ if k in data}
        for key, value in kw.items():
            if key == "bands":
                if not isinstance(value, list | tuple) or not all(isinstance(b, str) for b in value):
                    raise TypeError(key)
                kw[key] = tuple(value)
            elif isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 1_000_000:
                raise TypeError(key)
        return cls(**kw)

    def as_json(self) -> dict:
        return {**self.__dict__, "bands": list(self.bands)}


@dataclass(frozen=True)
class Candidate:
    """What eligibility needs of a loan (read from lending's facts by the service)."""

    id: int
    enterprise_id: int
    industry_code: str
    instrument_code: str
    live: bool
    band: str
    registered: bool  # PBOC registration number and an open pledge
    rate_known: bool
    balance_fen: int
    maturity_on: date | None
    in_other_deal: bool = False


@dataclass(frozen=True)
class Verdict:
    loan_id: int
    eligible: bool
    reasons: tuple[str, ...] = field(default_factory=tuple)
    remaining_months: int = 0


def months_between(start: date, end: date) -> int:
    """Whole months from ``start`` to ``end``, a part month counting as one (remaining term at a cut-off)."""
    months = (end.year - start.year) * 12 + end.month - start.month
    return months + (1 if end.day > start.day else 0)


def check_loan(c: Candidate, rules: Rules, cut_off: date) -> Verdict:
    reasons = []
    if not c.live:
        reasons.append("not_live")
    if c.band not in rules.bands:
        reasons.append("band")
    if not c.registered:
        reasons.append("no_pledge")
    if not c.rate_known:
        reasons.append("no_rate")
    if c.balance_fen <= 0:
        reasons.append("no_balance")
    left = months_between(cut_off, c.maturity_on) if c.maturity_on else 0
    if not rules.min_remaining_months <= left <= rules.max_remaining_months:
        reasons.append("term")
    if c.in_other_deal:
        reasons.append("other_deal")
    return Verdict(c.id, not reasons, tuple(reasons), left)


def concentration(chosen: list[Candidate], rules: Rules) -> dict[int, tuple[str, ...]]:
    """Loans whose obligor, instrument or industry passes its limit share of the chosen pool."""
    total = sum(c.balance_fen for c in chosen)
    out: dict[int, list[str]] = defaultdict(list)
    if total <= 0:
        return {}
    for code, key, limit in (("obligor", "enterprise_id", rules.max_obligor_bp),
                             ("instrument", "instrument_code", rules.max_instrument_bp),
                             ("industry", "industry_code", rules.max_industry_bp)):  # fmt: skip
        sums: dict[object, int] = defaultdict(int)
        for c in chosen:
            sums[getattr(c, key)] += c.balance_fen
        for c in chosen:
            if sums[getattr(c, key)] * 10_000 > total * limit:
                out[c.id].append(code)
    return {k: tuple(v) for k, v in out.items()}
