"""Public open data (no login): published disclosures and one enterprise's published record."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router

from tanxin.common.errors import NotFound
from tanxin.disclosure import basis, queries
from tanxin.disclosure.api.schemas import (
    PublicEnterpriseOut,
    PublicOut,
    PublicQuery,
)
from tanxin.disclosure.api.shared import jsonable
from tanxin.disclosure.models import ReportVersion
from tanxin.web.api_contract import Id, page_of, paginate

router = Router()


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


@router.get("/public/disclosures", response=page_of(PublicOut), auth=None, url_name="disclosure_public_disclosures")
def public_disclosures(request: HttpRequest, params: Query[PublicQuery]):
    """Published disclosures only (the newest published version of each report). No login needed."""
    qs = queries.public_disclosures(queries.PublicFilter.from_params(params.dict()))
    return paginate(qs, params, public_row)


@router.get("/public/enterprises/{enterprise_id}", response=PublicEnterpriseOut, auth=None)
def public_enterprise(request: HttpRequest, enterprise_id: Id):
    found = queries.public_enterprise(enterprise_id)
    if found is None:
        raise NotFound(_("No published disclosure for this enterprise."))
    org, items = found
    return jsonable({"enterprise_id": org.pk, "enterprise": org.name_zh, "enterprise_en": org.name_en,
                      "trend_kg": {str(k): v for k, v in queries.trend(items).items()},
                      "disclosures": [public_row(v) for v in items]})  # fmt: skip
