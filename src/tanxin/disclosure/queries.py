"""Reads: reports through the gate, what is due, the bureau overview, and the public (published-only) views."""

from __future__ import annotations

from dataclasses import astuple, dataclass
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet
from django.utils import timezone

from tanxin.disclosure import basis, reuse
from tanxin.disclosure.domain.workflow import State
from tanxin.disclosure.due import (  # noqa: F401 - the pages, the API and the tests read deadlines here too
    ETS_SCOPES,
    VERIFICATION_RULES,
    DuePage,
    DueRow,
    due,
    due_page,
    tracked_rules,
)
from tanxin.disclosure.models import Report, ReportVersion
from tanxin.orgs.domain.roles import CONSENT_GRANTEE_KINDS, OrgKind
from tanxin.orgs.gate import principal_for
from tanxin.orgs.models import Organisation
from tanxin.web.paging import TwoWayPaginator

VERIFYING_STATES = (State.ACCEPTED, State.IN_VERIFICATION, State.VERIFIED)
QUEUE_LIMIT = 10  # items of each work queue on the overview page; the cards give the full counts


def anomaly_score() -> int:
    return int(getattr(settings, "TANXIN_DISCLOSURE_ANOMALY_SCORE", 80))


def anomaly_change() -> Decimal:
    """A year-on-year change above this share (either way) sends a report to the anomaly queue."""
    return Decimal(str(getattr(settings, "TANXIN_DISCLOSURE_ANOMALY_CHANGE", "0.5")))


# --- reports through the gate --------------------------------------------------------------------------


@dataclass
class ReportFilter:
    year: int | None = None
    state: str = ""
    kind: str = ""
    enterprise_id: int | None = None
    q: str = ""

    @classmethod
    def from_params(cls, params: Any) -> ReportFilter:
        def number(key: str) -> int | None:
            value = str(params.get(key) or "").strip()
            return int(value) if value.isdigit() and len(value) < 10 else None

        state = params.get("state") or ""
        kind = params.get("kind") or ""
        return cls(
            year=number("year"), enterprise_id=number("enterprise_id"), q=(params.get("q") or "").strip()[:100],
            state=state if state in State.__members__.values() else "",
            kind=kind if kind in Report.Kind.values else "",
        )  # fmt: skip


def versions(user: Any, action: str = "view") -> QuerySet[ReportVersion]:
    return ReportVersion.objects.visible_to(user, action).select_related(
        "report__enterprise__industry", "report__enterprise__jurisdiction"
    )


def current_versions(user: Any, f: ReportFilter | None = None) -> QuerySet[ReportVersion]:
    """The newest version of each report that this user may see; with a state filter, the newest version of
    each report *in that state* — so a published report stays findable as published while a draft
    restatement sits on top of it, and the draft is found under its own state."""
    f = f or ReportFilter()
    newer = ReportVersion.objects.filter(report_id=OuterRef("report_id"), number__gt=OuterRef("number"))
    if f.state:
        newer = newer.filter(state=f.state)
    if not _sees_whole_reports(user):
        newer = newer.filter(pk__in=ReportVersion.objects.visible_to(user).values("pk"))
    qs = versions(user).filter(~Exists(newer))
    if f.year:
        qs = qs.filter(report__year=f.year)
    if f.state:
        qs = qs.filter(state=f.state)
    if f.kind:
        qs = qs.filter(report__kind=f.kind)
    if f.enterprise_id:
        qs = qs.filter(report__enterprise_id=f.enterprise_id)
    if f.q:
        qs = qs.filter(Q(report__enterprise__name_zh__icontains=f.q) | Q(report__enterprise__name_en__icontains=f.q)
                       | Q(report__enterprise__uscc__icontains=f.q.upper()))  # fmt: skip
    return qs.order_by("-report__year", "report__enterprise__name_zh", "report__kind", "-number")


def current_page(user: Any, f: ReportFilter, number: Any, per_page: int, data: tuple | None = None) -> Page:
    """One page of ``current_versions``: sorted and counted on narrow rows (ids and sort keys only), then
    only the page's versions are loaded whole, by key. ``data``: the stamp of ``reuse``, to keep the count
    (a pass over every newest version) for as long as the data are unchanged."""
    rows = current_versions(user, f)
    paginator = Paginator(rows.values_list("pk", flat=True), per_page)
    paginator.count = reuse.reused(("count", reuse.scope(user), astuple(f)), data, rows.count)
    page = paginator.get_page(number)
    page.object_list = _load(list(page.object_list))
    return page


def _sees_whole_reports(user: Any) -> bool:
    """Bureau staff and an enterprise's own people see every version of a report they see one of, so the
    newest version they see is the report's newest; a verifier (assigned versions) or a consenting bank
    (no working drafts) may see only some versions, and their newest is looked up through the gate."""
    return not principal_for(user).org_ids_of_kind(OrgKind.VERIFIER, *CONSENT_GRANTEE_KINDS)


