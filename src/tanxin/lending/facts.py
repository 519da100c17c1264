"""What other apps read from lending: pledge loans, the portfolio's state, screening bands, financing cost.

No gate inside: the caller (securitisation, matchmaking, the cockpit) has checked that its user may see what
it asks for. Every function is set-based (a fixed number of queries however many loans or enterprises) and
returns frozen dataclasses, never model rows.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import Q, Sum
from django.utils import timezone

from tanxin.lending.domain import interest
from tanxin.lending.domain.coverage import Zone
from tanxin.lending.domain.workflow import State
from tanxin.lending.models import Collateral, Loan, MarginCall, Pledge
from tanxin.lending.models.loans import STATE_LABELS
from tanxin.lending.queries_screening import cards
from tanxin.lending.screening_present import KNOCKOUTS
from tanxin.orgs.audit import app_stamp
from tanxin.orgs.models import Organisation

# Money is out and the allowances are pledged: the loans a pool, a portfolio or a subsidy is made of.
LIVE_STATES = frozenset({State.LIVE.value})
# Loans still on the desk's books (not yet ended), for "loans needing attention" and the enterprise home.
OPEN_STATES = frozenset(s.value for s in State) - frozenset(
    {State.REPAID, State.RELEASED, State.RECOVERED, State.CLOSED, State.DECLINED, State.WITHDRAWN})  # fmt: skip
MATURITY_WINDOW_DAYS = 30
ATTENTION_ZONES = (Zone.WARNING.value, Zone.LIQUIDATION.value)


@dataclass(frozen=True)
class LoanFact:
    id: int
    ref: str
    enterprise_id: int
    enterprise_name: str
    industry_code: str
    jurisdiction_id: int
    bank_id: int
    bank_name: str
    guarantor_ids: tuple[int, ...]
    state: str
    state_label: str
    amount_fen: int
    principal_fen: int
    term_months: int
    rate_ppm: int | None
    spread_bp: int | None
    day_count_basis: int
    band: str
    instrument_code: str
    pledged_t: int  # open pledges (initial and top-ups)
    disbursed_on: date | None
    maturity_on: date | None
    interest_paid_fen: int
    recovered_fen: int
    last_coverage_bp: int | None
    last_zone: str
    registration_no: str
    notice_no: str
    purpose: str
    open_margin_call: bool

    @property
    def annual_rate(self) -> Decimal | None:
        return None if self.rate_ppm is None else Decimal(self.rate_ppm) / Decimal(1_000_000)


def loans(*, ids: Iterable[int] | None = None, enterprise_ids: Iterable[int] | None = None,
          bank_ids: Iterable[int] | None = None, jurisdiction_ids: Iterable[int] | None = None,
          states: Iterable[str] | None = None) -> list[LoanFact]:  # fmt: skip
    """Loans matching every filter given (None: no filter), ordered by loan number; four queries."""
    qs = Loan.objects.select_related("enterprise__industry", "bank").order_by("ref")
    for field, values in (("pk__in", ids), ("enterprise_id__in", enterprise_ids), ("bank_id__in", bank_ids),
                          ("enterprise__jurisdiction_id__in", jurisdiction_ids), ("state__in", states)):  # fmt: skip
        if values is not None:
            qs = qs.filter(**{field: list(values)})
    rows = list(qs)
    return _facts(rows)


def loan(loan_id: int) -> LoanFact | None:
    found = loans(ids=[loan_id])
    return found[0] if found else None


def _facts(rows: list[Loan]) -> list[LoanFact]:
    ids = [r.pk for r in rows]
    pledged: dict[int, int] = defaultdict(int)
    for loan_id, total in (Pledge.objects.filter(loan_id__in=ids, status=Pledge.Status.OPEN)
                           .values_list("loan_id").annotate(t=Sum("quantity_t"))):  # fmt: skip
        pledged[loan_id] = total or 0
    guarantors: dict[int, set[int]] = defaultdict(set)
    for loan_id, org_id in Collateral.objects.filter(loan_id__in=ids, guarantor__isnull=False).values_list(
            "loan_id", "guarantor_id"):  # fmt: skip
        guarantors[loan_id].add(org_id)
    calls = set(MarginCall.objects.filter(loan_id__in=ids, state=MarginCall.State.OPEN)
                .values_list("loan_id", flat=True))  # fmt: skip
    return [_fact(r, pledged[r.pk], tuple(sorted(guarantors[r.pk])), r.pk in calls) for r in rows]


def _fact(r: Loan, pledged_t: int, guarantor_ids: tuple[int, ...], open_call: bool) -> LoanFact:
    industry = r.enterprise.industry
    return LoanFact(
        id=r.pk, ref=r.ref, enterprise_id=r.enterprise_id, enterprise_name=r.enterprise.name,
        industry_code=industry.code if industry else "", jurisdiction_id=r.enterprise.jurisdiction_id,
        bank_id=r.bank_id, bank_name=r.bank.name, guarantor_ids=guarantor_ids, state=r.state,
        state_label=str(STATE_LABELS.get(State(r.state), r.state)), amount_fen=r.amount_fen,
        principal_fen=r.principal_fen, term_months=r.term_months, rate_ppm=r.rate_ppm, spread_bp=r.spread_bp,
        day_count_basis=r.day_count_basis, band=r.band, instrument_code=r.instrument_code, pledged_t=pledged_t,
        disbursed_on=r.disbursed_on, maturity_on=r.maturity_on, interest_paid_fen=r.interest_paid_fen,
        recovered_fen=r.recovered_fen, last_coverage_bp=r.last_coverage_bp, last_zone=r.last_zone,
        registration_no=r.registration_no, notice_no=r.notice_no, purpose=r.purpose, open_margin_call=open_call,
    )  # fmt: skip


@dataclass(frozen=True)
class PortfolioSummary:
    live_count: int
    live_principal_fen: int
    pledged_t: int
    by_zone: dict[str, int]  # last mark-to-market zone → number of live loans ("" = not yet marked)
    margin_calls_open: int
    borrowers: int
    as_of: date | None  # the newest mark-to-market date among the live loans


def portfolio_summary(jurisdiction_ids: Iterable[int] | None = None) -> PortfolioSummary:
    """The live pledge loans of these jurisdictions (None: all), in four queries."""
    rows = loans(jurisdiction_ids=jurisdiction_ids, states=LIVE_STATES)
    zones: dict[str, int] = defaultdict(int)
    for f in rows:
        zones[f.last_zone] += 1
    marks = (Loan.objects.filter(pk__in=[f.id for f in rows]).exclude(last_mark_on=None)
             .values_list("last_mark_on", flat=True))  # fmt: skip
    return PortfolioSummary(
        live_count=len(rows), live_principal_fen=sum(f.principal_fen for f in rows),
        pledged_t=sum(f.pledged_t for f in rows), by_zone=dict(zones),
        margin_calls_open=sum(1 for f in rows if f.open_margin_call),
        borrowers=len({f.enterprise_id for f in rows}), as_of=max(marks, default=None),
    )  # fmt: skip


def loans_needing_attention(bank_id: int, today: date | None = None) -> list[LoanFact]:
    """A bank's live loans with an open margin call, a mark below the warning line, or maturity within 30 days."""
    today = today or timezone.localdate()
    soon = today + timedelta(days=MATURITY_WINDOW_DAYS)
    ids = (Loan.objects.filter(bank_id=bank_id, state__in=LIVE_STATES)
           .filter(Q(margin_calls__state=MarginCall.State.OPEN) | Q(last_zone__in=ATTENTION_ZONES)
                   | Q(maturity_on__lte=soon))
           .values_list("pk", flat=True).distinct())  # fmt: skip
    return loans(ids=list(ids))


