"""Disclosure API at /api/v1/disclosure/: reports and versions under the gate, the workflow, verification,
deadlines, the bureau overview, and the public open data (published figures only, no login)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, File, Query, Router, Schema, Status, UploadedFile

from tanxin.common.errors import NotFound, PermissionDenied
from tanxin.disclosure import basis, content, documents, facts, figure_bundle, queries, services
from tanxin.disclosure.models import ReportVersion
from tanxin.disclosure.schemas import (
    CommentOut,
    DiffOut,
    FindingOut,
    FindingResolvedOut,
    OverviewOut,
    StatementOut,
    VerifiedEmissionsOut,
    WorkflowEventOut,
)
from tanxin.orgs import queries as org_queries
from tanxin.orgs.gate import principal_for
from tanxin.web.api_contract import Id, Kg, PageQuery, SyncQuery, Year, download, page_of, paginate
from tanxin.web.paging import NarrowRows

router = Router(tags=["disclosure"])
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
TEXT = 20_000


class VersionOut(Schema):
    id: int
    report_id: int
    enterprise_id: int
    enterprise: str
    year: int
    kind: str
    number: int
    state: str
    previous_id: int | None
    restatement_reason: str
    total_kg: int | None = Field(..., deprecated=True, description="deprecated alias of figure_kg (the same "
                                                                   "quantity as in the public open data)")
    calculated_kg: int | None = Field(..., description="China regulatory view as calculated from the ledger, kgCO2e")
    verified_kg: int | None = Field(..., description="as verified, kgCO2e")
    figure_kg: int | None = Field(..., description="the figure that counts: verified_kg once verified, else "
                                                    "calculated_kg")
    figure_basis: str | None = Field(..., description="verified | calculated")
    previous_year_kg: int | None = Field(..., description="the previous year's published verified figure, kgCO2e")
    previous_year_calculated_kg: int | None = Field(..., description="the previous year as calculated when this "
                                                                     "version's inputs were pinned")
    change_pct: str | None = Field(..., description="figure_kg against previous_year_kg, %, only when both are "
                                                    "verified")
    intensity_value_added: str | None = Field(..., description="figure_kg per 10^4 CNY value added, tCO2e")
    intensity_basis: str | None
    ghg_location_kg: int | None
    ghg_market_kg: int | None
    quality_score: int | None
    flag_count: int
    snapshot_digest: str
    submitted_at: datetime | None
    verified_at: datetime | None
    published_at: datetime | None
    actions: list[str] = []


class VersionDetail(VersionOut):
    boundary: str
    methodology_notes: str
    reduction_targets: str
    reduction_actions: str
    quality_statement: str
    verification_opinion: str
    content: dict[str, Any] = Field(..., description="the report's sections as built from its snapshot")
    events: list[WorkflowEventOut]
    comments: list[CommentOut]
    findings: list[FindingOut]
    verifier: str | None


VersionPage = page_of(VersionOut)


class ListQuery(SyncQuery):
    year: Year | None = None
    state: str = ""
    kind: str = ""
    enterprise_id: Id | None = None
    q: str = ""


class ReportIn(Schema):
    enterprise_id: Id
    year: Year
    kind: str = "annual"
    period_start: date | None = None
    period_end: date | None = None
    event_date: date | None = None
    event_reference: str = Field("", max_length=200)
    title: str = Field("", max_length=200)


class ContentPatch(Schema):
    boundary: str | None = Field(None, max_length=TEXT)
    methodology_notes: str | None = Field(None, max_length=TEXT)
    reduction_targets: str | None = Field(None, max_length=TEXT)
    reduction_actions: str | None = Field(None, max_length=TEXT)
    quality_statement: str | None = Field(None, max_length=TEXT)


class ActionIn(Schema):
    reason: str = Field("", max_length=TEXT)


class CommentIn(Schema):
    body: str = Field(..., min_length=1, max_length=TEXT)
    section: str = Field("", max_length=40)


class VerifierAssignIn(Schema):
    verifier_id: Id
    reason: str = Field("", max_length=TEXT)


class FindingIn(Schema):
    severity: str
    body: str = Field(..., min_length=1, max_length=TEXT)


class VerificationIn(Schema):
    verified_kg: Kg = Field(..., ge=0, description="verified total, kgCO2e (China regulatory view)")
    opinion: str = Field("", max_length=TEXT)


class RestateIn(Schema):
    reason: str = Field(..., min_length=1, max_length=TEXT)


class DueOut(Schema):
    enterprise_id: int
    enterprise: str
    rule: str
    description: str
    data_year: int | None
    event_date: date | None
    due: date
    status: str
    days_left: int


class PublicOut(Schema):
    enterprise_id: int
    enterprise: str
    enterprise_en: str
    uscc: str
    industry: str | None
    year: int
    kind: str
    version: int
    figure_kg: int | None = Field(..., description="the published figure: verified_kg once verified")
    figure_basis: str | None = Field(..., description="verified | calculated")
    calculated_kg: int | None = Field(..., description="China regulatory view as calculated from the ledger")
    verified_kg: int | None
    previous_year_kg: int | None = Field(..., description="the previous year's published verified figure")
    change_pct: str | None = Field(..., description="figure_kg against previous_year_kg, %, both verified")
    intensity_value_added: str | None = Field(..., description="figure_kg per 10^4 CNY value added, tCO2e")
    intensity_basis: str | None
    total_kg: int | None = Field(..., deprecated=True, description="deprecated alias of figure_kg")
    ghg_location_kg: int | None
    ghg_market_kg: int | None
    published_at: datetime | None


def _version_out(user: Any, v: ReportVersion, actions: bool = True) -> dict[str, Any]:
    return {
        "id": v.pk, "report_id": v.report_id, "enterprise_id": v.report.enterprise_id,
        "enterprise": v.report.enterprise.name, "year": v.report.year, "kind": v.report.kind, "number": v.number,
        "state": v.state, "previous_id": v.previous_id, "restatement_reason": v.restatement_reason,
        **(figures := basis.figures(v).as_dict()), "total_kg": figures["figure_kg"],
        "ghg_location_kg": v.ghg_location_kg, "ghg_market_kg": v.ghg_market_kg, "quality_score": v.quality_score,
        "flag_count": v.flag_count, "snapshot_digest": v.snapshot_digest, "submitted_at": v.submitted_at,
        "verified_at": v.verified_at, "published_at": v.published_at,
        "actions": services.allowed_actions(user, v) if actions else [],
    }  # fmt: skip


def _get(request: HttpRequest, version_id: Id) -> ReportVersion:
    version = queries.get_version(request.user, version_id)
    if version is None:
        raise NotFound(_("Report not found."))
    return version


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, date):
        return value.isoformat()
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


def _detail(request: HttpRequest, version_id: Id) -> dict[str, Any]:
    v = _get(request, version_id)
    assignment = v.assignments.select_related("verifier").first()
    return {
        **_version_out(request.user, v),
        **{f: getattr(v, f) for f in (*services.CONTENT_FIELDS, "verification_opinion")},
        "content": _jsonable(content.build(v)),
        "events": [{"action": e.action, "from": e.from_state, "to": e.to_state, "role": e.role, "reason": e.reason,
                    "actor": str(e.actor) if e.actor else None, "at": e.at.isoformat()}
                   for e in v.events.select_related("actor")],
        "comments": [{"id": c.pk, "author": str(c.author) if c.author else None, "section": c.section,
                      "body": c.body, "at": c.created_at.isoformat()} for c in v.comments.select_related("author")],
        "findings": [{"id": f.pk, "severity": f.severity, "body": f.body, "resolved": f.resolved}
                     for f in v.findings.all()],
        "verifier": str(assignment.verifier) if assignment else None,
    }  # fmt: skip


# --- reports -------------------------------------------------------------------------------------------


@router.get("/reports", response=VersionPage)
def list_reports(request: HttpRequest, params: Query[ListQuery]):
    """The newest version of each report you may see; ``updated_since`` keeps those changed since then."""
    qs = queries.current_versions(request.user, queries.ReportFilter.from_params(params.dict()))
    if params.updated_since is not None:
        qs = qs.filter(updated_at__gte=params.updated_since)
    return paginate(NarrowRows(basis.with_previous(qs)), params, lambda v: _version_out(request.user, v, actions=False))


@router.post("/reports", response={201: VersionDetail})
def create_report(request: HttpRequest, payload: ReportIn):
    data = payload.dict()
    version = services.create_report(request.user, data.pop("enterprise_id"), data.pop("year"), data.pop("kind"),
                                     **data)  # fmt: skip
    return Status(201, _detail(request, version.pk))


@router.get("/versions/{version_id}", response=VersionDetail)
def get_version(request: HttpRequest, version_id: Id):
    return _detail(request, version_id)


@router.get("/versions/{version_id}/history", response=list[VersionOut])
def version_history(request: HttpRequest, version_id: Id):
    """Every version of the same report you may see, newest first."""
    v = _get(request, version_id)
    return [_version_out(request.user, x, actions=False) for x in queries.report_versions(request.user, v)]


@router.patch("/versions/{version_id}", response=VersionDetail)
def update_version(request: HttpRequest, version_id: Id, payload: ContentPatch):
    services.update_content(request.user, version_id, payload.dict(exclude_unset=True))
    return _detail(request, version_id)


@router.post("/versions/{version_id}/refresh", response=VersionDetail)
def refresh_version(request: HttpRequest, version_id: Id):
    """Re-read the figures from accounting (draft or returned only)."""
    services.refresh_inputs(request.user, version_id)
    return _detail(request, version_id)


@router.post("/versions/{version_id}/actions/{action}", response=VersionDetail)
def act(request: HttpRequest, version_id: Id, action: str, payload: ActionIn):
    """submit, return (reason required), revise, accept, publish."""
    services.act(request.user, version_id, action, payload.reason)
    return _detail(request, version_id)


@router.post("/versions/{version_id}/comments", response={201: VersionDetail})
def comment(request: HttpRequest, version_id: Id, payload: CommentIn):
    services.add_comment(request.user, version_id, payload.body, payload.section)
    return Status(201, _detail(request, version_id))


@router.post("/versions/{version_id}/restate", response={201: VersionDetail})
def restate(request: HttpRequest, version_id: Id, payload: RestateIn):
    new = services.restate(request.user, version_id, payload.reason)
    return Status(201, _detail(request, new.pk))


@router.get("/versions/{version_id}/diff", response=DiffOut)
def diff(request: HttpRequest, version_id: Id):
    """What changed against the version this one restates."""
    v = _get(request, version_id)
    previous = queries.previous_of(request.user, v)
    if previous is None:
        raise NotFound(_("This version does not restate an earlier one."))
    return _jsonable({"from": previous.pk, "to": v.pk, **content.diff_data(content.diff(previous, v))})


@router.get("/versions/{version_id}/report.pdf", response={200: None}, openapi_extra=download("application/pdf"))
def report_pdf(request: HttpRequest, version_id: Id):
    """The report as PDF (rendered outside any transaction)."""
    v = _get(request, version_id)
    response = HttpResponse(documents.report_pdf(v), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{documents.filename(v, "pdf")}"'
    return response


@router.get("/versions/{version_id}/report.xlsx", response={200: None}, openapi_extra=download(XLSX))
def report_xlsx(request: HttpRequest, version_id: Id):
    v = _get(request, version_id)
    response = HttpResponse(documents.report_xlsx(v), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{documents.filename(v, "xlsx")}"'
    return response


@router.get("/versions/{version_id}/bundle.json", response={200: None},
            openapi_extra=download("application/json"))  # fmt: skip
def figure_bundle_download(request: HttpRequest, version_id: Id):
    """A published figure's reproducible bundle: activity lines, the factor library with ids and sources, the
    rules, the expected totals and the digests. Recompute it with ``python -m tanxin.accounting.domain.bundle``.
    409 for a version that is not a published annual report."""
    v = _get(request, version_id)
    response = HttpResponse(figure_bundle.as_json(figure_bundle.build(v)), content_type="application/json")
    response["Content-Disposition"] = f'attachment; filename="{figure_bundle.filename(v)}"'
    return response


# --- verification --------------------------------------------------------------------------------------


@router.post("/versions/{version_id}/assign", response=VersionDetail)
def assign(request: HttpRequest, version_id: Id, payload: VerifierAssignIn):
    services.assign_verifier(request.user, version_id, payload.verifier_id, payload.reason)
    return _detail(request, version_id)


@router.post("/versions/{version_id}/findings", response={201: VersionDetail})
def add_finding(request: HttpRequest, version_id: Id, payload: FindingIn):
    services.add_finding(request.user, version_id, payload.severity, payload.body)
    return Status(201, _detail(request, version_id))


@router.post("/findings/{finding_id}/resolve", response=FindingResolvedOut)
def resolve_finding(request: HttpRequest, finding_id: Id):
    finding = services.resolve_finding(request.user, finding_id)
    return {"id": finding.pk, "resolved": finding.resolved}


@router.post("/versions/{version_id}/statement", response={201: StatementOut})
def upload_statement(request: HttpRequest, version_id: Id, file: File[UploadedFile]):
    """The signed verification statement, a PDF (checked by its bytes) within the size limit."""
    services.check_statement_size(file.size or 0)  # before reading it into memory
    statement = services.upload_statement(request.user, version_id, file.name or "", file.read())
    return Status(201, {"id": statement.pk, "sha256": statement.sha256, "size": statement.size})


@router.post("/versions/{version_id}/verify", response=VersionDetail)
def verify(request: HttpRequest, version_id: Id, payload: VerificationIn):
    services.verify(request.user, version_id, payload.verified_kg, payload.opinion)
    return _detail(request, version_id)


# --- deadlines and the bureau overview -----------------------------------------------------------------


@router.get("/due", response=list[DueOut])
def due(request: HttpRequest):
    """Due and overdue filings for your enterprise, or for every enterprise you supervise."""
    return [
        {"enterprise_id": r.enterprise.pk, "enterprise": r.enterprise.name, "rule": r.item.rule.code,
         "description": r.item.rule.description_en, "data_year": r.item.obligation.data_year,
         "event_date": r.item.obligation.event_date, "due": r.item.due, "status": str(r.item.status),
         "days_left": r.item.days_left}
        for r in queries.due(request.user)
    ]  # fmt: skip


@router.get("/overview", response=OverviewOut)
def overview(request: HttpRequest, year: Year | None = None):
    """Bureau staff: disclosure status of every enterprise for a data year, and the work queues."""
    if not principal_for(request.user).is_bureau_staff:
        raise PermissionDenied(_("Only bureau staff see the overview."))
    data = queries.overview(request.user, year or queries.default_round(request.user), page=None)

    def brief(v: ReportVersion) -> dict[str, Any]:
        return {"id": v.pk, "enterprise_id": v.report.enterprise_id, "enterprise": v.report.enterprise.name,
                "year": v.report.year, "state": v.state, "quality_score": v.quality_score, "total_kg": v.total_kg}

    return {
        "year": data["year"], "total": data["total"], "disclosed": data["disclosed"], "counts": data["counts"],
        "enterprises": [{"enterprise_id": r["enterprise"].pk, "enterprise": r["enterprise"].name,
                         "state": r["version"].state if r["version"] else None, "disclosed": r["disclosed"]}
                        for r in data["rows"]],
        "review_queue": [brief(v) for v in data["review_queue"]],
        "anomalies": [{**brief(v), "reasons": [str(r) for r in v.anomaly_reasons]} for v in data["anomalies"]],
        "verification": [{**brief(v), "verifier": ", ".join(str(a.verifier) for a in v.assignments.all())}
                         for v in data["verification"]],
    }  # fmt: skip


@router.get("/enterprises/{enterprise_id}/verified-emissions/{year}", response=VerifiedEmissionsOut)
def verified_emissions(request: HttpRequest, enterprise_id: Id, year: Year):
    """The one verified figure of an enterprise's year, for anyone who may see the enterprise (its people,
    the bureau, a bank with its consent). 404 until a version of that year is verified."""
    if org_queries.get_organisation(request.user, enterprise_id) is None:
        raise NotFound(_("Organisation not found."))
    figure = facts.verified_emissions(enterprise_id, year)
    if figure is None:
        raise NotFound(_("No verified emissions for this year yet."), code="not_verified")
    return figure


# --- public open data (no login) -----------------------------------------------------------------------


def public_row(v: ReportVersion) -> dict[str, Any]:
    e = v.report.enterprise
    figures = basis.figures(v).as_dict()
    figures.pop("previous_year_calculated_kg")  # a working figure, not a published one
    return {
        "enterprise_id": e.pk, "enterprise": e.name_zh, "enterprise_en": e.name_en, "uscc": e.uscc,
        "industry": e.industry.code if e.industry_id else None, "year": v.report.year, "kind": v.report.kind,
        "version": v.number, **figures, "total_kg": figures["figure_kg"],
        "ghg_location_kg": v.ghg_location_kg, "ghg_market_kg": v.ghg_market_kg, "published_at": v.published_at,
    }  # fmt: skip


class PublicQuery(PageQuery):
    q: str = ""
    industry: str = ""
    year: Year | None = None


@router.get("/public/disclosures", response=page_of(PublicOut), auth=None, url_name="disclosure_public_disclosures")
def public_disclosures(request: HttpRequest, params: Query[PublicQuery]):
    """Published disclosures only (the newest published version of each report). No login needed."""
    qs = queries.public_disclosures(queries.PublicFilter.from_params(params.dict()))
    return paginate(qs, params, public_row)


class PublicEnterpriseOut(Schema):
    enterprise_id: int
    enterprise: str
    enterprise_en: str
    trend_kg: dict[str, int | None] = Field(..., description="year -> published total, kgCO2e")
    disclosures: list[PublicOut]


@router.get("/public/enterprises/{enterprise_id}", response=PublicEnterpriseOut, auth=None)
def public_enterprise(request: HttpRequest, enterprise_id: Id):
    found = queries.public_enterprise(enterprise_id)
    if found is None:
        raise NotFound(_("No published disclosure for this enterprise."))
    org, items = found
    return _jsonable({"enterprise_id": org.pk, "enterprise": org.name_zh, "enterprise_en": org.name_en,
                      "trend_kg": {str(k): v for k, v in queries.trend(items).items()},
                      "disclosures": [public_row(v) for v in items]})  # fmt: skip
