"""The screening scorecard: knock-outs first, then a transparent weighted score → band A–D → LTV cap and spread.

The card is plain data (a versioned JSON document the bureau edits, like the support fund's criteria), so a
new year's weights or bins need no code change; the code only validates it and applies it. Every input is a
``Fact`` carrying its value, its source and its date, and every factor score keeps the fact and the bin that
matched, so the page can answer "explain this score" without recomputing anything.

Score arithmetic: each factor earns 0–100 points from its bins; a pillar's score is the weighted mean of its
factors (factor weights within a pillar sum to 100); the total is the weighted mean of the pillars (pillar
weights sum to 100), rounded half-up to 0.01. A missing input earns the factor's ``missing_points`` (0 by
default) and is listed, never silently treated as good.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from enum import StrEnum
from typing import Any

from tanxin.common.errors import DomainError
from tanxin.common.hashing import canonical_hash

from .scorecard_default import DEFAULT_CONFIG  # the proposed card, as data

HUNDRED = Decimal(100)
CENT = Decimal("0.01")


class Pillar(StrEnum):
    CARBON = "carbon"
    CREDIT = "credit"
    FINANCE = "finance"
    GREEN = "green"
    NEED = "need"


class KnockOut(StrEnum):
    DISHONEST_DEBTOR = "dishonest_debtor"
    ENV_CREDIT_RED = "env_credit_red"
    COMPLIANCE_SHORTFALL = "compliance_shortfall"
    ENCUMBERED = "encumbered_ge_holdings"


# Factors the platform knows how to measure, with the pillar each belongs to. A scorecard may use a subset.
FACTORS: dict[str, Pillar] = {
    "surplus_ratio": Pillar.CARBON,  # surplus ÷ obligation of the latest settled year
    "compliance_record": Pillar.CARBON,  # share of recent obligation years surrendered on time (0–1)
    "emission_trend": Pillar.CARBON,  # relative year-on-year change of verified emissions (negative is better)
    "env_credit_colour": Pillar.CREDIT,  # green / blue / yellow / red
    "tax_credit_grade": Pillar.CREDIT,  # A / B / M / C / D
    "overdue_loans": Pillar.CREDIT,  # number of overdue loans
    "debt_ratio": Pillar.FINANCE,  # liabilities ÷ assets
    "net_margin": Pillar.FINANCE,  # net profit ÷ revenue
    "disclosure_status": Pillar.GREEN,  # published / verified / none
    "visit_rating": Pillar.GREEN,  # good / fair / poor (latest on-site visit)
    "collateral_cover": Pillar.NEED,  # pledgeable value at P_val ÷ amount requested
    "green_purpose": Pillar.NEED,  # yes / no
}
# Inputs that only the knock-outs read.
KNOCKOUT_INPUTS = ("dishonest_debtor", "unresolved_shortfall_t", "holdings_t", "encumbered_t")


@dataclass(frozen=True)
class Fact:
    """One input: its value, where it came from (a source code) and the date it speaks for."""

    value: Any
    source: str
    as_of: date | None
    reference: str = ""  # e.g. "2024", a record number: lets the page link to the underlying fact

    @property
    def missing(self) -> bool:
        return self.value is None


MISSING = Fact(None, "none", None)


@dataclass(frozen=True)
class Bin:
    threshold: Decimal | None  # None: the catch-all last bin
    points: Decimal


@dataclass(frozen=True)
class Factor:
    code: str
    pillar: Pillar
    weight: Decimal
    kind: str  # "numeric" or "category"
    direction: str = "higher"  # numeric: "higher" (value ≥ threshold) or "lower" (value ≤ threshold) is better
    bins: tuple[Bin, ...] = ()
    mapping: tuple[tuple[str, Decimal], ...] = ()
    missing_points: Decimal = Decimal(0)

    def score(self, value: Any) -> tuple[Decimal, str]:
        """Points for ``value`` and the rule that gave them (shown as the explanation)."""
        if value is None:
            return self.missing_points, "missing"
        if self.kind == "category":
            key = _category_key(value)
            for name, points in self.mapping:
                if name == key:
                    return points, f"= {name}"
            return self.missing_points, "unknown"
        number = _decimal(value)
        for b in self.bins:
            if b.threshold is None:
                return b.points, "otherwise"
            if (number >= b.threshold) if self.direction == "higher" else (number <= b.threshold):
                return b.points, f"{'≥' if self.direction == 'higher' else '≤'} {b.threshold}"
        return self.missing_points, "unknown"


@dataclass(frozen=True)
class Band:
    code: str
    min_score: Decimal
    ltv_cap: Decimal
    spread_bp: int


@dataclass(frozen=True)
class Scorecard:
    version: int
    pillar_weights: tuple[tuple[Pillar, Decimal], ...]
    factors: tuple[Factor, ...]
    bands: tuple[Band, ...]  # highest min_score first
    knockouts: frozenset[KnockOut]
    unconfirmed: bool = True  # RULES.md §4 proposes these numbers: shown as "to be confirmed"
    fingerprint: str = ""

    def pillar_weight(self, pillar: Pillar) -> Decimal:
        return dict(self.pillar_weights).get(pillar, Decimal(0))

    def band_for(self, total: Decimal) -> Band | None:
        return next((b for b in self.bands if total >= b.min_score), None)


@dataclass(frozen=True)
class FactorScore:
    code: str
    pillar: Pillar
    fact: Fact
    rule: str
    points: Decimal
    weight: Decimal  # within the pillar
    contribution: Decimal  # points to the total: pillar weight × weight × points ÷ 10^4


@dataclass(frozen=True)
class PillarScore:
    pillar: Pillar
    weight: Decimal
    score: Decimal  # 0–100 within the pillar
    contribution: Decimal


@dataclass(frozen=True)
class KnockOutHit:
    code: KnockOut
    facts: tuple[tuple[str, Fact], ...]


@dataclass(frozen=True)
class Result:
    version: int
    fingerprint: str
    knockouts: tuple[KnockOutHit, ...]
    factors: tuple[FactorScore, ...]
    pillars: tuple[PillarScore, ...]
    total: Decimal
    band: Band | None  # None when knocked out
    missing: tuple[str, ...] = field(default_factory=tuple)

    @property
    def knocked_out(self) -> bool:
        return bool(self.knockouts)


# ---------------------------------------------------------------- applying the card


def knockouts(card: Scorecard, facts: Mapping[str, Fact]) -> tuple[KnockOutHit, ...]:
    """Every enabled knock-out that the facts trigger, in a fixed order. Missing facts never knock out."""

    def f(name: str) -> Fact:
        return facts.get(name, MISSING)

    hits: list[KnockOutHit] = []
    if KnockOut.DISHONEST_DEBTOR in card.knockouts and _category_key(f("dishonest_debtor").value) == "yes":
        hits.append(KnockOutHit(KnockOut.DISHONEST_DEBTOR, (("dishonest_debtor", f("dishonest_debtor")),)))
    if KnockOut.ENV_CREDIT_RED in card.knockouts and _category_key(f("env_credit_colour").value) == "red":
        hits.append(KnockOutHit(KnockOut.ENV_CREDIT_RED, (("env_credit_colour", f("env_credit_colour")),)))
    shortfall = f("unresolved_shortfall_t")
    if KnockOut.COMPLIANCE_SHORTFALL in card.knockouts and not shortfall.missing and _decimal(shortfall.value) > 0:
        hits.append(KnockOutHit(KnockOut.COMPLIANCE_SHORTFALL, (("unresolved_shortfall_t", shortfall),)))
    holdings, encumbered = f("holdings_t"), f("encumbered_t")
    if (KnockOut.ENCUMBERED in card.knockouts and not holdings.missing and not encumbered.missing
            and _decimal(encumbered.value) >= _decimal(holdings.value)):  # fmt: skip
        hits.append(KnockOutHit(KnockOut.ENCUMBERED, (("holdings_t", holdings), ("encumbered_t", encumbered))))
    return tuple(hits)


def score(card: Scorecard, facts: Mapping[str, Fact]) -> Result:
    """Knock-outs, then every factor, pillar and the total; the band only when nothing knocked out."""
    factor_scores: list[FactorScore] = []
    for factor in card.factors:
        fact = facts.get(factor.code, MISSING)
        points, rule = factor.score(fact.value)
        contribution = card.pillar_weight(factor.pillar) * factor.weight * points / (HUNDRED * HUNDRED)
        factor_scores.append(FactorScore(factor.code, factor.pillar, fact, rule, points, factor.weight, contribution))
    pillars = []
    for pillar, weight in card.pillar_weights:
        mine = [s for s in factor_scores if s.pillar is pillar]
        inner = sum((s.weight * s.points for s in mine), Decimal(0)) / HUNDRED
        pillars.append(PillarScore(pillar, weight, _round(inner), weight * inner / HUNDRED))
    total = _round(sum((s.contribution for s in factor_scores), Decimal(0)))
    hits = knockouts(card, facts)
    missing = tuple(s.code for s in factor_scores if s.fact.missing)
    band = None if hits else card.band_for(total)
    return Result(card.version, card.fingerprint, hits, tuple(factor_scores), tuple(pillars), total, band, missing)


# ---------------------------------------------------------------- the card as data


def problems(config: Mapping[str, Any]) -> list[dict[str, str]]:
    """Every problem in a scorecard document (empty: valid), so the bureau sees them all at once."""
    out: list[dict[str, str]] = []
    weights = config.get("pillar_weights") or {}
    if not isinstance(weights, Mapping) or set(weights) - set(Pillar):
        return [{"where": "pillar_weights", "problem": "unknown_pillar"}]
    parsed = {p: _decimal_or_none(weights.get(p.value, 0)) for p in Pillar}
    if any(v is None or v < 0 for v in parsed.values()):
        out.append({"where": "pillar_weights", "problem": "weight_not_a_non_negative_number"})
    elif sum(parsed.values(), Decimal(0)) != HUNDRED:
        out.append({"where": "pillar_weights", "problem": "weights_do_not_sum_to_100"})
    factors = config.get("factors") or []
    seen: set[str] = set()
    for i, raw in enumerate(factors if isinstance(factors, list) else []):
        code = str(raw.get("code", "")) if isinstance(raw, Mapping) else ""
        where = code or f"factor {i + 1}"
        if code not in FACTORS:
            out.append({"where": where, "problem": "unknown_factor"})
            continue
        if code in seen:
            out.append({"where": where, "problem": "duplicate_factor"})
        seen.add(code)
        out.extend({"where": where, "problem": p} for p in _factor_problems(raw))
    for pillar in Pillar:
        mine = [f for f in factors if isinstance(f, Mapping) and FACTORS.get(str(f.get("code"))) is pillar]
        total = sum((_decimal_or_none(f.get("weight")) or Decimal(0) for f in mine), Decimal(0))
        if (parsed.get(pillar) or 0) > 0 and total != HUNDRED:
            out.append({"where": pillar.value, "problem": "factor_weights_do_not_sum_to_100"})
    out.extend(_band_problems(config.get("bands") or []))
    if set(config.get("knockouts") or []) - set(KnockOut):
        out.append({"where": "knockouts", "problem": "unknown_knockout"})
    return out


def _factor_problems(raw: Mapping[str, Any]) -> list[str]:
    out = []
    weight = _decimal_or_none(raw.get("weight"))
    if weight is None or weight < 0:
        out.append("weight_not_a_non_negative_number")
    kind = raw.get("kind")
    if kind == "numeric":
        bins = raw.get("bins") or []
        if not bins or any(not isinstance(b, Mapping) for b in bins) or bins[-1].get("threshold") is not None:
            out.append("bins_need_a_final_catch_all")
        elif raw.get("direction", "higher") not in ("higher", "lower"):
            out.append("unknown_direction")
        else:
            thresholds = [_decimal_or_none(b.get("threshold")) for b in bins[:-1]]
            if any(t is None for t in thresholds):
                out.append("threshold_not_a_number")
            elif thresholds != sorted(thresholds, reverse=raw.get("direction", "higher") == "higher"):
                out.append("thresholds_out_of_order")
            if any(not _is_points(b.get("points")) for b in bins):
                out.append("points_outside_0_100")
    elif kind == "category":
        mapping = raw.get("map") or {}
        if not isinstance(mapping, Mapping) or not mapping:
            out.append("category_map_empty")
        elif any(not _is_points(v) for v in mapping.values()):
            out.append("points_outside_0_100")
    else:
        out.append("unknown_kind")
    if "missing_points" in raw and not _is_points(raw.get("missing_points")):
        out.append("points_outside_0_100")
    return out


def _band_problems(bands: Any) -> list[dict[str, str]]:
    if not isinstance(bands, list) or not bands:
        return [{"where": "bands", "problem": "no_bands"}]
    out = []
    mins = []
    for b in bands:
        code = str(b.get("code", "")) if isinstance(b, Mapping) else ""
        low, cap = _decimal_or_none(b.get("min_score")), _decimal_or_none(b.get("ltv_cap"))
        spread = b.get("spread_bp")
        if not code or low is None or not Decimal(0) <= low <= HUNDRED:
            out.append({"where": code or "bands", "problem": "band_min_score_outside_0_100"})
        if cap is None or not Decimal(0) < cap < 1:
            out.append({"where": code or "bands", "problem": "ltv_cap_outside_0_1"})
        if not isinstance(spread, int) or isinstance(spread, bool) or not 0 <= spread <= 2000:
            out.append({"where": code or "bands", "problem": "spread_outside_0_2000"})
        mins.append(low)
    if not out:
        if mins != sorted(mins, reverse=True) or len(set(mins)) != len(mins):
            out.append({"where": "bands", "problem": "bands_not_in_descending_order"})
        elif mins[-1] != 0:
            out.append({"where": "bands", "problem": "lowest_band_must_start_at_0"})
    return out


def parse(config: Mapping[str, Any], version: int) -> Scorecard:
    """The card from its document; refuses an invalid one with every problem listed."""
    found = problems(config)
    if found:
        raise DomainError("invalid scorecard", code="invalid_scorecard", details=found)
    weights = config["pillar_weights"]
    factors = tuple(
        Factor(
            code=f["code"], pillar=FACTORS[f["code"]], weight=Decimal(str(f["weight"])), kind=f["kind"],
            direction=f.get("direction", "higher"),
            bins=tuple(Bin(_decimal_or_none(b.get("threshold")), Decimal(str(b["points"])))
                       for b in f.get("bins") or []),
            mapping=tuple((str(k), Decimal(str(v))) for k, v in (f.get("map") or {}).items()),
            missing_points=Decimal(str(f.get("missing_points", 0))),
        )
        for f in config["factors"]
    )  # fmt: skip
    bands = tuple(
        Band(str(b["code"]), Decimal(str(b["min_score"])), Decimal(str(b["ltv_cap"])), int(b["spread_bp"]))
        for b in config["bands"]
    )
    return Scorecard(
        version=version,
        pillar_weights=tuple((p, Decimal(str(weights.get(p.value, 0)))) for p in Pillar),
        factors=factors,
        bands=bands,
        knockouts=frozenset(KnockOut(k) for k in config.get("knockouts") or []),
        unconfirmed=bool(config.get("unconfirmed", True)),
        fingerprint=fingerprint(config),
    )


def fingerprint(config: Mapping[str, Any]) -> str:
    """A hash of the card's content: stored with a version to prove a score used exactly these rules."""
    return canonical_hash(dict(config))


__all__ = ["DEFAULT_CONFIG", "FACTORS", "Fact", "KnockOut", "Pillar", "Scorecard", "fingerprint", "parse", "problems",
           "score"]  # fmt: skip


# ---------------------------------------------------------------- small helpers


def _decimal(value: Any) -> Decimal:
    if isinstance(value, bool):
        return Decimal(int(value))
    if isinstance(value, float):
        raise TypeError("floats are not exact; pass a str, int or Decimal")
    return Decimal(str(value))


def _decimal_or_none(value: Any) -> Decimal | None:
    if value is None or isinstance(value, bool | float):
        return None
    try:
        result = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None
    return result if result.is_finite() else None


def _is_points(value: Any) -> bool:
    number = _decimal_or_none(value)
    return number is not None and Decimal(0) <= number <= HUNDRED


def _category_key(value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value) if value is not None else ""


def _round(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)