@dataclass(frozen=True)
class BandFact:
    enterprise_id: int
    band: str  # A–D, or "" when a knock-out applies
    knocked_out: bool
    reasons: tuple[str, ...]  # translated knock-out reasons
    total: Decimal
    ltv_cap_bp: int | None
    spread_bp: int | None
    version: int  # the scorecard version (0: the proposed default, not yet adopted)
    as_of: date
    pledgeable_t: int


def bands(enterprise_ids: Iterable[int], today: date | None = None) -> dict[int, BandFact]:
    """Screening bands for these enterprises, computed as the screening list computes them (set-based)."""
    enterprises = list(Organisation.objects.filter(pk__in=list(enterprise_ids)).select_related("jurisdiction"))
    out: dict[int, BandFact] = {}
    for c in cards(enterprises, today):
        r, band = c.result, c.result.band
        out[c.enterprise.pk] = BandFact(
            enterprise_id=c.enterprise.pk, band="" if band is None else band.code, knocked_out=r.knocked_out,
            reasons=tuple(str(KNOCKOUTS[h.code.value]) for h in r.knockouts), total=r.total,
            ltv_cap_bp=None if band is None else int(band.ltv_cap * 10_000),
            spread_bp=None if band is None else band.spread_bp,
            version=c.version.version, as_of=c.today, pledgeable_t=c.carbon.pledgeable_t if c.carbon else 0,
        )  # fmt: skip
    return out


@dataclass(frozen=True)
class FinancingCost:
    loan_id: int
    interest_fen: int
    fee_fen: int
    days: int
    basis: int  # day-count basis of the loan (360 or 365)
    start: date | None
    end: date | None

    @property
    def total_fen(self) -> int:
        return self.interest_fen + self.fee_fen


def financing_cost(loan_ids: Iterable[int], start: date, end: date) -> dict[int, FinancingCost]:
    """Interest each loan accrues in [start, end) — clipped to [disbursed, maturity) — on its outstanding
    principal at the loan's rate and day count. The loan desk records no guarantee fee, so ``fee_fen`` is 0;
    a caller that knows a fee (a financing request's feedback) adds its own."""
    out: dict[int, FinancingCost] = {}
    for f in loans(ids=loan_ids):
        lo = max(start, f.disbursed_on) if f.disbursed_on else None
        hi = min(end, f.maturity_on) if f.maturity_on else end
        if lo is None or f.annual_rate is None or hi <= lo:
            out[f.id] = FinancingCost(f.id, 0, 0, 0, f.day_count_basis, None, None)
            continue
        fen = interest.accrued(f.principal_fen, f.annual_rate, lo, hi, f.day_count_basis)
        out[f.id] = FinancingCost(f.id, fen, 0, (hi - lo).days, f.day_count_basis, lo, hi)
    return out


def data_stamp() -> tuple:
    """Changes whenever a row of this module is added, saved or deleted (``orgs.audit.app_stamp``): for callers
    that keep figures computed from these facts and must not show them stale."""
    return app_stamp(__name__.split(".")[1])
