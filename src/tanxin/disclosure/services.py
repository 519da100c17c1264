"""Writes to disclosure reports. Each function checks the gate, opens one transaction, locks the version
it changes, lets ``domain.workflow`` decide, persists, and logs the event with actor, time and reason.

When a report is verified the figure is handed to the registry (it sits below disclosure and never asks).
What other apps read lives in ``disclosure.facts``.
"""

from __future__ import annotations

import hashlib
from datetime import date
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tanxin.common.errors import Conflict, DomainError, NotFound, PermissionDenied
from tanxin.common.files import file_kind
from tanxin.disclosure import inputs as acc
from tanxin.disclosure.domain import workflow
from tanxin.disclosure.domain.errors import WorkflowError
from tanxin.disclosure.domain.workflow import Action, Role, State
from tanxin.disclosure.messages import translate
from tanxin.disclosure.models import (
    Finding,
    Report,
    ReportVersion,
    ReviewComment,
    Statement,
    VerifierAssignment,
    WorkflowEvent,
)
from tanxin.orgs import access
from tanxin.orgs.domain.roles import OrgKind
from tanxin.orgs.gate import principal_for
from tanxin.orgs.models import Organisation
from tanxin.registry import services as registry

CONTENT_FIELDS = ("boundary", "methodology_notes", "reduction_targets", "reduction_actions", "quality_statement")
CONTENT_MAX_CHARS = 20_000


def statement_max_bytes() -> int:
    return int(getattr(settings, "TANXIN_DISCLOSURE_STATEMENT_MAX_BYTES", 10 * 1024 * 1024))


# --- who is acting -------------------------------------------------------------------------------------


def roles_of(user: Any, version: ReportVersion) -> set[Role]:
    """The workflow roles this user holds on this version (possibly several, possibly none)."""
    principal = principal_for(user)
    enterprise = version.report.enterprise
    roles: set[Role] = set()
    if access.is_staff_for(principal, enterprise.jurisdiction_id):
        roles.add(Role.BUREAU)
    if enterprise.pk in principal.org_ids_of_kind(OrgKind.ENTERPRISE):
        roles.add(Role.ENTERPRISE)
    verifier_ids = principal.org_ids_of_kind(OrgKind.VERIFIER)
    if verifier_ids and version.assignments.filter(verifier_id__in=verifier_ids).exists():
        roles.add(Role.VERIFIER)
    return roles


def allowed_actions(user: Any, version: ReportVersion) -> list[str]:
    """Buttons to show this user; the service re-checks every one."""
    roles = roles_of(user, version)
    actions = [a.value for a in Action if any(a in workflow.allowed_actions(version.state, r) for r in roles)]
    if version.state in workflow.RESTATABLE_STATES and roles & workflow.RESTATING_ROLES and not _has_successor(
        version
    ):
        actions.append("restate")
    return actions


def _has_successor(version: ReportVersion) -> bool:
    return ReportVersion.objects.filter(previous=version).exists()


def _pick_role(roles: set[Role], state: str, action: str) -> Role:
    """The role under which ``action`` is allowed, or raise the domain's own error."""
    for role in sorted(roles):
        if action in workflow.allowed_actions(state, role):
            return role
    if not roles:
        raise PermissionDenied(_("You may not act on this report."))
    try:
        workflow.apply_action(state, action, sorted(roles)[0])
    except DomainError as exc:
        raise translate(exc) from None
    raise PermissionDenied(_("You may not act on this report."))  # pragma: no cover - apply_action raised


def _load(user: Any, version_id: int, action: str = "change") -> ReportVersion:
    """The version if the gate lets ``user`` see it for ``action``, locked for the rest of the transaction."""
    if not ReportVersion.objects.visible_to(user, action).filter(pk=version_id).exists():
        raise NotFound(_("Report not found."))
    # One writer per version at a time: a second submit/verify waits here and then sees the new state.
    locked = ReportVersion.objects.select_for_update(no_key=True, of=("self",))
    locked = locked.select_related("report__enterprise")
    return locked.get(pk=version_id)


def _log(version: ReportVersion, user: Any, action: str, from_state: str, role: str = "", reason: str = "") -> None:
    actor = user if getattr(user, "pk", None) else None
    WorkflowEvent.objects.create(version=version, action=action, from_state=from_state, to_state=version.state,
                                 actor=actor, role=role, reason=reason)  # fmt: skip


def _save(version: ReportVersion, user: Any) -> None:
    version._history_user = user if getattr(user, "pk", None) else None
    version.save()


def _ensure_editable(version: ReportVersion) -> None:
    try:
        workflow.ensure_editable(version.state)
    except DomainError as exc:
        raise translate(exc) from None


