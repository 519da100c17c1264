"""Scheme design: the yearly scheme, its criteria tree and eligibility rules; opening freezes them."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tanxin.common.errors import Conflict, DomainError, NotFound, PermissionDenied, field_error
from tanxin.orgs.gate import principal_for
from tanxin.orgs.models import Jurisdiction
from tanxin.support import mapping
from tanxin.support.domain import criteria_fingerprint, validate_scheme
from tanxin.support.domain.allocation import allocation_problems
from tanxin.support.domain.criteria import CriteriaTree, _item_problems
from tanxin.support.domain.scheme import FROZEN_ON_OPEN, ensure_criteria_editable, scheme_problems
from tanxin.support.domain.workflow import Guard, Role, SchemeStatus
from tanxin.support.errors import fail, problem_text, translated
from tanxin.support.models import Criterion, EligibilityRule, Scheme
from tanxin.support.services._common import bureau_role, full_clean, move_scheme, scheme_for

SCHEME_FIELDS = (
    "code",
    "year",
    "title_zh",
    "title_en",
    "budget_fen",
    "cap_fen",
    "window_opens",
    "window_closes",
    "facts_year",
    "full_marks",
    "allocation_kind",
    "allocation_config",
    "auto_scoring",
    "publicity_workdays",
    "spread_threshold",
)
# After opening, these may still change (a budget top-up, a later deadline, the award rule) until approval.
OPEN_EDITABLE = frozenset(
    {
        "title_zh",
        "title_en",
        "budget_fen",
        "cap_fen",
        "window_closes",
        "allocation_kind",
        "allocation_config",
        "publicity_workdays",
        "spread_threshold",
    }
)
FROZEN_FIELDS = frozenset(SCHEME_FIELDS) - OPEN_EDITABLE
CRITERION_FIELDS = (
    "code",
    "category",
    "name_zh",
    "name_en",
    "max_points",
    "method",
    "auto_rule",
    "enterprise_types",
    "industries",
    "evidence_required",
    "expert_min",
    "expert_max",
    "position",
)
RULE_FIELDS = ("code", "kind", "fact", "values", "threshold")
assert {"criteria", "eligibility", "auto_scoring", "window_opens", "code", "year"} <= FROZEN_ON_OPEN


def _default_jurisdiction(user: Any) -> Jurisdiction:
    principal = principal_for(user)
    for seat in principal.seats:
        if seat.jurisdiction_id in principal.staff_jurisdictions:
            return Jurisdiction.objects.get(pk=seat.jurisdiction_id)
    if principal.is_superuser:
        return Jurisdiction.objects.filter(level="district").first() or Jurisdiction.objects.first()
    raise PermissionDenied(_("Only bureau staff may design a scheme."))


def _check_config(scheme: Scheme) -> None:
    """Money, window and allocation problems shown as field errors before anything is saved."""
    # Malformed JSON settings (a band without an amount, a tier that is not a number) are a 400, not a 500.
    for field, build in (("allocation_config", mapping.allocation_rule), ("auto_scoring", mapping.auto_config)):
        try:
            build(scheme)
        except (KeyError, TypeError, ValueError, ArithmeticError, AttributeError) as exc:
            raise fail("invalid_allocation", field=field, problem=str(exc)[:200]) from exc
    config = mapping.scheme_config(scheme)
    problems = scheme_problems(config) + allocation_problems(config.allocation)
    fields = {
        "budget_not_positive": "budget_fen",
        "cap_not_positive": "cap_fen",
        "window_closes_before_it_opens": "window_closes",
        "publicity_too_short": "publicity_workdays",
        "spread_threshold_negative": "spread_threshold",
    }
    if problems:
        err = fail(
            "invalid_allocation" if "bands" in str(problems) or "awardees" in str(problems) else "invalid_criteria",
            problems=problems,
        )
        details = dict(err.details or {})
        for p in problems:
            details.setdefault(fields.get(p["problem"], "allocation_config"), []).append(problem_text(p))
        err.details = details
        raise err


@transaction.atomic
def create_scheme(user: Any, data: dict[str, Any]) -> Scheme:
    jurisdiction = data.get("jurisdiction") or _default_jurisdiction(user)
    scheme = Scheme(jurisdiction=jurisdiction, created_by=user, **{k: v for k, v in data.items() if k in SCHEME_FIELDS})
    if not scheme.facts_year and scheme.year:
        scheme.facts_year = scheme.year - 1  # a 2024 scheme scores 2023's disclosed and verified facts
    bureau_role(user, scheme)
    full_clean(scheme, exclude=["jurisdiction", "previous", "approved_by", "created_by"])
    _check_config(scheme)
    scheme._history_user = user
    try:
        with transaction.atomic():
            scheme.save()
    except IntegrityError as exc:
        raise Conflict(
            _("A scheme with this code and version already exists."),
            details={"code": [_("A scheme with this code and version already exists.")]},
        ) from exc
    return scheme


@transaction.atomic
def update_scheme(user: Any, scheme_id: int, data: dict[str, Any]) -> Scheme:
    scheme = scheme_for(user, scheme_id, "change", lock=True)
    bureau_role(user, scheme)
    changed = {k: v for k, v in data.items() if k in SCHEME_FIELDS and getattr(scheme, k) != v}
    if scheme.status != SchemeStatus.DRAFT:
        frozen = sorted(set(changed) & FROZEN_FIELDS)
        if frozen:
            raise fail("criteria_frozen", field=frozen[0], fields=frozen)
        if scheme.status not in (
            SchemeStatus.OPEN,
            SchemeStatus.CLOSED,
            SchemeStatus.REVIEWING,
            SchemeStatus.RESULT_DRAFT,
        ):
            raise fail("invalid_transition", source=scheme.status, action="edit_scheme")
    for key, value in changed.items():
        setattr(scheme, key, value)
    full_clean(scheme, exclude=["jurisdiction", "previous", "approved_by", "created_by"])
    _check_config(scheme)
    scheme._history_user = user
    scheme.save()
    return scheme


def _editable(user: Any, scheme_id: int) -> Scheme:
    scheme = scheme_for(user, scheme_id, "change", lock=True)
    bureau_role(user, scheme)
    with translated():
        ensure_criteria_editable(SchemeStatus(scheme.status))
    return scheme


@transaction.atomic
def save_criterion(user: Any, scheme_id: int, data: dict[str, Any], criterion_id: int | None = None) -> Criterion:
    scheme = _editable(user, scheme_id)
    row = Criterion(scheme=scheme) if criterion_id is None else scheme.criteria.filter(pk=criterion_id).first()
    if row is None:
        raise NotFound(_("Criterion not found."))
    for key, value in data.items():
        if key in CRITERION_FIELDS:
            setattr(row, key, value)
    if row.method != "automatic":
        row.auto_rule = ""
    if criterion_id is None and "position" not in data:
        row.position = scheme.criteria.count() + 1
    full_clean(row, exclude=["scheme"])
    if scheme.criteria.filter(code=row.code).exclude(pk=row.pk).exists():
        raise field_error("code", _("Another criterion already uses this code."))
    problems = _item_problems(mapping.item_from_row(row))
    if problems:
        fields = {
            "max_points_not_positive": "max_points",
            "automatic_without_rule": "auto_rule",
            "rule_on_non_automatic_item": "auto_rule",
            "expert_range_outside_0_max": "expert_max",
        }
        err = fail("invalid_criteria", problems=problems)
        err.details = {**(err.details or {}), **{fields[p["problem"]]: [problem_text(p)] for p in problems}}
        raise err
    row._history_user = user
    row.save()
    return row


@transaction.atomic
def delete_criterion(user: Any, scheme_id: int, criterion_id: int) -> None:
    scheme = _editable(user, scheme_id)
    row = scheme.criteria.filter(pk=criterion_id).first()
    if row is None:
        raise NotFound(_("Criterion not found."))
    row._history_user = user
    row.delete()


@transaction.atomic
def save_rule(user: Any, scheme_id: int, data: dict[str, Any], rule_id: int | None = None) -> EligibilityRule:
    scheme = _editable(user, scheme_id)
    row = EligibilityRule(scheme=scheme) if rule_id is None else scheme.eligibility_rules.filter(pk=rule_id).first()
    if row is None:
        raise NotFound(_("Rule not found."))
    for key, value in data.items():
        if key in RULE_FIELDS:
            setattr(row, key, value)
    if row.kind == "at_least" and row.threshold is None:
        raise field_error("threshold", _("A threshold is required for this kind of rule."))
    if row.kind in ("in", "not_in") and not row.values:
        raise field_error("values", _("List at least one value."))
    full_clean(row, exclude=["scheme"])
    row._history_user = user
    row.save()
    return row


@transaction.atomic
def delete_rule(user: Any, scheme_id: int, rule_id: int) -> None:
    scheme = _editable(user, scheme_id)
    deleted, _n = scheme.eligibility_rules.filter(pk=rule_id).delete()
    if not deleted:
        raise NotFound(_("Rule not found."))


def validation_problems(scheme: Scheme) -> list[dict[str, str]]:
    """What stops this draft from opening (empty: ready), for the designer page."""
    try:
        with translated():
            validate_scheme(mapping.scheme_config(scheme))
    except DomainError as exc:  # a refusal lists its problems; anything else is a bug and propagates
        return list((getattr(exc, "details", None) or {}).get("problems", [])) or [{"problem": str(exc)}]
    return []


@transaction.atomic
def open_scheme(user: Any, scheme_id: int, at: datetime | None = None) -> Scheme:
    """Open for applications: validate, then freeze the criteria and eligibility with a fingerprint."""
    scheme = scheme_for(user, scheme_id, "change", lock=True)
    role = bureau_role(user, scheme)
    config = mapping.scheme_config(scheme)
    with translated():
        validate_scheme(config)
    tree = CriteriaTree(scheme.version, Decimal(scheme.full_marks), config.criteria.items)
    frozen = mapping.tree_to_json(tree)
    frozen["eligibility"] = [mapping.rule_to_json_row(r) for r in scheme.eligibility_rules.all()]
    move_scheme(user, scheme, SchemeStatus.OPEN, role, guards=frozenset({Guard.CRITERIA_VALID}), at=at)
    scheme.frozen_criteria = frozen
    scheme.criteria_fingerprint = criteria_fingerprint(tree)
    scheme._history_user = user
    scheme.save(update_fields=["frozen_criteria", "criteria_fingerprint"])
    return scheme


@transaction.atomic
def move(user: Any, scheme_id: int, target: str, reason: str = "", at: datetime | None = None) -> Scheme:
    """Plain workflow moves without side effects: close the window, start the review."""
    if target not in (SchemeStatus.CLOSED, SchemeStatus.REVIEWING):
        raise fail("invalid_transition", target=target)
    scheme = scheme_for(user, scheme_id, "change", lock=True)
    move_scheme(user, scheme, SchemeStatus(target), bureau_role(user, scheme), reason=reason, at=at)
    return scheme


@transaction.atomic
def new_version(user: Any, scheme_id: int) -> Scheme:
    """A new draft scheme copying this one's settings and criteria, version + 1 (the old one is untouched)."""
    old = scheme_for(user, scheme_id, "change")
    bureau_role(user, old)
    latest = Scheme.objects.filter(jurisdiction=old.jurisdiction, code=old.code).order_by("-version").first()
    scheme = Scheme(
        jurisdiction=old.jurisdiction,
        previous=old,
        version=latest.version + 1,
        created_by=user,
        **{k: getattr(old, k) for k in SCHEME_FIELDS},
    )
    scheme._history_user = user
    scheme.save()
    for position, item in enumerate(mapping.criteria_tree(old).items, start=1):
        data = mapping.item_to_json(item)
        Criterion.objects.create(
            scheme=scheme,
            position=position,
            auto_rule=data.pop("auto_rule") or "",
            expert_max=data.pop("expert_max"),
            **data,
        )
    for rule in mapping.eligibility_rules(old):
        EligibilityRule.objects.create(
            scheme=scheme,
            code=rule.code,
            kind=rule.kind.value,
            fact=rule.fact,
            values=sorted(rule.values),
            threshold=rule.threshold,
        )
    return scheme


def close_due_windows(at: datetime | None = None) -> list[int]:
    """The scheduler's step: close every open scheme whose window has ended (role SYSTEM, no user)."""
    now = at or timezone.now()
    closed = []
    for scheme_id in Scheme.objects.filter(status=SchemeStatus.OPEN, window_closes__lte=now).values_list(
        "pk", flat=True
    ):
        with transaction.atomic():
            scheme = Scheme.objects.select_for_update().get(pk=scheme_id)
            if scheme.status == SchemeStatus.OPEN and scheme.window_closes <= now:
                move_scheme(None, scheme, SchemeStatus.CLOSED, Role.SYSTEM, reason="window closed", at=now)
                closed.append(scheme_id)
    return closed
