"""Money out and what it was used for: disbursements (never above the approval; the bank's reference makes a
replay harmless), the enterprise's use-of-proceeds reports, and the bureau's matchmaking meetings."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from tanxin.common.errors import Conflict, NotFound, PermissionDenied, field_error
from tanxin.common.money import format_yuan
from tanxin.lending.services.screening import check_evidence
from tanxin.matchmaking.models import Addressee, Disbursement, FinancingRequest, Meeting, ProceedsReport
from tanxin.matchmaking.models.requests import GREEN_CATEGORIES
from tanxin.matchmaking.services.common import bank_of, enterprise_admin_of, load_request, record
from tanxin.orgs import access
from tanxin.orgs.gate import principal_for
from tanxin.orgs.models import Jurisdiction, Organisation
from tanxin.web.storage import store_once


@dataclass(frozen=True)
class Payout:
    amount_fen: int
    paid_on: date
    reference: str
    green_category: str = ""
    project: str = ""
    loan_id: int | None = None


@transaction.atomic
def disburse(user: Any, request_id: int, payout: Payout, bank_id: int | None = None) -> Disbursement:
    """Record one disbursement of an approved request. The same reference with the same content returns the
    first record; with other content it is refused."""
    bank = bank_of(user, bank_id)
    r = load_request(user, request_id)
    reference = payout.reference.strip()
    if not reference:
        raise field_error("reference", _("Give the bank's reference of the payment."))
    earlier = Disbursement.objects.filter(bank_id=bank, reference=reference).first()
    if earlier is not None:
        same = (earlier.request_id, earlier.amount_fen, earlier.paid_on) == (r.pk, payout.amount_fen, payout.paid_on)
        if same:
            return earlier
        raise Conflict(_("This payment reference was already used for another disbursement."),
                       code="reference_reused")  # fmt: skip
    mine = Addressee.objects.select_for_update().filter(request=r, bank_id=bank).first()
    if mine is None or mine.outcome != Addressee.Outcome.APPROVED:
        raise Conflict(_("Your bank has not approved this request."), code="not_approved")
    if payout.amount_fen <= 0:
        raise field_error("amount_fen", _("The amount must be positive."))
    room = mine.approved_fen - mine.disbursed_fen
    if payout.amount_fen > room:
        raise field_error("amount_fen", _("Disbursements may not exceed the approved amount: %(room)s CNY remain.")
                          % {"room": format_yuan(room)}, code="above_approved")  # fmt: skip
    if payout.paid_on > timezone.localdate():
        raise field_error("paid_on", _("The payment date cannot be in the future."))
    if payout.green_category and payout.green_category not in GREEN_CATEGORIES:
        raise field_error("green_category", _("Unknown green use."))
    Addressee.objects.filter(pk=mine.pk).update(disbursed_fen=F("disbursed_fen") + payout.amount_fen)
    d = Disbursement(request=r, addressee=mine, bank_id=bank, reference=reference, amount_fen=payout.amount_fen,
                     paid_on=payout.paid_on, rate_ppm=mine.rate_ppm or 0, green_category=payout.green_category,
                     project=payout.project.strip()[:200], loan_id=payout.loan_id, created_by=user)  # fmt: skip
    d._history_user = user
    d.save()
    r.disbursed_fen += payout.amount_fen
    r.status = FinancingRequest.Status.DISBURSED
    r.reached("disbursed", payout.paid_on)
    record(user, r, "disbursed", bank, amount_fen=payout.amount_fen, paid_on=payout.paid_on.isoformat(),
           green=payout.green_category)  # fmt: skip
    return d


@transaction.atomic
def report_use(user: Any, disbursement_id: int, progress_pct: int, note: str,
               evidence: tuple[str, bytes] | None = None) -> ProceedsReport:  # fmt: skip
    """The enterprise reports how a disbursement is used (progress and evidence)."""
    d = Disbursement.objects.visible_to(user, "change").select_related("request").filter(pk=disbursement_id).first()
    if d is None:
        raise NotFound(_("Disbursement not found."), code="disbursement_not_found")
    if not enterprise_admin_of(user, d.request.enterprise_id):
        raise PermissionDenied(_("Only the enterprise's administrator reports the use of proceeds."),
                               code="not_enterprise_admin")  # fmt: skip
    if not 0 <= progress_pct <= 100:
        raise field_error("progress_pct", _("Progress lies between 0 and 100 %."))
    if not note.strip():
        raise field_error("note", _("Say what was done with the money."))
    report = ProceedsReport(disbursement=d, progress_pct=progress_pct, note=note.strip()[:500], reported_by=user)
    if evidence is not None:
        name, content = evidence
        extension = check_evidence(name, content)
        report.evidence_sha256, report.evidence_blob = store_once("matchmaking/proceeds", content, extension)
        report.evidence_name = name.strip()[:200]
    report.save()
    record(user, d.request, "use_reported", d.request.enterprise_id, progress_pct=progress_pct)
    return report


@dataclass(frozen=True)
class MeetingInput:
    jurisdiction_id: int
    title_zh: str
    held_on: date
    title_en: str = ""
    venue: str = ""
    bank_ids: tuple[int, ...] = ()
    enterprise_ids: tuple[int, ...] = ()
    request_ids: tuple[int, ...] = ()
    outcomes: str = ""


@transaction.atomic
def create_meeting(user: Any, data: MeetingInput) -> Meeting:
    p = principal_for(user)
    if not access.is_staff_for(p, data.jurisdiction_id):
        raise PermissionDenied(_("Only bureau staff of the district hold matchmaking meetings."), code="not_staff")
    if not data.title_zh.strip():
        raise field_error("title_zh", _("Give the meeting a title."))
    jurisdiction = Jurisdiction.objects.get(pk=data.jurisdiction_id)
    banks = list(Organisation.objects.filter(pk__in=data.bank_ids, kind__in=("bank", "guarantor")))
    enterprises = list(Organisation.objects.filter(pk__in=data.enterprise_ids, kind="enterprise",
                                                   jurisdiction_id__in=p.staff_jurisdictions or [0]))  # fmt: skip
    if len(banks) != len(set(data.bank_ids)) or len(enterprises) != len(set(data.enterprise_ids)):
        raise field_error("bank_ids", _("Invite banks and enterprises of the district only."))
    requests = list(FinancingRequest.objects.visible_to(user).filter(pk__in=data.request_ids))
    if len(requests) != len(set(data.request_ids)):
        raise field_error("request_ids", _("Financing request not found."))
    m = Meeting(jurisdiction=jurisdiction, title_zh=data.title_zh.strip(), title_en=data.title_en.strip(),
                held_on=data.held_on, venue=data.venue.strip(), outcomes=data.outcomes.strip(),
                created_by=user)  # fmt: skip
    m._history_user = user
    m.save()
    m.banks.set(banks)
    m.enterprises.set(enterprises)
    m.requests.set(requests)
    for r in requests:
        record(user, r, "discussed", None, meeting=m.pk)
    return m