def _apply_inputs(version: ReportVersion, inputs: dict[str, Any] | None) -> None:
    try:
        numbers = acc.figures(inputs or {})
    except DomainError as exc:
        raise translate(exc) from None
    version.inputs = inputs or {}
    version.inputs_at = timezone.now() if inputs else None
    for key, value in numbers.items():
        setattr(version, key, value)


# --- creating and editing ------------------------------------------------------------------------------


def _period(kind: str, year: int, start: date | None, end: date | None) -> tuple[date, date]:
    if kind == Report.Kind.ANNUAL or (start is None and end is None):
        return date(year, 1, 1), date(year, 12, 31)
    if start is None or end is None or start > end or start.year != year or end.year != year:
        raise DomainError(_("The period must lie within the data year and end after it starts."),
                          code="validation_error", details={"period_end": [_("Invalid period.")]})  # fmt: skip
    return start, end


def create_report(
    user: Any, enterprise_id: int, year: int, kind: str = Report.Kind.ANNUAL, *,
    period_start: date | None = None, period_end: date | None = None, event_date: date | None = None,
    event_reference: str = "", title: str = "", inputs: dict[str, Any] | None = None,
) -> ReportVersion:
    """A new report with version 1 in draft, its accounting inputs pinned (``inputs`` overrides the lookup)."""
    principal = principal_for(user)
    if not (principal.is_superuser or enterprise_id in principal.org_ids_of_kind(OrgKind.ENTERPRISE)):
        raise PermissionDenied(_("Only the enterprise itself may open a disclosure report."))
    if kind not in Report.Kind.values:
        raise DomainError(_("Unknown report kind."), code="validation_error", details={"kind": [_("Unknown kind.")]})
    this_year = timezone.localdate().year
    if not 2000 <= year <= this_year:
        raise DomainError(_("The data year must be between 2000 and this year."), code="validation_error",
                          details={"year": [_("Invalid year.")]})  # fmt: skip
    if kind == Report.Kind.TEMPORARY and event_date is None:
        raise DomainError(_("A temporary disclosure needs the date of the event."), code="validation_error",
                          details={"event_date": [_("This field is required.")]})  # fmt: skip
    start, end = _period(kind, year, period_start, period_end)
    enterprise = Organisation.objects.filter(pk=enterprise_id, kind=OrgKind.ENTERPRISE).first()
    if enterprise is None:
        raise NotFound(_("Enterprise not found."))
    if inputs is None and kind != Report.Kind.TEMPORARY:
        inputs = acc.fetch_inputs(enterprise_id, year)
    try:
        with transaction.atomic():
            report = Report(enterprise=enterprise, year=year, kind=kind, period_start=start, period_end=end,
                            event_date=event_date, event_reference=event_reference[:200], title=title[:200],
                            created_by=user)  # fmt: skip
            report._history_user = user
            report.save()
            version = ReportVersion(report=report, number=1)
            _apply_inputs(version, inputs)
            _save(version, user)
            _log(version, user, "create", "", Role.ENTERPRISE)
    except IntegrityError as exc:
        raise Conflict(_("There is already a report of this kind for this year; restate it instead.")) from exc
    return version


@transaction.atomic
def update_content(user: Any, version_id: int, data: dict[str, Any]) -> ReportVersion:
    version = _load(user, version_id)
    if Role.ENTERPRISE not in roles_of(user, version):
        raise PermissionDenied(_("Only the enterprise edits its report."))
    _ensure_editable(version)
    unknown = sorted(set(data) - set(CONTENT_FIELDS))
    if unknown:
        raise DomainError(_("These fields cannot be edited: %(fields)s.") % {"fields": ", ".join(unknown)},
                          code="validation_error", details={f: [_("Not editable.")] for f in unknown})  # fmt: skip
    too_long = [f for f, v in data.items() if len(str(v or "")) > CONTENT_MAX_CHARS]
    if too_long:
        raise DomainError(_("Text is too long."), code="validation_error",
                          details={f: [_("At most %(n)d characters.") % {"n": CONTENT_MAX_CHARS}] for f in too_long})
    for key, value in data.items():
        setattr(version, key, str(value or "").strip())
    _save(version, user)
    return version


@transaction.atomic
def refresh_inputs(user: Any, version_id: int, inputs: dict[str, Any] | None = None) -> ReportVersion:
    """Re-read the accounting figures into a draft (e.g. after correcting activity data)."""
    version = _load(user, version_id)
    if Role.ENTERPRISE not in roles_of(user, version):
        raise PermissionDenied(_("Only the enterprise refreshes its report."))
    _ensure_editable(version)
    if inputs is None:
        inputs = acc.fetch_inputs(version.report.enterprise_id, version.report.year)
    _apply_inputs(version, inputs)
    _save(version, user)
    _log(version, user, "refresh", version.state, Role.ENTERPRISE)
    return version


# --- workflow ------------------------------------------------------------------------------------------


