"""Use of proceeds seen from the bureau: the share of an enterprise's disbursed money in green uses, and, where
accounting has the data, its emissions the year before the first disbursement and the latest year after it,
as tCO2e per 10,000 CNY of loan.

Method and caveat (shown with the figure): the change is the enterprise's whole China-view emissions from
accounting, not the project's own effect; output, weather and other projects move it too. It is attribution
by coincidence in time, a signal for the bureau to ask questions, never a verified reduction.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from tanxin.accounting import facts as accounting
from tanxin.matchmaking.models import FinancingRequest


@dataclass(frozen=True)
class Impact:
    disbursed_fen: int
    green_fen: int
    before_year: int | None
    before_t: Decimal | None
    after_year: int | None
    after_t: Decimal | None
    change_per_wan: Decimal | None  # tCO2e per 10,000 CNY disbursed (negative: fewer emissions)


def impact(r: FinancingRequest) -> Impact | None:
    paid = list(r.disbursements.values_list("amount_fen", "green_category", "paid_on"))
    if not paid:
        return None
    total = sum(a for a, _g, _d in paid)
    green = sum(a for a, g, _d in paid if g)
    first = min(d for _a, _g, d in paid).year
    trend = {t.year: t.total_kg for t in accounting.emission_trend(r.enterprise_id, range(first - 1, first + 4))}
    before = first - 1 if first - 1 in trend else None
    after = max((y for y in trend if y > first), default=None)
    if before is None or after is None:
        return Impact(total, green, before, _t(trend.get(before)), after, _t(trend.get(after)), None)
    change_t = Decimal(trend[after] - trend[before]) / 1000
    per_wan = (change_t / (Decimal(total) / 1_000_000)).quantize(Decimal("0.001"), ROUND_HALF_UP)
    return Impact(total, green, before, _t(trend[before]), after, _t(trend[after]), per_wan)


def _t(kg: int | None) -> Decimal | None:
    return None if kg is None else (Decimal(kg) / 1000).quantize(Decimal("0.1"), ROUND_HALF_UP)
