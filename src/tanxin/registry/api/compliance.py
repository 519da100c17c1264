"""Compliance: the board of positions, one enterprise's position, obligations."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query, Router

from tanxin.common.errors import NotFound, PermissionDenied
from tanxin.orgs.gate import principal_for
from tanxin.orgs.models import Organisation
from tanxin.registry import queries, services
from tanxin.registry.api.schemas import (
    BoardQuery,
    ObligationIn,
    ObligationOut,
    PositionOut,
)
from tanxin.registry.api.shared import (
    position_out,
)
from tanxin.web.api_contract import Id, Year, page_answer, page_of

router = Router()


@router.get("/compliance", response=page_of(PositionOut))
def compliance_board(request: HttpRequest, params: Query[BoardQuery]):
    principal = principal_for(request.user)
    if not (principal.is_bureau_staff or principal.org_ids_of_kind("enterprise")):
        raise PermissionDenied(_("Only bureau staff and enterprises see compliance positions."))
    page = queries.board_page(request.user, params.year or timezone.localdate().year - 1,
                              limit=params.limit, offset=params.offset)  # fmt: skip
    return page_answer(page.count, params, [position_out(p) for p in page.items])


@router.get("/compliance/{enterprise_id}", response=PositionOut)
def compliance_position(request: HttpRequest, enterprise_id: Id, year: Year | None = None):
    org = Organisation.objects.visible_to(request.user).filter(pk=enterprise_id, kind="enterprise").first()
    if org is None:
        raise NotFound(_("Organisation not found."))
    return position_out(queries.position(org, year or timezone.localdate().year - 1))


@router.put("/obligations", response=ObligationOut)
def set_obligation(request: HttpRequest, payload: ObligationIn):
    row = services.set_obligation(request.user, payload.enterprise_id, payload.year, payload.tonnes,
                                  payload.reason, payload.scheme)  # fmt: skip
    return {"enterprise_id": row.enterprise_id, "year": row.year, "tonnes": row.verified_emissions_t,
            "scheme": row.scheme, "source": row.source, "reason": row.reason}  # fmt: skip
