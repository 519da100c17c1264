"""Holds (pledges and freezes) on allowances: list, place, release, enforce."""

from __future__ import annotations

from django.db.models import Q
from django.http import HttpRequest
from ninja import Query, Router

from tanxin.registry import queries, services
from tanxin.registry.api.schemas import (
    MOVE,
    EnforceIn,
    HoldIn,
    HoldOut,
    HoldQuery,
    ReleaseIn,
)
from tanxin.registry.api.shared import (
    idempotency_key,
    moved,
)
from tanxin.registry.models import Hold
from tanxin.web.api_contract import IDEMPOTENT, changed_since, page_of, paginate

router = Router()


def hold_out(h: Hold) -> dict:
    return {**{f: getattr(h, f) for f in ("ref", "kind", "original_quantity", "quantity", "enforced_quantity",
                                          "pledgee_id", "references", "status", "placed_at", "closed_at")},
            "account": h.account.number, "owner": h.account.owner.name, "instrument": h.instrument.code}  # fmt: skip


@router.get("/holds", response=page_of(HoldOut))
def list_holds(request: HttpRequest, params: Query[HoldQuery]):
    """Holds you may see, newest first; ``updated_since`` keeps those placed or moved since then."""
    rows = queries.holds(request.user, params.status).order_by("-placed_at", "-pk")
    since = params.updated_since
    if since is not None:
        changed = Hold.history.filter(history_date__gte=since).values("id")
        rows = changed_since(rows, params, "placed_at", "closed_at", "movements__tx__created_at", Q(pk__in=changed))
    return paginate(rows, params, hold_out)


@router.post("/holds", response=MOVE, openapi_extra=IDEMPOTENT)
def place_hold(request: HttpRequest, payload: HoldIn):
    return moved(services.place_hold(
        request.user, payload.account_id, payload.instrument, payload.quantity, payload.kind,
        pledgee_id=payload.pledgee_id, references=payload.references, reason=payload.reason,
        legal_basis=payload.legal_basis, key=idempotency_key(request),
    ))  # fmt: skip


@router.post("/holds/{ref}/release", response=MOVE, openapi_extra=IDEMPOTENT)
def release(request: HttpRequest, ref: str, payload: ReleaseIn):
    return moved(services.release_hold(request.user, ref, payload.quantity, payload.reason,
                                     key=idempotency_key(request)))  # fmt: skip


@router.post("/holds/{ref}/enforce", response=MOVE, openapi_extra=IDEMPOTENT)
def enforce(request: HttpRequest, ref: str, payload: EnforceIn):
    return moved(services.enforce_hold(request.user, ref, payload.quantity, payload.beneficiary_account,
                                     payload.reason, payload.legal_basis, key=idempotency_key(request)))  # fmt: skip
