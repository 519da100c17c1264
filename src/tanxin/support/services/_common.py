"""Shared service helpers: loading rows through the gate, roles, recording workflow moves."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from tanxin.common.errors import DomainError, NotFound, PermissionDenied
from tanxin.orgs import access
from tanxin.orgs.domain.roles import OrgKind
from tanxin.orgs.domain.roles import Role as OrgRole
from tanxin.orgs.gate import principal_for
from tanxin.support.domain import SelfDeclaration
from tanxin.support.domain.workflow import (
    APPLICATION_TRANSITIONS,
    SCHEME_TRANSITIONS,
    ApplicationStatus,
    Guard,
    Role,
    SchemeStatus,
    check_transition,
    ensure_scheme_allows,
)
from tanxin.support.errors import translated
from tanxin.support.models import Application, Scheme, StatusChange


def now_or(at: datetime | None) -> datetime:
    return at or timezone.now()


def bureau_role(user: Any, scheme: Scheme) -> Role:
    """The user's workflow role on this scheme: admin or officer of a bureau covering it, else refused."""
    principal = principal_for(user)
    if principal.is_superuser:
        return Role.BUREAU_ADMIN
    if not access.is_staff_for(principal, scheme.jurisdiction_id):
        raise PermissionDenied(_("Only bureau staff of this jurisdiction may do this."))
    admin = any(s.kind == OrgKind.BUREAU and s.role == OrgRole.ADMIN for s in principal.seats)
    return Role.BUREAU_ADMIN if admin else Role.BUREAU_OFFICER


def scheme_for(user: Any, scheme_id: int, action: str = "view", *, lock: bool = False) -> Scheme:
    qs = Scheme.objects.visible_to(user, action)
    if lock:
        # Lock the scheme row: every money or workflow write of a scheme queues behind this one.
        qs = Scheme.objects.select_for_update().filter(pk__in=qs.values("pk"))
    scheme = qs.filter(pk=scheme_id).first()
    if scheme is None:
        raise NotFound(_("Scheme not found."))
    return scheme


def application_for(user: Any, app_id: int, action: str = "view") -> Application:
    app = Application.objects.visible_to(user, action).filter(pk=app_id).first()
    if app is None:
        raise NotFound(_("Application not found."))
    return Application.objects.select_related("scheme", "enterprise", "enterprise__industry").get(pk=app.pk)


def lock_scheme(scheme_id: int) -> Scheme:
    return Scheme.objects.select_for_update().get(pk=scheme_id)


def allow(scheme: Scheme, action: str) -> None:
    with translated():
        ensure_scheme_allows(SchemeStatus(scheme.status), action)


def _move(user: Any, obj: Any, table, status_cls, target, role: Role, reason: str, guards, at, **log) -> None:
    """Check one transition against the domain table, log it (actor, role, time, reason) and save the status."""
    with translated("reason"):
        record = check_transition(
            table,
            status_cls(obj.status),
            target,
            actor=str(user.pk) if user is not None else "system",
            role=role,
            at=now_or(at),
            reason=reason,
            guards_checked=guards,
        )
    StatusChange.objects.create(
        source=record.source, target=record.target, actor=user, role=role.value, at=record.at, reason=reason, **log
    )
    obj.status = target.value
    obj._history_user = user
    obj.save()


def move_scheme(
    user: Any,
    scheme: Scheme,
    target: SchemeStatus,
    role: Role,
    *,
    reason: str = "",
    guards: frozenset[Guard] = frozenset(),
    at: datetime | None = None,
) -> None:
    _move(user, scheme, SCHEME_TRANSITIONS, SchemeStatus, target, role, reason, guards, at, scheme=scheme)


def move_application(
    user: Any,
    app: Application,
    target: ApplicationStatus,
    role: Role,
    *,
    reason: str = "",
    guards: frozenset[Guard] = frozenset(),
    at: datetime | None = None,
) -> None:
    _move(user, app, APPLICATION_TRANSITIONS, ApplicationStatus, target, role, reason, guards, at,
          scheme_id=app.scheme_id, application=app)  # fmt: skip


def full_clean(obj: Any, exclude: list[str] | None = None) -> None:
    try:
        obj.full_clean(exclude=exclude)
    except ValidationError as exc:
        raise DomainError(
            _("Please correct the errors below."), code="validation_error", details=exc.message_dict
        ) from exc


def domain_declarations(app: Application) -> dict[str, SelfDeclaration]:
    evidence: dict[str, list[str]] = {}
    for ev in app.evidence.all():
        evidence.setdefault(ev.item_code, []).append(f"sha256:{ev.sha256}")
    return {
        d.item_code: SelfDeclaration(
            d.item_code,
            Decimal(d.declared_points),
            tuple(evidence.get(d.item_code, ())),
            None if d.verified_points is None else Decimal(d.verified_points),
            d.verified_by.username if d.verified_by_id else "",
            d.verified_at,
            d.note,
        )
        for d in app.declarations.select_related("verified_by")
    }