def get_version(user: Any, version_id: int, action: str = "view") -> ReportVersion | None:
    return versions(user, action).filter(pk=version_id).first()


def report_versions(user: Any, version: ReportVersion) -> QuerySet[ReportVersion]:
    """Every version of the same report this user may see, newest first."""
    return ReportVersion.objects.visible_to(user).filter(report_id=version.report_id).order_by("-number")


def previous_of(user: Any, version: ReportVersion) -> ReportVersion | None:
    if version.previous_id is None:
        return None
    return ReportVersion.objects.visible_to(user).filter(pk=version.previous_id).first()


# --- bureau overview -----------------------------------------------------------------------------------


def default_round(user: Any) -> int:
    latest = Report.objects.visible_to(user).filter(kind=Report.Kind.ANNUAL).order_by("-year").first()
    return latest.year if latest else timezone.localdate().year - 1


def overview(user: Any, year: int, page: int | None = 1, per_page: int = 50,
             queue_limit: int | None = QUEUE_LIMIT) -> dict[str, Any]:  # fmt: skip
    """Disclosure status of the enterprises in the user's jurisdiction for one data year, and the queues.

    Every card and state count comes from one grouped aggregate over the newest versions; each queue is
    cut to its first ``queue_limit`` items on narrow rows before any version is loaded, and ``rows`` is one
    page of enterprises (all of them when ``page`` is None). A page reuses the counts and queue ids
    computed for the same district while its data are unchanged (``reuse``); the export (no page, every
    row and every queue item) always computes afresh.
    """
    queue_limit = None if page is None else queue_limit
    everyone = Organisation.objects.visible_to(user).filter(kind=OrgKind.ENTERPRISE)
    enterprises = everyone.filter(status="active")
    total, data = reuse.stamp(everyone)
    current = current_versions(user).defer("inputs")
    question = ("overview", reuse.scope(user), year, queue_limit, anomaly_score(), str(anomaly_change()))
    tally = reuse.reused(question, None if page is None else data,
                         lambda: _tally(user, current, enterprises, year, queue_limit))  # fmt: skip
    totals = tally["totals"]
    counts = {state.value: totals[state.value] for state in State if totals[state.value]}
    counts["none"] = max(0, total - sum(counts.values()))
    listing = enterprises.select_related("industry").order_by("name_zh", "pk")
    paginator = TwoWayPaginator(listing, per_page)
    paginator.count = total  # the same enterprises, counted above
    shown = list(listing) if page is None else list(paginator.get_page(page))
    ids = [e.pk for e in shown]
    annual = current_versions(user, ReportFilter(year=year, kind=Report.Kind.ANNUAL)).filter(
        report__enterprise_id__in=ids).select_related(None).select_related("report").defer("inputs")  # fmt: skip
    # Only the report is joined: with the jurisdiction too, a planner may start from every jurisdiction.
    latest = {v.report.enterprise_id: v for v in annual}
    disclosed_here = set(ReportVersion.objects.visible_to(user).filter(
        report__enterprise_id__in=ids, report__year=year, report__kind=Report.Kind.ANNUAL, state=State.PUBLISHED,
    ).values_list("report__enterprise_id", flat=True))  # fmt: skip
    seen = reuse.reused(("years", reuse.scope(user)), data, lambda: set(
        Report.objects.visible_to(user).order_by().values_list("year", flat=True).distinct()))  # fmt: skip
    return {
        "year": year, "total": total, "disclosed": totals["disclosed"], "counts": counts,
        "rows": [{"enterprise": e, "version": latest.get(e.pk), "disclosed": e.pk in disclosed_here} for e in shown],
        "page": None if page is None else paginator.get_page(page),
        "review_queue": _load(tally["review"]), "review_count": totals["review"],
        "anomalies": _with_reasons(_load(tally["anomalies"], inputs=True)),
        "anomaly_count": totals["certain"] + tally["flagged"],
        "verification": _load(tally["verification"], "assignments__verifier"),
        "verification_count": totals["verification"], "queue_limit": queue_limit,
        "years": sorted({*seen, year}, reverse=True),
    }  # fmt: skip


