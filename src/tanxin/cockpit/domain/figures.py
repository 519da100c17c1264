"""The cockpit's figures, assembled from what each module's facts say about a jurisdiction and a year.

Pure: plain values in, frozen dataclasses out. A section is ``None`` when its module offers no facts in this
deployment, and says ``has_data = False`` when the module has no record for the year — the page and the
report then say so instead of printing zeros as if they were facts. Money is in fen, tonnes and counts are
integers; shares are basis points computed with integer arithmetic (half up), never floats.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime

COMPLIANCE_STATUSES = ("compliant", "late", "non_compliant", "pending")
FUNNEL_STEPS = ("requests", "matched", "accepted", "approved", "disbursed")


def share_bp(part: int, whole: int) -> int | None:
    """``part / whole`` in basis points, half up; None when there is nothing to divide by."""
    if whole <= 0:
        return None
    return (part * 10_000 * 2 + whole) // (whole * 2)


@dataclass(frozen=True)
class YearPoint:
    """One data year of disclosure: what the disclosure module counts (closed enterprises left out)."""

    year: int
    enterprises: int
    due: int  # enterprises bound to disclose: key emission units and ETS members
    published: int  # enterprises with a published annual disclosure of the year
    published_due: int  # of them, those bound to disclose
    published_kg: int  # the published (verified) emissions of those disclosures, kgCO2e

    @property
    def published_t(self) -> int | None:
        """Whole tonnes, half up; None when nothing was published (a gap in the trend, not a zero)."""
        return (self.published_kg + 500) // 1000 if self.published else None


@dataclass(frozen=True)
class DisclosureSection:
    year: int
    enterprises: int
    key_units: int
    published: int
    key_published: int
    published_kg: int
    trend: tuple[YearPoint, ...]
    as_of: date

    @property
    def has_data(self) -> bool:
        return self.published > 0

    @property
    def coverage_bp(self) -> int | None:
        return share_bp(self.published, self.enterprises)

    @property
    def key_coverage_bp(self) -> int | None:
        return share_bp(self.key_published, self.key_units)

    @property
    def published_t(self) -> int | None:
        return next(p.published_t for p in self.trend if p.year == self.year)


@dataclass(frozen=True)
class ComplianceSection:
    year: int
    key_units: int
    with_obligation: int
    by_status: Mapping[str, int]
    surplus_t: int
    shortfall_t: int
    verified_t: int
    as_of: date

    @property
    def has_data(self) -> bool:
        return self.with_obligation > 0

    @property
    def compliant_bp(self) -> int | None:
        return share_bp(self.by_status.get("compliant", 0), self.with_obligation)


@dataclass(frozen=True)
class LoanSection:
    live_count: int
    live_principal_fen: int
    pledged_t: int
    by_zone: Mapping[str, int]
    margin_calls_open: int
    year_count: int  # loans disbursed in the year
    year_amount_fen: int
    year_enterprises: int
    as_of: date | None
    snapshot: bool = True  # the live portfolio is today's; it is shown for this year and the last one only

    @property
    def has_data(self) -> bool:
        return (self.snapshot and self.live_count > 0) or self.year_count > 0


@dataclass(frozen=True)
class DealSection:
    count: int
    pool_balance_fen: int
    outstanding_fen: int
    senior_outstanding_fen: int
    loan_count: int
    enterprises: int
    by_status: Mapping[str, int]
    as_of: date | None

    @property
    def has_data(self) -> bool:
        return self.count > 0


@dataclass(frozen=True)
class StationSection:
    funnel: Mapping[str, int]
    disbursed_fen: int
    approved_fen: int
    green_fen: int
    enterprises: int
    as_of: date | None

    @property
    def has_data(self) -> bool:
        return self.funnel.get("requests", 0) > 0 or self.disbursed_fen > 0


@dataclass(frozen=True)
class SupportSection:
    """The support fund's schemes of the year: budget, applications, awards under a decided result, payments."""

    schemes: int
    budget_fen: int
    applications: int
    awardees: int
    awarded_fen: int
    paid_fen: int
    as_of: date | None

    @property
    def has_data(self) -> bool:
        return self.schemes > 0


@dataclass(frozen=True)
class Child:
    """A jurisdiction one level down, for the drill-down."""

    id: int
    code: str
    name: str
    enterprises: int


