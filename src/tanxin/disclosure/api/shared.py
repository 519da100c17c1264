"""A version looked up through the gate and its output shapes, shared by the disclosure routers."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _

from tanxin.common.errors import NotFound
from tanxin.disclosure import basis, content, queries, services
from tanxin.disclosure.models import ReportVersion
from tanxin.web.api_contract import Id


def version_out(user: Any, v: ReportVersion, actions: bool = True) -> dict[str, Any]:
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


def version_for(request: HttpRequest, version_id: Id) -> ReportVersion:
    version = queries.get_version(request.user, version_id)
    if version is None:
        raise NotFound(_("Report not found."))
    return version


def jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    if isinstance(value, date):
        return value.isoformat()
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


def detail(request: HttpRequest, version_id: Id) -> dict[str, Any]:
    v = version_for(request, version_id)
    assignment = v.assignments.select_related("verifier").first()
    return {
        **version_out(request.user, v),
        **{f: getattr(v, f) for f in (*services.CONTENT_FIELDS, "verification_opinion")},
        "content": jsonable(content.build(v)),
        "events": [{"action": e.action, "from": e.from_state, "to": e.to_state, "role": e.role, "reason": e.reason,
                    "actor": str(e.actor) if e.actor else None, "at": e.at.isoformat()}
                   for e in v.events.select_related("actor")],
        "comments": [{"id": c.pk, "author": str(c.author) if c.author else None, "section": c.section,
                      "body": c.body, "at": c.created_at.isoformat()} for c in v.comments.select_related("author")],
        "findings": [{"id": f.pk, "severity": f.severity, "body": f.body, "resolved": f.resolved}
                     for f in v.findings.all()],
        "verifier": str(assignment.verifier) if assignment else None,
    }  # fmt: skip
