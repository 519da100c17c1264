"""Holds (pledges and freezes) on allowances: list, place, release, enforce."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router

from tanxin.registry import queries, services
from tanxin.registry.api.schemas import (
    MOVE,
    EnforceIn,
    HoldIn,
    HoldOut,
    ReleaseIn,
)
from tanxin.registry.api.shared import (
    idempotency_key,
    moved,
)
from tanxin.web.api_contract import IDEMPOTENT

router = Router()


@router.get("/holds", response=list[HoldOut])
def list_holds(request: HttpRequest, status: str = ""):
    return [
        {**{f: getattr(h, f) for f in ("ref", "kind", "original_quantity", "quantity", "enforced_quantity",
                                       "pledgee_id", "references", "status", "placed_at", "closed_at")},
         "account": h.account.number, "owner": h.account.owner.name, "instrument": h.instrument.code}
        for h in queries.holds(request.user, status)[:1000]
    ]  # fmt: skip


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
