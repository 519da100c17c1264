"""Expert review: panels, conflict-of-interest declarations, blind score sheets."""

from __future__ import annotations

from collections import Counter
from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from tanxin.common.errors import Conflict, field_error
from tanxin.orgs.models import Membership, User
from tanxin.support import mapping
from tanxin.support.domain import (
    EnterpriseType,
    declare_conflict_of_interest,
    ensure_can_score,
    validate_sheet,
)
from tanxin.support.domain import (
    ExpertSheet as DomainSheet,
)
from tanxin.support.domain import (
    assign_experts as pick_experts,
)
from tanxin.support.domain.errors import SupportError
from tanxin.support.domain.experts import ExpertAssignment as DomainAssignment
from tanxin.support.domain.workflow import ApplicationStatus
from tanxin.support.errors import fail, translate, translated
from tanxin.support.models import Application, ExpertAssignment, ExpertItemScore, ExpertSheet
from tanxin.support.services._common import allow, application_for, bureau_role, lock_scheme, move_application, now_or
from tanxin.support.services.results import recompute

A = ApplicationStatus


def expert_pool(scheme) -> list[User]:
    """Users enrolled as experts by a bureau covering the scheme's jurisdiction."""
    ids = Membership.objects.filter(
        role="expert", organisation__kind="bureau", organisation__jurisdiction_id=scheme.jurisdiction_id
    ).values("user_id")
    return list(User.objects.filter(pk__in=ids, is_active=True).order_by("username"))


@transaction.atomic
def assign(user: Any, app_id: int, expert_ids: list[int], at: datetime | None = None) -> list[ExpertAssignment]:
    app = application_for(user, app_id, "manage")
    scheme = lock_scheme(app.scheme_id)
    role = bureau_role(user, scheme)
    allow(scheme, "assign_experts")
    if app.status not in (A.COMPLETE, A.UNDER_REVIEW):
        raise fail("invalid_transition", source=app.status, action="assign_experts")
    pool = {u.pk: u for u in expert_pool(scheme)}
    unknown = [e for e in expert_ids if e not in pool]
    if unknown or not expert_ids:
        raise field_error("experts", _("Choose experts enrolled by this bureau."))
    already = set(app.assignments.values_list("expert_id", flat=True))
    created = []
    for expert_id in expert_ids:
        if expert_id in already:
            continue
        row = ExpertAssignment(application=app, expert=pool[expert_id], assigned_by=user, assigned_at=now_or(at))
        row._history_user = user
        row.save()
        created.append(row)
    if app.status == A.COMPLETE:
        move_application(user, app, A.UNDER_REVIEW, role, at=at)
    return created


@transaction.atomic
def auto_assign(user: Any, scheme_id: int, per_application: int = 3, at: datetime | None = None) -> int:
    """Give every formally complete application a panel: least-loaded experts first, conflicts excluded."""
    scheme = lock_scheme(scheme_id)
    bureau_role(user, scheme)
    allow(scheme, "assign_experts")
    pool = [str(u.pk) for u in expert_pool(scheme)]
    load = Counter(
        str(e) for e in ExpertAssignment.objects.filter(application__scheme=scheme).values_list("expert_id", flat=True)
    )
    count = 0
    for app in scheme.applications.filter(status=A.COMPLETE).order_by("pk"):
        conflicted = [str(e) for e in app.assignments.filter(conflicted=True).values_list("expert_id", flat=True)]
        with translated():
            chosen = pick_experts(str(app.pk), pool, per_application, excluded=conflicted, load=load)
        assign(user, app.pk, [int(c) for c in chosen], at=at)
        load.update(chosen)
        count += 1
    return count


def _own_assignment(user: Any, app_id: int) -> ExpertAssignment | None:
    return ExpertAssignment.objects.filter(application_id=app_id, expert_id=user.pk).first()


@transaction.atomic
def declare_coi(user: Any, app_id: int, conflicted: bool, note: str = "", at: datetime | None = None):
    row = _own_assignment(user, app_id)
    if row is None:
        raise fail("not_assigned", expert=str(user.pk), application=str(app_id))
    row = ExpertAssignment.objects.select_for_update().get(pk=row.pk)
    current = DomainAssignment(str(app_id), str(user.pk), row.coi_declared_at, row.conflicted)
    with translated():
        done = declare_conflict_of_interest(current, conflicted=conflicted, at=now_or(at))
    if conflicted and not note.strip():
        raise fail("reason_required", field="coi_note")
    row.coi_declared_at, row.conflicted, row.coi_note = done.coi_declared_at, done.conflicted, note
    row._history_user = user
    row.save()
    return row


def _points(raw: Any, code: str) -> Decimal:
    try:
        value = Decimal(str(raw))
    except (InvalidOperation, ValueError) as exc:
        raise fail("score_out_of_range", field=f"score_{code}", item=code, points=str(raw)) from exc
    if not value.is_finite():
        raise fail("score_out_of_range", field=f"score_{code}", item=code, points=str(raw))
    return value


@transaction.atomic
def submit_sheet(
    user: Any,
    app_id: int,
    scores: dict[str, Any],
    comments: dict[str, str] | None = None,
    comment: str = "",
    at: datetime | None = None,
) -> ExpertSheet:
    """An expert's scores for every expert item of the application, each inside its range; once."""
    row = _own_assignment(user, app_id)
    current = None if row is None else DomainAssignment(str(app_id), str(user.pk), row.coi_declared_at, row.conflicted)
    with translated():
        ensure_can_score(current, str(user.pk), str(app_id))
    app = Application.objects.select_related("scheme").get(pk=app_id)
    scheme = lock_scheme(app.scheme_id)
    allow(scheme, "submit_expert_sheet")
    if app.status != A.UNDER_REVIEW:
        raise fail("invalid_transition", source=app.status, action="submit_expert_sheet")
    if ExpertSheet.objects.filter(assignment=row).exists():
        raise Conflict(_("You have already submitted your score sheet for this application."))
    points = {code: _points(value, code) for code, value in scores.items()}
    items = mapping.criteria_tree(scheme).applicable(EnterpriseType(app.enterprise_type), app.industry_code or None)
    sheet = DomainSheet(str(app_id), str(user.pk), points, now_or(at))
    try:
        validate_sheet(items, sheet)
    except SupportError as exc:
        item = (exc.details or {}).get("item")
        raise translate(exc, f"score_{item}" if item else None) from exc
    saved = ExpertSheet(
        assignment=row,
        application=app,
        expert=user,
        submitted_at=sheet.submitted_at,
        comment=comment,
        total=sheet.total,
    )
    saved._history_user = user
    saved.save()
    ExpertItemScore.objects.bulk_create(
        ExpertItemScore(sheet=saved, item_code=code, points=value, comment=(comments or {}).get(code, ""))
        for code, value in sorted(points.items())
    )
    recompute(app)
    return saved
