"""What other apps read from disclosure: verified emissions and the state of an annual disclosure.

No gate inside: the caller (support, lending, the registry's pages through its own gate) checks its own.
Every function returns a frozen dataclass.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Exists, Max, OuterRef, Q, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone, translation

from tanxin.disclosure import basis
from tanxin.disclosure.domain.workflow import State
from tanxin.disclosure.due import due_of
from tanxin.disclosure.models import Finding, Report, ReportVersion
from tanxin.orgs.audit import change_stamp
from tanxin.orgs.models import Organisation

VERIFIED_STATES = (State.VERIFIED, State.PUBLISHED)


@dataclass(frozen=True)
class VerifiedEmissions:
    """The figure that counts for an enterprise's year: the latest verified (or published) annual version."""

    enterprise_id: int
    year: int
    tonnes: int  # whole tCO2e, China regulatory view, half-up
    kg: int
    version_id: int
    version_number: int
    published: bool


@dataclass(frozen=True)
class DisclosureFacts:
    """What the support fund and the banks may rely on for an enterprise's annual disclosure of a year."""

    enterprise_id: int
    year: int
    published: bool
    verified: bool
    total_kg: int | None
    intensity_value_added: Decimal | None  # tCO2e per 10,000 CNY of value added, on the figure's basis
    # When the facts came to exist: a scheme may only score what was known when its window closed.
    published_at: datetime | None = None  # the first publication of the year's annual report
    verified_at: datetime | None = None  # the verification of the version these figures come from


