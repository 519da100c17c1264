"""Claiming the financing subsidy from the loans the platform already knows: the enterprise picks its loans
and the interest period; the facts (lender, principal, rate, interest accrued, green use) are read from
lending's facts (pledge loans) and from matchmaking's disbursements, and handed to support's scheme workflow
(``support.services.subsidies.claim``) — nothing is retyped and support never reads these tables.

Green eligibility: a carbon pledge loan is the product the subsidy was made for (RULES §4); other money paid
out through the station is eligible when the bank tagged it to a green project or retrofit.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from tanxin.common.errors import NotFound
from tanxin.lending import facts as lending
from tanxin.lending.domain import interest
from tanxin.matchmaking.models import Disbursement
from tanxin.support.domain.subsidy import FinancedLoan
from tanxin.support.services import subsidies

DAY_COUNT = 360  # M: the station's disbursements accrue actual/360 like the pledge loans (configurable there)


@dataclass(frozen=True)
class Claimable:
    key: str
    ref: str
    lender: str
    principal_fen: int
    rate_ppm: int
    green: bool
    pledge: bool
    since: date | None


def claimable(enterprise_id: int) -> list[Claimable]:
    """The enterprise's loans with money out: station disbursements (amount, rate, green tag as the bank
    reported them; a pledge loan the station arranged is claimed through its disbursement) and the desk's other
    pledge loans."""
    out, through_station = [], set()
    for d in (Disbursement.objects.filter(request__enterprise_id=enterprise_id).select_related("bank", "request")
              .order_by("paid_on", "pk")):  # fmt: skip
        pledge = d.loan_id is not None
        through_station.add(d.loan_id)
        out.append(Claimable(f"matchmaking:{d.pk}", f"{d.request.ref}/{d.reference}", d.bank.name, d.amount_fen,
                             d.rate_ppm, bool(d.green_category) or pledge, pledge, d.paid_on))  # fmt: skip
    out += [Claimable(f"lending:{f.id}", f.ref, f.bank_name, f.principal_fen or f.amount_fen, f.rate_ppm or 0, True,
                      True, f.disbursed_on)
            for f in lending.loans(enterprise_ids=[enterprise_id])
            if f.disbursed_on is not None and f.id not in through_station]  # fmt: skip
    return out


def financed(enterprise_id: int, keys: list[str], start: date, end: date, fees: dict[str, int]) -> list[FinancedLoan]:
    """The loans named by ``keys`` with their interest over [start, end) (clipped to their life)."""
    known = {c.key: c for c in claimable(enterprise_id)}
    unknown = [k for k in keys if k not in known]
    if unknown:
        raise NotFound(_("Loan not found."), code="loan_not_found")
    lending_ids = [int(k.split(":")[1]) for k in keys if k.startswith("lending:")]
    costs = lending.financing_cost(lending_ids, start, end) if lending_ids else {}
    lines = []
    for key in keys:
        c = known[key]
        if key.startswith("lending:"):
            accrued = costs[int(key.split(":")[1])].interest_fen
        else:
            lo = max(start, c.since) if c.since else start
            accrued = interest.accrued(c.principal_fen, Decimal(c.rate_ppm) / 1_000_000, lo, max(lo, end), DAY_COUNT)
        lines.append(FinancedLoan(key, c.ref, c.lender, c.principal_fen, c.rate_ppm, c.green, c.pledge, accrued,
                                  fees.get(key, 0), start, end))  # fmt: skip
    return lines


def claim(user: Any, scheme_id: int, enterprise_id: int, keys: list[str], start: date, end: date,
          evidence: dict[str, tuple[str, bytes]], fees: dict[str, int] | None = None,
          requested_fen: int | None = None, at: datetime | None = None):  # fmt: skip
    """Claim the subsidy for these loans over [start, end); support checks, computes and records it."""
    lines = financed(enterprise_id, keys, start, end, fees or {})
    return subsidies.claim(user, scheme_id, enterprise_id, lines, evidence, requested_fen, at)
