"""Screening contacts: consent requests (a bank asks, the enterprise answers), on-site visits and the outreach log."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tanxin.common.errors import Conflict, DomainError, NotFound, PermissionDenied, field_error
from tanxin.lending.models import ConsentRequest, OutreachEntry, Visit, VisitEvidence
from tanxin.lending.services.screening import check_evidence
from tanxin.orgs import access, notifications
from tanxin.orgs import services as orgs_services
from tanxin.orgs.domain.roles import CONSENT_GRANTEE_KINDS, OrgKind
from tanxin.orgs.gate import principal_for
from tanxin.orgs.models import ConsentGrant, Organisation
from tanxin.web.storage import store_once

MAX_VISIT_AHEAD_DAYS = 366
REQUEST_SUBJECT = gettext_lazy("%(bank)s asks for your consent")
REQUEST_BODY = gettext_lazy("Purpose: %(purpose)s. Accept or decline it under Screening → Consent requests.")
ACCEPTED_SUBJECT = gettext_lazy("%(enterprise)s gave its consent")
DECLINED_SUBJECT = gettext_lazy("%(enterprise)s declined your consent request")


def _text(field: str, value: str, limit: int, required: bool = True) -> str:
    value = (value or "").strip()
    if required and not value:
        raise field_error(field, _("This field is required."))
    if len(value) > limit:
        raise field_error(field, _("At most %(n)d characters.") % {"n": limit})
    return value


def _own_partner(user: Any, bank_id: int | None = None) -> Organisation:
    """The bank or guarantor the user acts for (the one named, or their only one)."""
    ids = principal_for(user).org_ids_of_kind(*CONSENT_GRANTEE_KINDS)
    if bank_id is not None:
        ids = ids & {bank_id}
    if len(ids) != 1:
        raise PermissionDenied(_("Only a bank or guarantor may do this."))
    return Organisation.objects.get(pk=next(iter(ids)))


def _active_consent(enterprise_id: int, grantee_id: int) -> ConsentGrant | None:
    now = timezone.now()
    return (ConsentGrant.objects.filter(enterprise_id=enterprise_id, grantee_id=grantee_id, revoked_at__isnull=True)
            .filter(Q(expires_at__isnull=True) | Q(expires_at__gt=now)).order_by("-granted_at").first())  # fmt: skip


# ---------------------------------------------------------------- consent requests


def request_consent(user: Any, uscc: str, purpose: str, message: str = "", bank_id: int | None = None
                    ) -> ConsentRequest:  # fmt: skip
    """A bank asks an enterprise (named by its unified social credit code) for consent to read its data."""
    bank = _own_partner(user, bank_id)
    purpose, message = _text("purpose", purpose, 200), _text("message", message, 1000, required=False)
    enterprise = Organisation.objects.filter(uscc=(uscc or "").strip().upper(), kind=OrgKind.ENTERPRISE,
                                             status=Organisation.Status.ACTIVE).first()  # fmt: skip
    if enterprise is None:
        raise field_error("uscc", _("No active enterprise has this credit code."))
    if _active_consent(enterprise.pk, bank.pk) is not None:
        raise Conflict(_("This enterprise has already given you its consent."))
    row = ConsentRequest(enterprise=enterprise, bank=bank, purpose=purpose, message=message, requested_by=user)
    row._history_user = user
    try:
        with transaction.atomic():
            row.save()
            notifications.notify(kind="consent_request", subject=REQUEST_SUBJECT, body=REQUEST_BODY,
                                 params={"bank": bank.name_zh, "purpose": purpose}, org_ids=[enterprise.pk],
                                 link=reverse("lending:screening_consents"),
                                 key=f"lending-consent-request-{row.pk}")  # fmt: skip
    except IntegrityError as exc:  # the partial unique index: one pending request per bank and enterprise
        raise Conflict(_("You already have a pending request to this enterprise.")) from exc
    return row


def _pending(user: Any, request_id: int, action: str) -> ConsentRequest:
    row = ConsentRequest.objects.visible_to(user, action).select_for_update().filter(pk=request_id).first()
    if row is None:
        if ConsentRequest.objects.visible_to(user, "view").filter(pk=request_id).exists():
            raise PermissionDenied(_("You may not answer this request."))
        raise NotFound(_("Consent request not found."))
    if row.status != ConsentRequest.Status.PENDING:
        raise Conflict(_("This request has already been answered."))
    return row


@transaction.atomic
def answer_consent(user: Any, request_id: int, accept: bool, reason: str = "",
                   expires_at: datetime | None = None) -> ConsentRequest:  # fmt: skip
    """The enterprise's administrator accepts (the directory's consent is granted, or an active one reused)
    or declines (with an optional reason the bank reads)."""
    row = _pending(user, request_id, "change")
    reason = _text("reason", reason, 500, required=False)
    if accept:
        consent = _active_consent(row.enterprise_id, row.bank_id)
        if consent is None:
            consent = orgs_services.grant_consent(user, row.enterprise_id, row.bank_id, row.purpose, expires_at)
        row.consent, row.status = consent, ConsentRequest.Status.ACCEPTED
    else:
        row.status, row.decline_reason = ConsentRequest.Status.DECLINED, reason
    row.decided_by, row.decided_at = user, timezone.now()
    row._history_user = user
    row.save()
    notifications.notify(kind="consent_answer", subject=ACCEPTED_SUBJECT if accept else DECLINED_SUBJECT,
                         params={"enterprise": row.enterprise.name_zh}, org_ids=[row.bank_id],
                         link=reverse("lending:screening_consents"),
                         key=f"lending-consent-answer-{row.pk}")  # fmt: skip
    return row


@transaction.atomic
def withdraw_request(user: Any, request_id: int) -> ConsentRequest:
    row = _pending(user, request_id, "manage")
    row.status, row.decided_by, row.decided_at = ConsentRequest.Status.WITHDRAWN, user, timezone.now()
    row._history_user = user
    row.save()
    return row


# ---------------------------------------------------------------- visits


def _visit_enterprise(user: Any, enterprise_id: int) -> tuple[Organisation, Organisation | None]:
    """The enterprise to visit and the bank taking part (None when the bureau schedules alone)."""
    p = principal_for(user)
    org = Organisation.objects.visible_to(user, "view").filter(pk=enterprise_id, kind=OrgKind.ENTERPRISE).first()
    if org is None:
        raise NotFound(_("Enterprise not found."))
    staff = access.is_staff_for(p, org.jurisdiction_id)
    partners = p.org_ids_of_kind(*CONSENT_GRANTEE_KINDS)
    if not staff and not (partners and _active_consent(org.pk, min(partners))):
        raise PermissionDenied(_("Only the bureau or a bank with the enterprise's consent may schedule a visit."))
    if not org.key_emitter:
        raise field_error("enterprise", _("Visits are scheduled with key emission-control enterprises."))
    return org, (None if staff else _own_partner(user))


def schedule_visit(user: Any, enterprise_id: int, scheduled_for: date, purpose: str, bank_id: int | None = None
                   ) -> Visit:  # fmt: skip
    enterprise, bank = _visit_enterprise(user, enterprise_id)
    purpose = _text("purpose", purpose, 300)
    if not isinstance(scheduled_for, date):
        raise field_error("scheduled_for", _("Enter a valid date."))
    if (scheduled_for - timezone.localdate()).days > MAX_VISIT_AHEAD_DAYS:
        raise field_error("scheduled_for", _("A visit is scheduled at most a year ahead."))
    if bank is None and bank_id is not None:  # the bureau names the bank that comes along
        bank = Organisation.objects.filter(pk=bank_id, kind__in=[k.value for k in CONSENT_GRANTEE_KINDS]).first()
        if bank is None:
            raise field_error("bank", _("Choose a bank or guarantor."))
    row = Visit(enterprise=enterprise, bank=bank, scheduled_for=scheduled_for, purpose=purpose, scheduled_by=user)
    row._history_user = user
    row.save()
    return row


def _visit(user: Any, visit_id: int) -> Visit:
    row = Visit.objects.visible_to(user, "change").select_for_update().filter(pk=visit_id).first()
    if row is None:
        if Visit.objects.visible_to(user, "view").filter(pk=visit_id).exists():
            raise PermissionDenied(_("You may not change this visit."))
        raise NotFound(_("Visit not found."))
    return row


@transaction.atomic
def report_visit(user: Any, visit_id: int, visited_on: date, findings: str, rating: str,
                 evidence: list[tuple[str, bytes]] | None = None) -> Visit:  # fmt: skip
    """Record what the visit found; the rating feeds the card's green pillar with the visit's date."""
    row = _visit(user, visit_id)
    if row.status == Visit.Status.CANCELLED:
        raise Conflict(_("This visit was cancelled."))
    errors: dict[str, list[Any]] = {}
    if not isinstance(visited_on, date) or visited_on > timezone.localdate():
        errors["visited_on"] = [_("The visit date must be a valid date, not in the future.")]
    if not (findings or "").strip() or len(findings) > 5000:
        errors["findings"] = [_("Describe the findings (at most 5,000 characters).")]
    if rating not in Visit.Rating.values:
        errors["rating"] = [_("Choose a rating.")]
    if errors:
        raise DomainError(_("Please correct the errors below."), code="validation_error", details=errors)
    files = [(name, content, check_evidence(name, content)) for name, content in evidence or []]
    row.visited_on, row.findings, row.rating = visited_on, findings.strip(), rating
    row.status, row.reported_by = Visit.Status.COMPLETED, user
    row._history_user = user
    row.save()
    for name, content, extension in files:
        _store_evidence(user, row, name, content, extension)
    return row


def _store_evidence(user: Any, visit: Visit, name: str, content: bytes, extension: str) -> VisitEvidence:
    digest, blob = store_once("lending/visits", content, extension)
    content_type = {"pdf": "application/pdf", "jpg": "image/jpeg", "png": "image/png"}[extension]
    return VisitEvidence.objects.create(visit=visit, sha256=digest, name=name.strip(), content_type=content_type,
                                        size=len(content), blob=blob, uploaded_by=user)  # fmt: skip


@transaction.atomic
def add_visit_evidence(user: Any, visit_id: int, name: str, content: bytes) -> VisitEvidence:
    row = _visit(user, visit_id)
    return _store_evidence(user, row, name, content, check_evidence(name, content))


@transaction.atomic
def cancel_visit(user: Any, visit_id: int) -> Visit:
    row = _visit(user, visit_id)
    if row.status != Visit.Status.SCHEDULED:
        raise Conflict(_("Only a scheduled visit can be cancelled."))
    row.status = Visit.Status.CANCELLED
    row._history_user = user
    row.save(update_fields=["status"])
    return row


# ---------------------------------------------------------------- outreach


def log_outreach(user: Any, enterprise_id: int, topic_kind: str, topic: str, channel: str, told_on: date,
                 contact_person: str = "", note: str = "", visit_id: int | None = None) -> OutreachEntry:  # fmt: skip
    """Who was told about which policy or product: the bureau for its enterprises, a bank for consenting ones."""
    p = principal_for(user)
    org = Organisation.objects.visible_to(user, "view").filter(pk=enterprise_id, kind=OrgKind.ENTERPRISE).first()
    if org is None:
        raise NotFound(_("Enterprise not found."))
    if access.is_staff_for(p, org.jurisdiction_id):
        teller_ids = [s.org_id for s in p.seats if s.kind == OrgKind.BUREAU] or list(
            Organisation.objects.filter(kind=OrgKind.BUREAU, jurisdiction_id=org.jurisdiction_id).values_list(
                "pk", flat=True)[:1])  # fmt: skip
        teller = Organisation.objects.filter(pk__in=teller_ids).order_by("pk").first()
    elif p.org_ids_of_kind(*CONSENT_GRANTEE_KINDS):
        teller = _own_partner(user)
    else:
        raise PermissionDenied(_("Only the bureau or a bank may log outreach."))
    if teller is None:
        raise PermissionDenied(_("Only the bureau or a bank may log outreach."))
    if topic_kind not in OutreachEntry.Topic.values:
        raise field_error("topic_kind", _("Choose policy or financial product."))
    if channel not in OutreachEntry.Channel.values:
        raise field_error("channel", _("Choose a channel."))
    if not isinstance(told_on, date) or told_on > timezone.localdate():
        raise field_error("told_on", _("The date must be a valid date, not in the future."))
    visit = None
    if visit_id is not None:
        visit = Visit.objects.visible_to(user).filter(pk=visit_id, enterprise=org).first()
        if visit is None:
            raise field_error("visit", _("Visit not found."))
    row = OutreachEntry(jurisdiction_id=org.jurisdiction_id, enterprise=org, told_by=teller, topic_kind=topic_kind,
                        topic=_text("topic", topic, 200), channel=channel, told_on=told_on,
                        contact_person=_text("contact_person", contact_person, 100, required=False),
                        note=_text("note", note, 1000, required=False), visit=visit, recorded_by=user)  # fmt: skip
    row._history_user = user
    row.save()
    return row