@transaction.atomic
def act(user: Any, version_id: int, action: str, reason: str = "") -> ReportVersion:
    """Submit, return, revise, accept or publish. Verification has its own functions (assign, verify)."""
    if action in (Action.START_VERIFICATION, Action.VERIFY):
        raise DomainError(_("Use the verification form for this action."), code="use_verification_form")
    version = _load(user, version_id)
    role = _pick_role(roles_of(user, version), version.state, action)
    reason = (reason or "").strip()
    if action == Action.RETURN and not reason:
        raise DomainError(_("Say why the report is returned."), code="validation_error",
                          details={"reason": [_("This field is required.")]})  # fmt: skip
    # A temporary disclosure reports an event (e.g. a penalty); it need not carry emission figures.
    if action == Action.SUBMIT and version.total_kg is None and version.report.kind != Report.Kind.TEMPORARY:
        raise DomainError(_("The report has no accounting figures yet; enter activity data and refresh."),
                          code="no_inputs")  # fmt: skip
    before = version.state
    try:
        version.state = workflow.apply_action(before, action, role)
    except DomainError as exc:
        raise translate(exc) from None
    now = timezone.now()
    if action == Action.SUBMIT:
        version.submitted_at = now
    elif action == Action.PUBLISH:
        version.published_at = now
    _save(version, user)
    _log(version, user, action, before, role, reason)
    if action == Action.RETURN and reason:
        ReviewComment.objects.create(version=version, author=user, section="", body=reason)
    return version


@transaction.atomic
def add_comment(user: Any, version_id: int, body: str, section: str = "") -> ReviewComment:
    version = _load(user, version_id, "view")
    if not roles_of(user, version):
        raise PermissionDenied(_("Only the enterprise, the bureau and the assigned verifier may comment."))
    body = (body or "").strip()
    if not body or len(body) > CONTENT_MAX_CHARS:
        raise DomainError(_("Write a comment (at most %(n)d characters).") % {"n": CONTENT_MAX_CHARS},
                          code="validation_error", details={"body": [_("Invalid comment.")]})  # fmt: skip
    return ReviewComment.objects.create(version=version, author=user, section=section[:40], body=body)


@transaction.atomic
def assign_verifier(user: Any, version_id: int, verifier_id: int, reason: str = "") -> ReportVersion:
    """The bureau names the verification body and opens verification (accepted → in_verification)."""
    version = _load(user, version_id)
    if Role.BUREAU not in roles_of(user, version):
        raise PermissionDenied(_("Only the bureau assigns a verifier."))
    verifier = Organisation.objects.filter(pk=verifier_id, kind=OrgKind.VERIFIER, status="active").first()
    if verifier is None:
        raise DomainError(_("Choose an active verification body."), code="validation_error",
                          details={"verifier_id": [_("Not a verification body.")]})  # fmt: skip
    before = version.state
    try:
        version.state = workflow.apply_action(before, Action.START_VERIFICATION, Role.BUREAU)
    except DomainError as exc:
        raise translate(exc) from None
    VerifierAssignment.objects.filter(version=version).delete()  # a returned-and-resubmitted version
    assignment = VerifierAssignment(version=version, verifier=verifier, assigned_by=user)
    assignment._history_user = user
    assignment.save()
    _save(version, user)
    _log(version, user, Action.START_VERIFICATION, before, Role.BUREAU, reason or str(verifier))
    return version


def _require_verifier(user: Any, version: ReportVersion) -> None:
    if Role.VERIFIER not in roles_of(user, version):
        raise PermissionDenied(_("Only the assigned verifier may do this."))
    if version.state != State.IN_VERIFICATION:
        raise translate(WorkflowError("illegal_transition", state=version.state, action=Action.VERIFY))


@transaction.atomic
def add_finding(user: Any, version_id: int, severity: str, body: str) -> Finding:
    version = _load(user, version_id)
    _require_verifier(user, version)
    body = (body or "").strip()
    if severity not in Finding.Severity.values or not body or len(body) > CONTENT_MAX_CHARS:
        raise DomainError(_("Give a severity and a description."), code="validation_error",
                          details={"body": [_("Invalid finding.")]})  # fmt: skip
    return Finding.objects.create(version=version, author=user, severity=severity, body=body)


def check_statement_size(size: int) -> None:
    limit = statement_max_bytes()
    if size > limit:
        message = _("The file is too large (at most %(mb)s MB).") % {"mb": round(limit / (1024 * 1024), 1)}
        raise DomainError(message, code="too_large", details={"file": [message]})


def check_statement(name: str, content: bytes) -> None:
    """A verification statement is a PDF (by its bytes, not its name) of bounded size."""
    if not content:
        raise DomainError(_("The file is empty."), code="invalid_file", details={"file": [_("The file is empty.")]})
    check_statement_size(len(content))
    if file_kind(content) != "pdf":
        message = _("The statement must be a PDF file.")
        raise DomainError(message, code="invalid_file", details={"file": [message]})


