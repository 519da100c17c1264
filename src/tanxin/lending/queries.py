"""Loan desk reads, always through the gate: lists, one loan, the steps the user may take, the portfolio with a
price shock, and the public pledge notices."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import asdict, dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from tanxin.common.errors import PermissionDenied
from tanxin.lending.domain import coverage, workflow
from tanxin.lending.domain.workflow import State
from tanxin.lending.models import Collateral, Loan, MarginCall, Mark
from tanxin.lending.services.common import profile_of, roles_on
from tanxin.orgs.domain.roles import OrgKind
from tanxin.orgs.gate import principal_for

BUCKETS = ((None, Decimal("1.10"), "< 110 %"), (Decimal("1.10"), Decimal("1.20"), "110–120 %"),
           (Decimal("1.20"), Decimal("1.50"), "120–150 %"), (Decimal("1.50"), Decimal("2.50"), "150–250 %"),
           (Decimal("2.50"), None, "≥ 250 %"))  # fmt: skip


def loans(user: Any, state: str = "") -> QuerySet[Loan]:
    qs = Loan.objects.visible_to(user).select_related("enterprise", "bank")
    return qs.filter(state=state) if state else qs


def loan(user: Any, loan_id: int) -> Loan | None:
    return loans(user).filter(pk=loan_id).first()


def actions(user: Any, loan: Loan) -> list[str]:
    """The workflow steps (and margin actions) this user may take on this loan now."""
    result: list[str] = []
    for role in roles_on(user, loan):
        result += workflow.allowed_actions(State(loan.state), role)
    if loan.state == State.LIVE:
        roles = roles_on(user, loan)
        open_call = loan.margin_calls.filter(state="open").exists()
        if workflow.Role.BANK in roles:
            result += ["repay_partial", "partial_release"] + (["cure_cash"] if open_call else [])
        if workflow.Role.ENTERPRISE in roles and open_call:
            result.append("cure_allowances")
    return sorted(set(result))


def can_see_portfolio(user: Any) -> bool:
    p = principal_for(user)
    return p.is_bureau_staff or bool(p.org_ids_of_kind(OrgKind.BANK, OrgKind.GUARANTOR))


@dataclass
class PortfolioRow:
    id: int
    ref: str
    enterprise: str
    bank: str
    instrument: str
    debt_fen: int
    coverage_bp: int
    shocked_coverage_bp: int
    zone: str
    shocked_zone: str
    breaches: bool


@dataclass
class Portfolio:
    shock: int
    live: int = 0
    exposure_fen: int = 0
    calls_open: int = 0
    breaching: int = 0
    buckets: list[dict] = field(default_factory=list)
    concentration: list[dict] = field(default_factory=list)
    loans: list[PortfolioRow] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def portfolio(user: Any, shock: int, today: date) -> Portfolio:
    """Live loans at their latest mark, and what a price shock of ``shock`` % would do to each of them."""
    if not can_see_portfolio(user):
        raise PermissionDenied(_("The portfolio is for banks and the bureau."))
    live = list(loans(user, State.LIVE).order_by("ref"))
    ids = [x.pk for x in live]
    marks = {m.loan_id: m for m in Mark.objects.filter(loan_id__in=ids).order_by("loan_id", "on")}
    others: dict[int, int] = defaultdict(int)
    for c in Collateral.objects.filter(loan_id__in=ids):
        others[c.loan_id] += c.recognised_fen
    factor = 1 + Decimal(shock) / 100
    result = Portfolio(shock, live=len(live))
    result.calls_open = MarginCall.objects.filter(loan_id__in=ids, state="open").count()
    by_instrument: dict[str, int] = defaultdict(int)
    counts = [0] * len(BUCKETS)
    for x in live:
        m = marks.get(x.pk)
        debt = m.debt_fen if m else x.principal_fen
        result.exposure_fen += debt
        by_instrument[x.market_instrument] += debt
        if m is None or debt <= 0:
            continue
        profile = profile_of(x)
        base = coverage.Exposure(m.quantity_t, Decimal(m.price_fen) / 100, x.cash_margin_fen, others[x.pk], debt, 0)
        shocked = coverage.Exposure(m.quantity_t, Decimal(m.price_fen) / 100 * factor, x.cash_margin_fen,
                                    others[x.pk], debt, 0)  # fmt: skip
        r0, r1 = coverage.coverage(base), coverage.coverage(shocked)
        z0, z1 = coverage.zone(r0, profile), coverage.zone(r1, profile)
        breaches = z1 in (coverage.Zone.WARNING, coverage.Zone.LIQUIDATION)
        result.breaching += breaches
        counts[_bucket(r1)] += 1
        result.loans.append(PortfolioRow(x.pk, x.ref, x.enterprise.name, x.bank.name, x.instrument_code, debt,
                                         int(r0 * 10000), int(r1 * 10000), str(z0), str(z1), breaches))  # fmt: skip
    result.buckets = [{"label": label, "count": n} for (_lo, _hi, label), n in zip(BUCKETS, counts, strict=True)]
    total = result.exposure_fen or 1
    result.concentration = [{"instrument": k, "exposure_fen": v, "share_bp": v * 10000 // total}
                            for k, v in sorted(by_instrument.items(), key=lambda kv: -kv[1])]  # fmt: skip
    return result


def _bucket(ratio: Decimal) -> int:
    for i, (low, high, _label) in enumerate(BUCKETS):
        if (low is None or ratio >= low) and (high is None or ratio < high):
            return i
    return len(BUCKETS) - 1


def public_notice_rows() -> QuerySet:
    """The loans whose pledge notice is published, newest notice first (totally ordered, for paging)."""
    return Loan.objects.public_notices().select_related("enterprise", "bank").order_by("-notice_date", "-pk")


def notice_out(x: Loan) -> dict[str, Any]:
    """One pledge notice: pledgor, pledgee, instrument, quantity and period (published data only)."""
    return {"notice_no": x.notice_no, "notice_date": x.notice_date, "pledgor": x.enterprise.name,
            "pledgee": x.bank.name, "instrument_code": x.instrument_code, "quantity_t": x.quantity_t,
            "period_start": x.disbursed_on or x.notice_date, "period_end": x.maturity_on}  # fmt: skip