@dataclass(frozen=True)
class Cockpit:
    jurisdiction_id: int
    jurisdiction_code: str
    jurisdiction_name: str
    year: int
    disclosure: DisclosureSection
    compliance: ComplianceSection
    loans: LoanSection | None = None
    deals: DealSection | None = None
    station: StationSection | None = None
    support: SupportSection | None = None
    children: tuple[Child, ...] = ()
    missing: tuple[str, ...] = field(default_factory=tuple)  # sections whose module offers no facts yet
    computed_at: datetime | None = None  # when the figures were read (the page may show a recent computation)

    @property
    def sections(self) -> tuple[object, ...]:
        return tuple(s for s in (self.disclosure, self.compliance, self.support, self.loans, self.deals, self.station)
                     if s)  # fmt: skip

    @property
    def has_data(self) -> bool:
        return any(getattr(s, "has_data", False) for s in self.sections)


# --- assembly from the facts' plain values --------------------------------------------------------------------


@dataclass(frozen=True)
class YearTotals:
    """What the cockpit keeps of the registry's compliance summary of one year (units with an obligation)."""

    by_status: Mapping[str, int]
    surplus_t: int
    shortfall_t: int
    disclosed_t: int | None  # obligations that came from a verified disclosure; None when none did


def disclosure_section(year: int, trend: Iterable[YearPoint], as_of: date) -> DisclosureSection:
    """The year's coverage and the trend over the years given (``year`` among them)."""
    points = tuple(sorted(trend, key=lambda p: p.year))
    now = next(p for p in points if p.year == year)
    return DisclosureSection(year, now.enterprises, now.due, now.published, now.published_due, now.published_kg,
                             points, as_of)  # fmt: skip


def compliance_section(year: int, key_units: int, totals: YearTotals, as_of: date) -> ComplianceSection:
    by_status = {s: totals.by_status.get(s, 0) for s in COMPLIANCE_STATUSES}
    return ComplianceSection(year, key_units, sum(by_status.values()), by_status, totals.surplus_t,
                             totals.shortfall_t, totals.disclosed_t or 0, as_of)  # fmt: skip


@dataclass(frozen=True)
class LoanRow:
    enterprise_id: int
    amount_fen: int
    disbursed_on: date | None


def snapshot_applies(year: int, today: date) -> bool:
    """Live figures (the loan portfolio, ABS outstanding) are today's: they speak for this year and, in the
    annual report written early in the next year, for the last one; never for older years."""
    return year >= today.year - 1


def loan_section(summary_live_count: int, live_principal_fen: int, pledged_t: int, by_zone: Mapping[str, int],
                 margin_calls_open: int, year: int, loans: Iterable[LoanRow], as_of: date | None,
                 snapshot: bool = True) -> LoanSection:  # fmt: skip
    of_year = [row for row in loans if row.disbursed_on is not None and row.disbursed_on.year == year]
    if not snapshot:
        summary_live_count, live_principal_fen, pledged_t, by_zone, margin_calls_open = 0, 0, 0, {}, 0
    return LoanSection(summary_live_count, live_principal_fen, pledged_t, dict(by_zone), margin_calls_open,
                       len(of_year), sum(r.amount_fen for r in of_year), len({r.enterprise_id for r in of_year}),
                       as_of, snapshot)  # fmt: skip


@dataclass(frozen=True)
class DealRow:
    status: str
    pool_balance_fen: int
    outstanding_fen: int
    senior_outstanding_fen: int
    loan_count: int
    enterprise_ids: tuple[int, ...]
    as_of: date | None


def deal_section(rows: Iterable[DealRow]) -> DealSection:
    rows = list(rows)
    statuses: dict[str, int] = {}
    for row in rows:
        statuses[row.status] = statuses.get(row.status, 0) + 1
    dates = [r.as_of for r in rows if r.as_of is not None]
    return DealSection(len(rows), sum(r.pool_balance_fen for r in rows), sum(r.outstanding_fen for r in rows),
                       sum(r.senior_outstanding_fen for r in rows), sum(r.loan_count for r in rows),
                       len({e for r in rows for e in r.enterprise_ids}), statuses, max(dates) if dates else None)
