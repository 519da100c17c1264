"""What every loan-desk write shares: load the loan through the gate, work out the caller's role, take a
step of the transition table, record the event, store a document, translate a refusal."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tanxin.common.errors import DomainError, NotFound, PermissionDenied, field_error
from tanxin.lending import messages
from tanxin.lending.domain import workflow
from tanxin.lending.domain.params import PROFILES, MarginProfile
from tanxin.lending.domain.workflow import Role
from tanxin.lending.models import Document, Event, Loan
from tanxin.lending.services.screening import check_evidence
from tanxin.orgs import access
from tanxin.orgs.domain.roles import OrgKind
from tanxin.orgs.domain.roles import Role as SeatRole
from tanxin.orgs.gate import principal_for
from tanxin.web.storage import store_once

ACTING_ROLES = (SeatRole.ADMIN, SeatRole.OFFICER)


@contextmanager
def translated() -> Iterator[None]:
    """Domain refusals leave the service in the user's language."""
    try:
        yield
    except DomainError as exc:
        raise messages.translate(exc) from exc


def roles_on(user: Any, loan: Loan) -> set[Role]:
    """The parties the user may act for on this loan (people with a member seat only read)."""
    p = principal_for(user)
    acting = {s.org_id for s in p.seats if s.role in ACTING_ROLES}
    roles: set[Role] = set()
    if loan.bank_id in acting:
        roles.add(Role.BANK)
    if loan.enterprise_id in acting:
        roles.add(Role.ENTERPRISE)
    if access.is_staff_for(p, loan.enterprise.jurisdiction_id):
        roles.add(Role.BUREAU)
    return roles


def load(user: Any, loan_id: int, *, lock: bool = True) -> Loan:
    qs = Loan.objects.visible_to(user, "change").select_related("enterprise", "bank")
    if lock:
        qs = qs.select_for_update(of=("self",))
    loan = qs.filter(pk=loan_id).first()
    if loan is None:
        raise NotFound(_("Loan not found."), code="loan_not_found")
    return loan


def require_role(user: Any, loan: Loan, role: Role) -> None:
    if role not in roles_on(user, loan):
        raise PermissionDenied(ROLE_MESSAGES[role], code="wrong_role")


ROLE_MESSAGES = {
    Role.BANK: gettext_lazy("Only the lending bank may take this step."),
    Role.ENTERPRISE: gettext_lazy("Only the borrowing enterprise may take this step."),
    Role.BUREAU: gettext_lazy("Only bureau staff of the borrower's jurisdiction may take this step."),
}


def check(user: Any, loan: Loan, action: str) -> str:
    """The state ``action`` leads to, or the refusal (wrong party, wrong step) before anything is written."""
    entry = workflow.TRANSITIONS.get(action)
    if entry is None:
        with translated():
            raise DomainError("unknown action", code="unknown_action")
    require_role(user, loan, entry[2])
    with translated():
        return workflow.step(workflow.State(loan.state), action, entry[2])


def step(user: Any, loan: Loan, action: str, *, reason: str = "", details: dict | None = None) -> str:
    """Move the loan along its table (role and state checked), record the event and the history user."""
    target = check(user, loan, action)
    before = loan.state
    loan.state = target
    record(user, loan, action, before, target, reason=reason, details=details)
    return target


def record(user: Any, loan: Loan, action: str, before: str = "", after: str = "", *, reason: str = "",
           details: dict | None = None) -> Event:  # fmt: skip
    loan.updated_at = timezone.now()
    loan._history_user = user
    loan.save()
    return Event.objects.create(loan=loan, action=action, from_state=before, to_state=after or loan.state,
                                actor=user if getattr(user, "pk", None) else None, reason=reason[:500],
                                details=details or {})  # fmt: skip


def attach(user: Any, loan: Loan, kind: str, document: tuple[str, bytes] | None, *, required: bool = False) -> None:
    if document is None:
        if required:
            raise field_error("document", _("Attach the document for this step (PDF, JPEG or PNG)."))
        return
    name, content = document
    extension = check_evidence(name, content)
    digest, blob = store_once("lending/loans", content, extension)
    Document.objects.create(loan=loan, kind=kind, name=name.strip()[:200], sha256=digest, blob=blob,
                            size=len(content), uploaded_by=user)  # fmt: skip


def profile_of(loan: Loan) -> MarginProfile:
    base = PROFILES.get(loan.profile, PROFILES["standard"])
    return MarginProfile(base.code, Decimal(loan.warning_bp) / 10000, Decimal(loan.liquidation_bp) / 10000,
                         Decimal(loan.release_bp) / 10000, base.tag)  # fmt: skip


def is_bank_user(user: Any) -> bool:
    return bool(principal_for(user).org_ids_of_kind(OrgKind.BANK, OrgKind.GUARANTOR))


def atomic(fn: Callable[..., Any]) -> Callable[..., Any]:
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        with transaction.atomic():
            return fn(*args, **kwargs)

    wrapper.__name__ = fn.__name__
    wrapper.__doc__ = fn.__doc__
    return wrapper
