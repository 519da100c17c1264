"""Published schemes, their criteria and publicity lists: no sign-in."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from ninja import Query, Router

from tanxin.common.errors import NotFound
from tanxin.support import queries
from tanxin.support.api.shared import tree_out
from tanxin.support.schemas import (
    CriteriaCategoryOut,
    PublicityRowOut,
    SchemeOut,
)
from tanxin.web.api_contract import Id, PageQuery, page_of, paginate

router = Router()


@router.get("/public/schemes", response=page_of(SchemeOut), auth=None)
def public_schemes(request: HttpRequest, params: Query[PageQuery]):
    return paginate(queries.public_schemes().order_by("-year", "-version", "-pk"), params)


@router.get("/public/schemes/{scheme_id}/criteria", response=page_of(CriteriaCategoryOut), auth=None)
def public_criteria(request: HttpRequest, scheme_id: Id, params: Query[PageQuery], enterprise_type: str = ""):
    s = queries.public_scheme(scheme_id)
    if s is None:
        raise NotFound(_("Scheme not found."))
    return paginate(tree_out(s, enterprise_type or None), params)


@router.get("/public/schemes/{scheme_id}/publicity", response=page_of(PublicityRowOut), auth=None)
def public_publicity(request: HttpRequest, scheme_id: Id, params: Query[PageQuery]):
    s = queries.public_scheme(scheme_id)
    if s is None:
        raise NotFound(_("Scheme not found."))
    lang = get_language() or settings.LANGUAGE_CODE
    return paginate(queries.public_publicity(s), params, lambda r: {
        "rank": r["rank"],
        "enterprise": r["enterprise"].name_en
        if lang.startswith("en") and r["enterprise"].name_en
        else r["enterprise"].name_zh,
        "uscc": r["uscc"],
        "total": str(r["total"]),
        "amount_fen": r["amount_fen"],
        "application_id": r["application_id"],
    })