def _tally(user: Any, current: QuerySet[ReportVersion], enterprises: QuerySet[Organisation], year: int,
           limit: int | None) -> dict[str, Any]:  # fmt: skip
    """The overview's counts and the ids of the first ``limit`` items of each queue (all when None)."""
    if _sees_whole_reports(user):
        # Every version this user sees is of an enterprise they see (staff rule or own), so whether it is
        # listed is a test on the joined enterprise row, not a look-up in the listed ids.
        listed = Q(report__enterprise__kind=OrgKind.ENTERPRISE, report__enterprise__status="active")
    else:
        listed = Q(report__enterprise__in=enterprises.values("pk"))
    totals = _overview_counts(current, year, listed)
    flagged = _flagged(current, totals["flag_only"])
    review = current.filter(state=State.SUBMITTED).order_by("submitted_at", "pk")
    verification = current.filter(state__in=VERIFYING_STATES).order_by("state", "report__enterprise__name_zh", "pk")
    return {"totals": totals, "flagged": len(flagged), "review": _ids(review, limit),
            "verification": _ids(verification, limit), "anomalies": _ids(_anomaly_queue(current, flagged), limit)}


def _ids(rows: QuerySet[ReportVersion], limit: int | None) -> list[int]:
    """The ids of the first ``limit`` rows (all when None), ordered and cut on narrow rows."""
    ids = rows.values_list("pk", flat=True)
    return list(ids if limit is None else ids[:limit])


def _load(ids: list[int], *prefetch: str, inputs: bool = False) -> list[ReportVersion]:
    """The versions of ``ids`` (found through the gate by the caller), in that order, with their report and
    enterprise: by primary key, with no join the planner could start from."""
    rows = ReportVersion.objects.select_related("report__enterprise").prefetch_related(*prefetch)
    loaded = (rows if inputs else rows.defer("inputs")).in_bulk(ids) if ids else {}
    return [loaded[pk] for pk in ids if pk in loaded]


def _with_reasons(versions: list[ReportVersion]) -> list[ReportVersion]:
    for version in versions:
        version.anomaly_reasons = _reasons(version)
    return versions


def _overview_counts(current: QuerySet[ReportVersion], year: int, listed: Q) -> dict[str, int]:
    """In one pass over the newest versions, grouped by state: the year's annual reports of listed
    enterprises per state and how many of those enterprises disclosed (a published version, the newest
    or an earlier one under a restatement), the review and verification queues, and the anomalies: those
    a score or a jump decides in SQL, and how many more have only accounting flags to read."""
    _candidates_qs, low, jump = _candidates(current)
    annual = Q(listed, report__year=year, report__kind=Report.Kind.ANNUAL)
    published_before = Exists(ReportVersion.objects.filter(report_id=OuterRef("report_id"), state=State.PUBLISHED))
    filed = Q(total_kg__isnull=False) & ~Q(state=State.DRAFT)
    # Each (report, number) is one row here, so plain counts: DISTINCT would sort every row once per count.
    rows = (current.annotate(total_x1000=F("total_kg") * 1000).order_by().values("state")
            .annotate(n=Count("pk"), annual=Count("pk", filter=annual),
                      certain=Count("pk", filter=filed & (low | jump)),
                      flag_only=Count("pk", filter=filed & Q(flag_count__gt=0) & ~(low | jump)),
                      disclosed=Count("pk", filter=annual & (Q(state=State.PUBLISHED)
                                                             | Q(published_before, number__gt=1)))))  # fmt: skip
    by_state = {row["state"]: row for row in rows}
    totals = {state.value: by_state.get(state.value, {}).get("annual", 0) for state in State}
    totals["review"] = by_state.get(State.SUBMITTED.value, {}).get("n", 0)
    totals["verification"] = sum(by_state.get(s.value, {}).get("n", 0) for s in VERIFYING_STATES)
    for key in ("certain", "flag_only", "disclosed"):
        totals[key] = sum(row[key] for row in by_state.values())
    return totals


def _candidates(qs: QuerySet[ReportVersion]) -> tuple[QuerySet[ReportVersion], Q, Q]:
    """Filed versions that may be anomalous, and the filters for a low score and for a jump.

    The jump test runs in the database (integer arithmetic on kgCO2e, in per mille) so only the few
    anomalous rows come back to Python."""
    per_mille = int(anomaly_change() * 1000)
    low = Q(quality_score__lt=anomaly_score())
    jump = (Q(previous_year_kg__gt=0, total_x1000__gt=F("previous_year_kg") * (1000 + per_mille))
            | Q(previous_year_kg__gt=0, total_x1000__lt=F("previous_year_kg") * (1000 - per_mille)))  # fmt: skip
    candidates = (qs.filter(total_kg__isnull=False).exclude(state=State.DRAFT)
                  .annotate(total_x1000=F("total_kg") * 1000).filter(low | Q(flag_count__gt=0) | jump))  # fmt: skip
    return candidates, low, jump


def _serious(flags: Any) -> bool:
    return any(isinstance(f, dict) and f.get("severity") in ("warning", "error") for f in flags or [])


