"""What every matchmaking write shares: who may act for which organisation, the timeline step, refusals."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from tanxin.common.errors import DomainError, NotFound, PermissionDenied
from tanxin.matchmaking import messages
from tanxin.matchmaking.models import FinancingRequest, Step
from tanxin.orgs import access
from tanxin.orgs.domain.roles import CONSENT_GRANTEE_KINDS, OrgKind, Role
from tanxin.orgs.gate import principal_for

ACTING = (Role.ADMIN, Role.OFFICER)


@contextmanager
def translated() -> Iterator[None]:
    try:
        yield
    except DomainError as exc:
        raise messages.translate(exc) from exc


def acting_orgs(user: Any, *kinds: OrgKind) -> list[int]:
    """The organisations of these kinds the user may act for (admin or officer seat), in id order."""
    p = principal_for(user)
    return sorted({s.org_id for s in p.seats if s.role in ACTING and (not kinds or s.kind in kinds)})


def enterprise_admin_of(user: Any, enterprise_id: int) -> bool:
    return enterprise_id in principal_for(user).admin_org_ids()


def bank_of(user: Any, bank_id: int | None = None) -> int:
    """The bank or guarantor the user acts for (the one named, or the only one)."""
    banks = acting_orgs(user, *CONSENT_GRANTEE_KINDS)
    if bank_id is None and len(banks) == 1:
        return banks[0]
    if bank_id is not None and bank_id in banks:
        return bank_id
    raise PermissionDenied(_("Only a bank or guarantor's officer may take this step."), code="not_a_bank")


def is_staff_for_request(user: Any, request: FinancingRequest) -> bool:
    p = principal_for(user)
    return access.is_staff_for(p, request.enterprise.jurisdiction_id)


def load_request(user: Any, request_id: int, *, lock: bool = True) -> FinancingRequest:
    qs = FinancingRequest.objects.visible_to(user, "change").select_related("enterprise")
    if lock:
        qs = qs.select_for_update(of=("self",))
    found = qs.filter(pk=request_id).first()
    if found is None:
        raise NotFound(_("Financing request not found."), code="request_not_found")
    return found


def record(user: Any, request: FinancingRequest, action: str, org_id: int | None = None, **details: Any) -> Step:
    """Save the request (its history names the user) and append the step to its timeline."""
    request.updated_at = timezone.now()
    request._history_user = user
    request.save()
    actor = user if getattr(user, "pk", None) else None
    return Step.objects.create(request=request, action=action, actor=actor, org_id=org_id, details=details)