def upload_statement(user: Any, version_id: int, name: str, content: bytes) -> Statement:
    check_statement(name, content)  # before the transaction: reading the upload needs no lock
    digest = hashlib.sha256(content).hexdigest()
    with transaction.atomic():
        version = _load(user, version_id)
        _require_verifier(user, version)
        statement = Statement(version=version, original_name=(name or "statement.pdf")[:200], sha256=digest,
                              size=len(content), uploaded_by=user)  # fmt: skip
        # Content-addressed name: the same file uploaded twice is the same object.
        statement.file.save(f"{digest}.pdf", ContentFile(content), save=False)
        statement.save()
    return statement


@transaction.atomic
def verify(user: Any, version_id: int, verified_kg: int, opinion: str = "") -> ReportVersion:
    """The assigned verifier confirms a figure; a statement must be uploaded first."""
    version = _load(user, version_id)
    _require_verifier(user, version)
    if isinstance(verified_kg, bool) or not isinstance(verified_kg, int) or verified_kg < 0:
        raise DomainError(_("The verified figure must be a whole, non-negative number of kgCO2e."),
                          code="validation_error", details={"verified_kg": [_("Invalid figure.")]})  # fmt: skip
    if not version.statements.exists():
        raise DomainError(_("Upload the signed verification statement first."), code="statement_missing",
                          details={"file": [_("Upload the signed verification statement first.")]})  # fmt: skip
    if version.findings.filter(severity=Finding.Severity.MATERIAL, resolved=False).exists():
        raise Conflict(_("A material misstatement is unresolved; return the report instead."),
                       code="unresolved_findings")  # fmt: skip
    before = version.state
    version.state = workflow.apply_action(before, Action.VERIFY, Role.VERIFIER)
    version.verified_kg = verified_kg
    version.verification_opinion = (opinion or "").strip()[:CONTENT_MAX_CHARS]
    version.verified_at = timezone.now()
    _save(version, user)
    _log(version, user, Action.VERIFY, before, Role.VERIFIER, version.verification_opinion)
    hand_over(version, user)
    return version


def hand_over(version: ReportVersion, user: Any = None) -> None:
    """Give the registry the verified figure of an annual report: it becomes the compliance obligation.

    The figure goes over exact (kg ÷ 1000 is exact in Decimal): the registry rounds it once, upward, to whole
    tonnes. Rounding here first (half-up) made 9,245,215 kg an obligation of 9,245 t instead of 9,246 t."""
    if version.report.kind == Report.Kind.ANNUAL and version.figure_kg is not None:
        registry.record_verified_emissions(version.report.enterprise_id, version.report.year,
                                           Decimal(version.figure_kg) / 1000, user)  # fmt: skip


@transaction.atomic
def resolve_finding(user: Any, finding_id: int) -> Finding:
    finding = Finding.objects.visible_to(user, "change").filter(pk=finding_id).first()
    if finding is None:
        raise NotFound(_("Finding not found."))
    version = _load(user, finding.version_id)
    _require_verifier(user, version)
    finding.resolved = True
    finding.save(update_fields=["resolved"])
    return finding


@transaction.atomic
def restate(user: Any, version_id: int, reason: str, inputs: dict[str, Any] | None = None) -> ReportVersion:
    """A new draft version linked to a verified or published one, with fresh accounting inputs.

    The previous version is not touched (a published one cannot be): the link lives on the new row.
    """
    version = _load(user, version_id)
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("Say why the report is restated."), code="validation_error",
                          details={"reason": [_("This field is required.")]})  # fmt: skip
    roles = roles_of(user, version) & workflow.RESTATING_ROLES
    if not roles:
        raise PermissionDenied(_("Only the enterprise or the bureau may restate a report."))
    if _has_successor(version):
        raise Conflict(_("This version has already been restated."), code="already_restated")
    role = Role.ENTERPRISE if Role.ENTERPRISE in roles else Role.BUREAU
    last = version.report.versions.order_by("-number").first()
    try:
        identity = workflow.restate(
            workflow.ReportVersion(str(version.pk), last.number, State(version.state)), "new", reason, role
        )
    except DomainError as exc:
        raise translate(exc) from None
    if inputs is None:
        inputs = acc.fetch_inputs(version.report.enterprise_id, version.report.year)
    new = ReportVersion(report=version.report, number=identity.version, previous=version, restatement_reason=reason,
                        **{f: getattr(version, f) for f in CONTENT_FIELDS})  # fmt: skip
    _apply_inputs(new, inputs)
    _save(new, user)
    _log(new, user, "restate", version.state, role, reason)
    return new


