"""Deadlines, the bureau's overview and verified emissions for other desks."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router

from tanxin.common.errors import NotFound, PermissionDenied
from tanxin.disclosure import facts, queries
from tanxin.disclosure.api.schemas import (
    DueOut,
)
from tanxin.disclosure.models import ReportVersion
from tanxin.disclosure.schemas import (
    OverviewOut,
    VerifiedEmissionsOut,
)
from tanxin.orgs import queries as org_queries
from tanxin.orgs.gate import principal_for
from tanxin.web.api_contract import Id, PageQuery, Year, page_answer, page_of

router = Router()


@router.get("/due", response=page_of(DueOut))
def due(request: HttpRequest, params: Query[PageQuery]):
    """Due and overdue filings for your enterprise, or for every enterprise you supervise, soonest first."""
    page = queries.due_page(request.user, limit=params.limit, offset=params.offset)
    items = [
        {"enterprise_id": r.enterprise.pk, "enterprise": r.enterprise.name, "rule": r.item.rule.code,
         "description": r.item.rule.description_en, "data_year": r.item.obligation.data_year,
         "event_date": r.item.obligation.event_date, "due": r.item.due, "status": str(r.item.status),
         "days_left": r.item.days_left}
        for r in page.items
    ]  # fmt: skip
    return page_answer(page.count, params, items)


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
