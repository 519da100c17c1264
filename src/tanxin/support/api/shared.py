"""Lookups through the gate and the output shapes the support routers share."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _

from tanxin.common.errors import NotFound
from tanxin.orgs import access
from tanxin.orgs.gate import principal_for
from tanxin.support import mapping, queries
from tanxin.support.gate import RESULT_PUBLIC
from tanxin.support.models import Application, Scheme
from tanxin.web.api_contract import Id


def scheme_for(request: HttpRequest, scheme_id: Id, action: str = "view") -> Scheme:
    s = queries.scheme(request.user, scheme_id, action)
    if s is None:
        raise NotFound(_("Scheme not found."))
    return s


def application_for(request: HttpRequest, app_id: Id) -> Application:
    app = queries.application(request.user, app_id)
    if app is None:
        raise NotFound(_("Application not found."))
    return app


def sees_scores(user: Any, app: Application) -> bool:
    principal = principal_for(user)
    staff = access.is_staff_for(principal, app.scheme.jurisdiction_id)
    return staff or (app.enterprise_id in principal.org_ids and app.scheme.status in RESULT_PUBLIC)


def app_out(user: Any, app: Application) -> dict[str, Any]:
    out = {
        "id": app.pk,
        "reference": app.reference,
        "scheme_id": app.scheme_id,
        "enterprise_id": app.enterprise_id,
        "enterprise": app.enterprise.name,
        "status": app.status,
        "enterprise_type": app.enterprise_type,
        "industry_code": app.industry_code,
        "requested_fen": app.requested_fen,
        "project_summary": app.project_summary,
        "submitted_at": app.submitted_at,
        "check_reason": app.check_reason,
    }
    if sees_scores(user, app):
        out.update(
            {
                "automatic": str(app.automatic),
                "self_declared": str(app.self_declared),
                "expert": None if app.expert is None else str(app.expert),
                "expert_method": app.expert_method,
                "spread_flagged": app.spread_flagged,
                "total": str(app.total),
                "rank": app.rank,
            }
        )
    return out


def tree_out(s: Scheme, enterprise_type: str | None = None, industry: str | None = None) -> list[dict[str, Any]]:
    return [
        {"category": cat, "label": str(label), "items": [mapping.item_to_json(i) for i in items]}
        for cat, label, items in queries.criteria_by_category(s, enterprise_type, industry)
    ]