def _reasons(version: ReportVersion) -> list[str]:
    flags = ((version.inputs or {}).get("quality") or {}).get("flags")
    reasons = []
    if version.quality_score is not None and version.quality_score < anomaly_score():
        reasons.append("quality")
    if version.flag_count and _serious(flags):
        reasons.append("flags")
    previous_kg = version.previous_year_kg
    if previous_kg and abs(Decimal(version.total_kg - previous_kg) / Decimal(previous_kg)) > anomaly_change():
        reasons.append("change")
    return reasons


def _flagged(qs: QuerySet[ReportVersion], flag_only: int | None = None) -> list[int]:
    """Versions flagged only by the accounting checks (no low score, no jump) whose flags include a warning
    or an error: only the flags of those few versions are read (``flag_only``: how many there are, if known)."""
    if flag_only == 0:
        return []
    candidates, low, jump = _candidates(qs)
    rows = candidates.exclude(low | jump).filter(flag_count__gt=0).order_by()
    return [pk for pk, flags in rows.values_list("pk", "inputs__quality__flags") if _serious(flags)]


def _anomaly_queue(qs: QuerySet[ReportVersion], flagged: list[int]) -> QuerySet[ReportVersion]:
    """The anomalous versions in the list order: a low score or a jump, decided in SQL, or serious flags."""
    candidates, low, jump = _candidates(qs)
    return candidates.filter(low | jump | Q(pk__in=flagged))


def anomalies_page(qs: QuerySet[ReportVersion], limit: int | None = None,
                   certain: int | None = None) -> tuple[list[ReportVersion], int]:  # fmt: skip
    """The first ``limit`` anomalous versions (all when None) and how many there are; ``certain``: the
    SQL-decided count when the caller has it already."""
    candidates, low, jump = _candidates(qs)
    certain = candidates.filter(low | jump).count() if certain is None else certain
    flagged = _flagged(qs)
    ids = _ids(_anomaly_queue(qs, flagged), limit)
    return _with_reasons(_load(ids, inputs=True)), certain + len(flagged)


def anomalies(qs: QuerySet[ReportVersion]) -> list[ReportVersion]:
    """Filed reports (published ones too: they may need a restatement) with a low data-quality score,
    a warning or error flag from the accounting checks, or a year-on-year jump beyond the configured share."""
    return anomalies_page(qs)[0]


# --- the public portal: published versions only --------------------------------------------------------


def published() -> QuerySet[ReportVersion]:
    """The newest published version of each report; earlier published versions stay in the history."""
    newer = ReportVersion.objects.published().filter(report_id=OuterRef("report_id"), number__gt=OuterRef("number"))
    return (
        basis.with_previous(ReportVersion.objects.published().filter(~Exists(newer)))
        .select_related("report__enterprise__industry")
        .annotate(enterprise_name=F("report__enterprise__name_zh"))
    )  # fmt: skip


@dataclass
class PublicFilter:
    q: str = ""
    industry: str = ""
    year: int | None = None

    @classmethod
    def from_params(cls, params: Any) -> PublicFilter:
        year = str(params.get("year") or "").strip()
        return cls(q=(params.get("q") or "").strip()[:100], industry=(params.get("industry") or "").strip().upper()[:8],
                   year=int(year) if year.isdigit() and len(year) == 4 else None)  # fmt: skip


def public_disclosures(f: PublicFilter) -> QuerySet[ReportVersion]:
    qs = published()
    if f.q:
        qs = qs.filter(Q(report__enterprise__name_zh__icontains=f.q) | Q(report__enterprise__name_en__icontains=f.q)
                       | Q(report__enterprise__uscc__icontains=f.q.upper()))  # fmt: skip
    if f.industry:
        qs = qs.filter(Q(report__enterprise__industry__code=f.industry)
                       | Q(report__enterprise__industry__parent__code=f.industry))  # fmt: skip
    if f.year:
        qs = qs.filter(report__year=f.year)
    return qs.order_by("-report__year", "report__enterprise__name_zh", "report__kind")


def public_enterprise(enterprise_id: int) -> tuple[Organisation, list[ReportVersion]] | None:
    """An enterprise with at least one published disclosure, and its published versions."""
    items = list(published().filter(report__enterprise_id=enterprise_id).order_by("-report__year", "report__kind"))
    if not items:
        return None
    return items[0].report.enterprise, items


def trend(items: list[ReportVersion]) -> dict[int, int]:
    """Published annual figure per year (kgCO2e), oldest first."""
    series = {
        v.report.year: v.figure_kg for v in items if v.report.kind == Report.Kind.ANNUAL and v.figure_kg is not None
    }
    return dict(sorted(series.items()))


def public_years() -> list[int]:
    """The years with a published disclosure (a report with any published version has a newest one)."""
    years = ReportVersion.objects.published().order_by().values_list("report__year", flat=True).distinct()
    return sorted(years, reverse=True)