def kg_to_tonnes(kg: int) -> int:
    return int((Decimal(kg) / 1000).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def latest_verified(enterprise_id: int, year: int) -> ReportVersion | None:
    """The latest verified or published annual version (disclosure's own code; others read the facts)."""
    return (
        ReportVersion.objects.filter(report__enterprise_id=enterprise_id, report__year=year,
                                     report__kind=Report.Kind.ANNUAL, state__in=VERIFIED_STATES)
        .order_by("-number").first()
    )  # fmt: skip


def verified_emissions(enterprise_id: int, year: int) -> VerifiedEmissions | None:
    """The verified figure of ``year``, or None before a version is verified."""
    version = latest_verified(enterprise_id, year)
    if version is None or version.figure_kg is None:
        return None
    return VerifiedEmissions(enterprise_id, year, kg_to_tonnes(version.figure_kg), version.figure_kg, version.pk,
                             version.number, version.state == State.PUBLISHED)  # fmt: skip


def disclosure(enterprise_id: int, year: int) -> DisclosureFacts:
    """Whether the year's annual disclosure is published and verified, its total and its intensity."""
    version = latest_verified(enterprise_id, year)
    published = ReportVersion.objects.filter(report__enterprise_id=enterprise_id, report__year=year,
                                             report__kind=Report.Kind.ANNUAL, state=State.PUBLISHED).exists()
    intensity = None
    if version is not None:
        # On the same basis as the figure (verified once verified), see ``disclosure.basis``.
        value = basis.figures(version).intensities.get("value_added") or {}
        intensity = Decimal(str(value["value"])) if value.get("value") is not None else None
    first_published = (ReportVersion.objects.filter(report__enterprise_id=enterprise_id, report__year=year,
                                                    report__kind=Report.Kind.ANNUAL, state=State.PUBLISHED)
                       .order_by("published_at").values_list("published_at", flat=True).first())  # fmt: skip
    return DisclosureFacts(enterprise_id, year, published, version is not None,
                           version.figure_kg if version is not None else None, intensity, first_published,
                           version.verified_at if version is not None else None)  # fmt: skip


def published_years(enterprise_ids: Iterable[int], years: Iterable[int]) -> dict[int, frozenset[int]]:
    """Years among ``years`` with a published annual disclosure, per enterprise (the public portal's data)."""
    ids = list(enterprise_ids)
    found: dict[int, set[int]] = {i: set() for i in ids}
    rows = ReportVersion.objects.published().filter(report__enterprise_id__in=ids, report__year__in=list(years),
                                                    report__kind=Report.Kind.ANNUAL)  # fmt: skip
    for enterprise_id, year in rows.values_list("report__enterprise_id", "report__year").distinct():
        found[enterprise_id].add(year)
    return {i: frozenset(y) for i, y in found.items()}


# --- a jurisdiction's disclosure over the years (the cockpit and its public summary) -----------------------

# Statutory disclosure (MEE Order 24) binds key emission units and the members of an emissions trading scheme.
DUE = Q(key_emitter=True) | ~Q(ets="none")


@dataclass(frozen=True)
class CoverageYear:
    """One data year of the enterprises of some jurisdictions (closed ones left out).

    ``published`` counts the enterprises whose annual report of the year has a published version, ``due`` those
    bound to disclose; ``published_kg`` sums the newest published version's figure of each (the figure the
    public portal shows: verified once verified), kgCO2e; ``last_published_at`` is the latest publication."""

    year: int
    enterprises: int
    due: int
    published: int
    published_due: int
    published_kg: int
    last_published_at: datetime | None


@dataclass(frozen=True)
class Coverage:
    as_of: date
    years: tuple[CoverageYear, ...]

    def year(self, year: int) -> CoverageYear | None:
        return next((y for y in self.years if y.year == year), None)


def coverage(jurisdiction_ids: Iterable[int], years: Iterable[int]) -> Coverage:
    """Per year: enterprises, those due to disclose, those that published and their published emissions.

    Two aggregate reads whatever the number of enterprises and years. Only published versions are read, so the
    figures are public ones (the public cockpit summary shows them)."""
    places, wanted = sorted(set(jurisdiction_ids)), sorted(set(years))
    enterprises = Organisation.objects.filter(kind="enterprise", jurisdiction_id__in=places).exclude(status="closed")
    counts = enterprises.aggregate(n=Count("pk"), due=Count("pk", filter=DUE))
    newer = ReportVersion.objects.published().filter(report_id=OuterRef("report_id"), number__gt=OuterRef("number"))
    due = Q(report__enterprise__key_emitter=True) | ~Q(report__enterprise__ets="none")
    rows = (ReportVersion.objects.published().filter(~Exists(newer), report__kind=Report.Kind.ANNUAL,
                                                     report__year__in=wanted,
                                                     report__enterprise__in=enterprises)
            .order_by().values("report__year")
            .annotate(n=Count("report__enterprise_id", distinct=True),
                      due=Count("report__enterprise_id", distinct=True, filter=due),
                      kg=Sum(Coalesce("verified_kg", "total_kg")), last=Max("published_at")))  # fmt: skip
    found = {r["report__year"]: r for r in rows}
    return Coverage(timezone.localdate(), tuple(
        CoverageYear(y, counts["n"], counts["due"], found[y]["n"], found[y]["due"], int(found[y]["kg"] or 0),
                     found[y]["last"]) if y in found else CoverageYear(y, counts["n"], counts["due"], 0, 0, 0, None)
        for y in wanted))  # fmt: skip


# --- what an enterprise has to answer (its home) -----------------------------------------------------------


@dataclass(frozen=True)
class OpenFinding:
    """A verifier's finding on one of the enterprise's report versions, not yet resolved."""

    id: int
    enterprise_id: int
    version_id: int
    year: int
    severity: str  # observation | nonconformity | material
    severity_label: str
    body: str
    created_at: datetime


def open_findings(enterprise_ids: Iterable[int], limit: int = 10) -> tuple[OpenFinding, ...]:
    """The oldest open findings on these enterprises' reports first, at most ``limit``; one query."""
    rows = (Finding.objects.filter(resolved=False, version__report__enterprise_id__in=list(enterprise_ids))
            .select_related("version__report").order_by("created_at", "pk")[:limit])  # fmt: skip
    return tuple(OpenFinding(f.pk, f.version.report.enterprise_id, f.version_id, f.version.report.year, f.severity,
                             str(f.get_severity_display()), f.body, f.created_at) for f in rows)  # fmt: skip


@dataclass(frozen=True)
class FilingDue:
    """A filing an enterprise owes: its rule, its deadline and, for a temporary disclosure, its report."""

    enterprise_id: int
    enterprise_name_zh: str
    enterprise_name_en: str
    rule: str  # the deadline rule's code
    label: str  # the rule in the reader's language
    due: date
    days_left: int  # negative once overdue
    report_id: int | None = None

    @property
    def overdue_days(self) -> int:
        return -self.days_left

    @property
    def enterprise_name(self) -> str:
        english = (translation.get_language() or "").startswith("en")
        return self.enterprise_name_en if english and self.enterprise_name_en else self.enterprise_name_zh


@dataclass(frozen=True)
class FilingsDue:
    count: int  # all filings due or overdue within the horizon
    items: tuple[FilingDue, ...]  # the soonest ``limit`` of them


def filings_due(enterprise_ids: Iterable[int], today: date | None = None, limit: int = 10,
                horizon_days: int = 60) -> FilingsDue:  # fmt: skip
    """What these enterprises must file (or have verified) within ``horizon_days`` or are late with, soonest
    first: counted per rule and year in SQL, never computed per enterprise."""
    page = due_of(list(enterprise_ids), today, horizon_days, limit=limit)
    return FilingsDue(page.count, tuple(
        FilingDue(row.enterprise.pk, row.enterprise.name_zh, row.enterprise.name_en, row.item.rule.code, row.label,
                  row.item.due, row.item.days_left, row.report_id) for row in page.items))  # fmt: skip


def data_stamp() -> tuple:
    """Changes whenever a report or a version is created, saved or deleted (each writes a history row): for
    callers that keep results computed from these facts and must never show them stale."""
    return change_stamp(Report, ReportVersion)
