"""The annual district report's headline sentences, computed from the cockpit's figures.

Each sentence is a key, its parameters and the fact function its numbers come from, so every headline is
traceable to the query behind it (the report prints the source under each sentence and the workbook has a
"sources" sheet). Wording lives in the app's message table (``cockpit.messages``), not here: this module
has no Django and no language. A section without data yields no sentence — never "0 enterprises".
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from tanxin.cockpit.domain.figures import Cockpit

FEN_PER_WAN = 100 * 10_000  # 万元
FEN_PER_YI = 100 * 100_000_000  # 亿元
FEN_PER_MILLION = 100 * 1_000_000
FEN_PER_BILLION = 100 * 1_000_000_000
TWO_PLACES = Decimal("0.01")


@dataclass(frozen=True)
class Sentence:
    key: str
    params: dict[str, int | str]  # integers (counts, fen, t, bp) and the year
    source: str  # the public fact function the numbers come from


def scaled(fen: int, unit_fen: int) -> Decimal:
    """Exact fen expressed in a larger unit, two places, half up (3,000,000,000 fen in 亿元 → 0.30)."""
    return (Decimal(fen) / Decimal(unit_fen)).quantize(TWO_PLACES, rounding=ROUND_HALF_UP)


def large_money(fen: int, chinese: bool) -> tuple[Decimal, str]:
    """The amount and unit a reader expects: 万元 / 亿元 in Chinese, million / billion CNY in English."""
    if chinese:
        return (scaled(fen, FEN_PER_YI), "yi") if fen >= FEN_PER_YI else (scaled(fen, FEN_PER_WAN), "wan")
    return (scaled(fen, FEN_PER_BILLION), "billion") if fen >= FEN_PER_BILLION else (scaled(fen, FEN_PER_MILLION),
                                                                                     "million")  # fmt: skip


def sentences(c: Cockpit) -> list[Sentence]:
    out: list[Sentence] = []
    d = c.disclosure
    if d.published:
        out.append(Sentence("disclosed", {"year": c.year, "n": d.published, "enterprises": d.enterprises},
                            "tanxin.disclosure.facts.coverage"))  # fmt: skip
    k = c.compliance
    if k.has_data:
        out.append(Sentence("compliance", {"year": c.year, "compliant": k.by_status.get("compliant", 0),
                                           "units": k.with_obligation, "surplus_t": k.surplus_t,
                                           "shortfall_t": k.shortfall_t},
                            "tanxin.registry.facts.compliance_summary"))
    if c.support is not None and c.support.awardees:
        out.append(Sentence("support", {"year": c.year, "n": c.support.awardees, "fen": c.support.awarded_fen,
                                        "budget_fen": c.support.budget_fen, "applications": c.support.applications},
                            "tanxin.support.facts.fund_summary"))  # fmt: skip
    if c.loans is not None and c.loans.year_count:
        out.append(Sentence("loans_year", {"year": c.year, "n": c.loans.year_count, "fen": c.loans.year_amount_fen,
                                           "firms": c.loans.year_enterprises}, "tanxin.lending.facts.loans"))
    if c.loans is not None and c.loans.live_count:
        out.append(Sentence("loans_live", {"n": c.loans.live_count, "fen": c.loans.live_principal_fen,
                                           "pledged_t": c.loans.pledged_t},
                            "tanxin.lending.facts.portfolio_summary"))  # fmt: skip
    if c.deals is not None and c.deals.has_data:
        out.append(Sentence("deals", {"n": c.deals.count, "fen": c.deals.outstanding_fen,
                                      "firms": c.deals.enterprises}, "tanxin.securitisation.facts.deals"))  # fmt: skip
    if c.station is not None and c.station.disbursed_fen:
        out.append(Sentence("station", {"year": c.year, "fen": c.station.disbursed_fen, "firms": c.station.enterprises,
                                        "requests": c.station.funnel.get("requests", 0)},
                            "tanxin.matchmaking.facts.station_totals"))  # fmt: skip
    return out
