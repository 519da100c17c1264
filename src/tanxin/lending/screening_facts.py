"""The facts a screening card is computed from, gathered for many enterprises at once.

Nothing here is typed in twice: the carbon position comes from the registry (holdings, holds, obligations
that carry the verified emissions disclosure handed over, compliance results), publication from
disclosure, prices from the market; credit status, financial figures and visit findings from this app's
own records, each with its date and source. Every read is set-based (one ``positions`` call per year and one
query per own table), so the bureau's list of all key emission-control units costs a handful of queries
however many enterprises it holds. No gate inside: callers pass enterprises their user may see.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.utils import timezone

from tanxin.disclosure import facts as disclosure
from tanxin.lending.domain.scorecard import Fact
from tanxin.lending.models import CreditRecord, FinancialStatement, Visit
from tanxin.market import facts as market
from tanxin.orgs.models import Organisation
from tanxin.registry import facts as registry

HISTORY_YEARS = 3  # compliance record: the last three settled years
RATIO = Decimal("0.0001")
ALLOWANCE_INSTRUMENT = {"shenzhen": "SZA", "national": "CEA"}


@dataclass(frozen=True)
class YearLine:
    year: int
    status: str
    obligation_t: int | None
    surrendered_t: int
    shortfall_t: int | None
    surplus_t: int | None
    deadline: date | None


@dataclass(frozen=True)
class Carbon:
    """The carbon position of one enterprise, read from the registry on ``as_of``."""

    scheme: str
    instrument: str
    open_year: int
    holdings_t: int  # allowances of the scheme's kind usable for the open year
    pledged_t: int
    frozen_t: int
    pledgeable_t: int
    history: tuple[YearLine, ...]  # settled years with an obligation, newest first
    as_of: date

    @property
    def encumbered_t(self) -> int:
        return self.pledged_t + self.frozen_t

    @property
    def latest(self) -> YearLine | None:
        return self.history[0] if self.history else None

    @property
    def verified_emissions_t(self) -> int | None:
        return self.latest.obligation_t if self.latest else None

    @property
    def surplus_ratio(self) -> Decimal | None:
        line = self.latest
        if line is None or line.surplus_t is None or not line.obligation_t:
            return None
        return (Decimal(line.surplus_t) / Decimal(line.obligation_t)).quantize(RATIO, ROUND_HALF_UP)

    @property
    def emission_trend(self) -> Decimal | None:
        if len(self.history) < 2 or not self.history[1].obligation_t or self.history[0].obligation_t is None:
            return None
        change = Decimal(self.history[0].obligation_t) / Decimal(self.history[1].obligation_t) - 1
        return change.quantize(RATIO, ROUND_HALF_UP)

    @property
    def compliance_record(self) -> Decimal | None:
        if not self.history:
            return None
        on_time = sum(1 for line in self.history if line.status == "compliant")
        return (Decimal(on_time) / len(self.history)).quantize(RATIO, ROUND_HALF_UP)

    @property
    def unresolved_shortfall_t(self) -> int:
        """The shortfall still open after the latest settled year's deadline. Older shortfalls have been met by
        forced deduction from the next allocation (Shenzhen Order 343) and count in the compliance record."""
        line = self.latest
        return (line.shortfall_t or 0) if line is not None and line.status == "non_compliant" else 0


@dataclass
class Gathered:
    """Everything known about one enterprise for its card (model rows are this app's own)."""

    enterprise: Organisation
    carbon: Carbon
    credit: dict[str, CreditRecord] = field(default_factory=dict)
    financials: FinancialStatement | None = None
    visit: Visit | None = None
    published_years: frozenset[int] = frozenset()
    application: Application | None = None  # the enterprise's open loan application


def settled_years(open_year: int) -> list[int]:
    return [open_year - i for i in range(1, HISTORY_YEARS + 1)]


def carbon_positions(enterprises: Sequence[Organisation], today: date) -> dict[int, Carbon]:
    """Carbon positions of the open year and the three settled years, set-based over all of them."""
    open_years = {e.pk: registry.open_compliance_year(e.ets, today) for e in enterprises}
    years = {y for e in enterprises for y in [open_years[e.pk], *settled_years(open_years[e.pk])]}
    found = registry.positions_over(enterprises, years, today)  # accounts and balances read once for all years
    out = {}
    for e in enterprises:
        now = found[open_years[e.pk]][e.pk]
        history = tuple(_line(found[y][e.pk]) for y in settled_years(open_years[e.pk])
                        if found[y][e.pk].obligation_t is not None)  # fmt: skip
        out[e.pk] = Carbon(now.scheme, ALLOWANCE_INSTRUMENT.get(now.scheme, "SZA"), open_years[e.pk], now.eligible_t,
                           now.pledged_t, now.frozen_t, now.pledgeable_t, history, today)  # fmt: skip
    return out


def _line(pos: registry.CompliancePosition) -> YearLine:
    return YearLine(pos.year, pos.status, pos.obligation_t, pos.allowances_surrendered_t + pos.offsets_counted_t,
                    pos.shortfall_t, pos.surplus_t, pos.deadline)  # fmt: skip


def latest_credit(ids: list[int]) -> dict[int, dict[str, CreditRecord]]:
    out: dict[int, dict[str, CreditRecord]] = {i: {} for i in ids}
    for row in CreditRecord.objects.filter(enterprise_id__in=ids).order_by("as_of", "id"):
        out[row.enterprise_id][row.kind] = row  # the latest date wins; the same day, the later record
    return out


def latest_financials(ids: list[int]) -> dict[int, FinancialStatement]:
    out: dict[int, FinancialStatement] = {}
    for row in FinancialStatement.objects.filter(enterprise_id__in=ids).order_by("period_end", "id"):
        out[row.enterprise_id] = row
    return out


def latest_visits(ids: list[int]) -> dict[int, Visit]:
    """The latest completed visit with a rating: its findings feed the card with the visit's date."""
    out: dict[int, Visit] = {}
    rows = Visit.objects.filter(enterprise_id__in=ids, status=Visit.Status.COMPLETED).exclude(rating="")
    for row in rows.order_by("visited_on", "id"):
        out[row.enterprise_id] = row
    return out


def published_years(ids: list[int], years: list[int]) -> dict[int, frozenset[int]]:
    """Years with a published annual disclosure, per enterprise (disclosure's public data)."""
    return disclosure.published_years(ids, years)


@dataclass(frozen=True)
class Application:
    """What the card reads from a loan application: the capital need."""

    pk: int
    ref: str
    amount_fen: int
    term_months: int
    purpose: str
    quantity_t: int  # allowances offered as collateral
    submitted_on: date
    green_purpose: bool | None  # None: the application does not say


OPEN_APPLICATION_STATES = ("applied", "screened", "valued")


def applications(ids: list[int]) -> dict[int, Application]:
    """Each enterprise's latest open loan application (amount, term, purpose, collateral on offer), one query.

    The loan desk's table may be absent while its migration is pending: then no enterprise has one."""
    try:
        from tanxin.lending.models.loans import Loan
    except ImportError:
        return {}
    out: dict[int, Application] = {}
    rows = Loan.objects.filter(enterprise_id__in=ids, state__in=OPEN_APPLICATION_STATES).order_by("created_at", "pk")
    for loan in rows:
        out[loan.enterprise_id] = Application(
            loan.pk, loan.ref, loan.amount_fen, loan.term_months, loan.purpose, loan.quantity_t,
            timezone.localdate(loan.created_at), getattr(loan, "green_purpose", None),
        )  # fmt: skip
    return out


def gather(enterprises: Sequence[Organisation], today: date) -> list[Gathered]:
    enterprises = list(enterprises)
    ids = [e.pk for e in enterprises]
    carbon = carbon_positions(enterprises, today)
    credit, fin, visits = latest_credit(ids), latest_financials(ids), latest_visits(ids)
    years = sorted({y for c in carbon.values() for y in settled_years(c.open_year)})
    published = published_years(ids, years)
    apps = applications(ids)
    return [
        Gathered(e, carbon[e.pk], credit[e.pk], fin.get(e.pk), visits.get(e.pk), published.get(e.pk, frozenset()),
                 apps.get(e.pk))
        for e in enterprises
    ]  # fmt: skip


class Prices:
    """P_val per allowance instrument on a day, each read once per call (market figures)."""

    def __init__(self, today: date) -> None:
        self.today = today
        self._figures: dict[str, market.Figures] = {}

    def figures(self, instrument: str) -> market.Figures:
        if instrument not in self._figures:
            self._figures[instrument] = market.figures(instrument, self.today)
        return self._figures[instrument]


# ---------------------------------------------------------------- facts for the scorecard


def facts_for(g: Gathered, prices: Prices) -> dict[str, Fact]:
    """The scorecard's inputs for one enterprise, each with its source and date."""
    c, today = g.carbon, g.carbon.as_of
    latest = c.latest
    settled_on = latest.deadline if latest else None
    out: dict[str, Fact] = {
        "holdings_t": Fact(c.holdings_t, "registry", today),
        "encumbered_t": Fact(c.encumbered_t, "registry", today),
        "surplus_ratio": Fact(c.surplus_ratio, "registry", settled_on, str(latest.year) if latest else ""),
        "compliance_record": Fact(c.compliance_record, "registry", settled_on,
                                  ",".join(str(line.year) for line in c.history)),
        "emission_trend": Fact(c.emission_trend, "registry", settled_on, str(latest.year) if latest else ""),
        "unresolved_shortfall_t": Fact(c.unresolved_shortfall_t if c.history else None, "registry", settled_on),
    }  # fmt: skip
    out |= _credit_facts(g)
    out |= _finance_facts(g.financials)
    out["disclosure_status"] = _disclosure_fact(g, latest)
    visit = g.visit
    out["visit_rating"] = (Fact(visit.rating, "visit", visit.visited_on, str(visit.pk)) if visit
                           else Fact(None, "visit", None))  # fmt: skip
    out |= _need_facts(g, prices)
    return out


def _credit_facts(g: Gathered) -> dict[str, Fact]:
    def record(kind: str, value: Any) -> Fact:
        row = g.credit.get(kind)
        return Fact(value(row) if row else None, "credit_record", row.as_of if row else None,
                    str(row.pk) if row else "")  # fmt: skip

    return {
        "dishonest_debtor": record("dishonest_debtor", lambda r: r.value == "listed"),
        "env_credit_colour": record("env_credit", lambda r: r.value),
        "tax_credit_grade": record("tax_credit", lambda r: r.value),
        "overdue_loans": record("overdue_loans", lambda r: int(r.value)),
    }


def _finance_facts(fin: FinancialStatement | None) -> dict[str, Fact]:
    if fin is None:
        return {"debt_ratio": Fact(None, "financial_statement", None), "net_margin": Fact(None, "financial_statement",
                                                                                        None)}  # fmt: skip
    debt = (Decimal(fin.total_liabilities_fen) / Decimal(fin.total_assets_fen)).quantize(RATIO, ROUND_HALF_UP)
    margin = (Decimal(fin.net_profit_fen) / Decimal(fin.revenue_fen)).quantize(RATIO, ROUND_HALF_UP) \
        if fin.revenue_fen else None
    return {
        "debt_ratio": Fact(debt, "financial_statement", fin.period_end, str(fin.pk)),
        "net_margin": Fact(margin, "financial_statement", fin.period_end, str(fin.pk)),
    }


def _disclosure_fact(g: Gathered, latest: YearLine | None) -> Fact:
    if latest is None:
        return Fact(None, "disclosure", None)
    if latest.year in g.published_years:
        return Fact("published", "disclosure", latest.deadline, str(latest.year))
    # the registry keeps the verified figure disclosure handed over as the year's obligation
    return Fact("verified" if latest.obligation_t is not None else "none", "registry", latest.deadline,
                str(latest.year))  # fmt: skip


def _need_facts(g: Gathered, prices: Prices) -> dict[str, Fact]:
    app = g.application
    if app is None:
        return {"collateral_cover": Fact(None, "loan_application", None),
                "green_purpose": Fact(None, "loan_application", None)}  # fmt: skip
    valuation = prices.figures(g.carbon.instrument).valuation
    cover = None
    if valuation is not None and app.amount_fen > 0:
        value = Decimal(g.carbon.pledgeable_t) * valuation
        cover = (value * 100 / Decimal(app.amount_fen)).quantize(RATIO, ROUND_HALF_UP)
    return {
        "collateral_cover": Fact(cover, "loan_application", app.submitted_on, app.ref),
        "green_purpose": Fact(app.green_purpose, "loan_application", app.submitted_on, app.ref),
    }
