"""Grab mode and the bank's answer: the first K banks to accept engage; each answers (approval with amount,
rate and term, or a decline with a reason code) within its service time; a lapsed slot passes to the next bank
and the bureau is alerted. The rules are ``domain.slots``; here the rows are locked, moved and recorded."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tanxin.common.errors import Conflict, NotFound, field_error
from tanxin.common.money import format_yuan
from tanxin.matchmaking.domain import slots as rules
from tanxin.matchmaking.models import Addressee, FinancingRequest
from tanxin.matchmaking.models.requests import DECLINE_REASONS
from tanxin.matchmaking.services.common import bank_of, load_request, record, translated
from tanxin.orgs import notifications

CLOSED = (FinancingRequest.Status.DISBURSED, FinancingRequest.Status.WITHDRAWN, FinancingRequest.Status.DECLINED)


def grab_of(r: FinancingRequest, rows: list[Addressee]) -> rules.Grab:
    held = tuple(rules.Slot(a.bank_id, rules.SlotState(a.slot), a.accepted_on, a.due_on, a.responded_on)
                 for a in rows if a.slot)  # fmt: skip
    return rules.Grab(tuple(a.bank_id for a in rows), r.slots, r.service_workdays, held, r.status in CLOSED)


def _rows(r: FinancingRequest) -> list[Addressee]:
    return list(Addressee.objects.select_for_update().filter(request=r).order_by("order", "pk"))


def _apply(rows: list[Addressee], g: rules.Grab) -> None:
    """Write the slots of ``g`` back onto the rows that changed."""
    for a in rows:
        s = g.slot_of(a.bank_id)
        if s is None or (a.slot, a.due_on, a.responded_on) == (s.state.value, s.due_on, s.responded_on):
            continue
        a.slot, a.accepted_on, a.due_on, a.responded_on = s.state.value, s.accepted_on, s.due_on, s.responded_on
        a.save(update_fields=["slot", "accepted_on", "due_on", "responded_on"])


def _mine(rows: list[Addressee], bank_id: int) -> Addressee:
    found = next((a for a in rows if a.bank_id == bank_id), None)
    if found is None:
        raise NotFound(_("Financing request not found."), code="request_not_found")
    return found


@transaction.atomic
def accept(user: Any, request_id: int, bank_id: int | None = None, today: date | None = None) -> Addressee:
    today = today or timezone.localdate()
    bank = bank_of(user, bank_id)
    r = load_request(user, request_id)
    rows = _rows(r)
    with translated():
        g = rules.accept(grab_of(r, rows), bank, today)
    _apply(rows, g)
    mine = _mine(rows, bank)
    if r.status in (FinancingRequest.Status.OPEN, FinancingRequest.Status.MATCHED):
        r.status = FinancingRequest.Status.ACCEPTED
    r.reached("accepted", today)
    record(user, r, "accepted", bank, due_on=mine.due_on.isoformat())
    notifications.notify(kind="matchmaking.accepted", subject=gettext_lazy("A bank accepted request %(ref)s"),
                         body=gettext_lazy("It will answer by %(due)s."), params={"ref": r.ref, "due": mine.due_on},
                         org_ids=[r.enterprise_id], link=f"/matchmaking/requests/{r.pk}/",
                         key=f"mm-accepted-{r.pk}-{bank}")  # fmt: skip
    return mine


@dataclass(frozen=True)
class Answer:
    approve: bool
    amount_fen: int = 0
    rate_ppm: int = 0
    term_months: int = 0
    decline_code: str = ""
    note: str = ""


def _check_answer(r: FinancingRequest, a: Answer) -> None:
    if a.approve:
        if not 0 < a.amount_fen <= r.amount_fen:
            raise field_error("amount_fen", _("The approved amount must be positive and at most the amount asked."))
        if not 0 < a.rate_ppm <= 240_000:
            raise field_error("rate_ppm", _("The annual rate must lie between 0 and 24 %."))
        if not 0 < a.term_months <= 360:
            raise field_error("term_months", _("The term must lie between 1 and 360 months."))
    elif a.decline_code not in DECLINE_REASONS:
        raise field_error("decline_code", _("Choose the reason for declining."))


@transaction.atomic
def respond(user: Any, request_id: int, answer: Answer, bank_id: int | None = None,
            today: date | None = None) -> Addressee:  # fmt: skip
    """The engaged bank's answer, on or before its deadline."""
    today = today or timezone.localdate()
    bank = bank_of(user, bank_id)
    r = load_request(user, request_id)
    rows = _rows(r)
    _check_answer(r, answer)
    with translated():
        g = rules.respond(grab_of(r, rows), bank, today)
    _apply(rows, g)
    mine = _mine(rows, bank)
    if answer.approve:
        mine.outcome, mine.approved_fen = Addressee.Outcome.APPROVED, answer.amount_fen
        mine.rate_ppm, mine.approved_term_months = answer.rate_ppm, answer.term_months
        r.approved_fen += answer.amount_fen
        r.reached("approved", today)
        if r.status != FinancingRequest.Status.DISBURSED:
            r.status = FinancingRequest.Status.APPROVED
    else:
        mine.outcome, mine.decline_code, mine.decline_note = Addressee.Outcome.DECLINED, answer.decline_code, \
            answer.note.strip()[:300]
    mine._history_user = user
    mine.save()
    if not answer.approve and _all_declined(rows, g):
        r.status = FinancingRequest.Status.DECLINED
    action = "approved" if answer.approve else "declined"
    record(user, r, action, bank, amount_fen=answer.amount_fen, rate_ppm=answer.rate_ppm,
           term_months=answer.term_months, reason=answer.decline_code)  # fmt: skip
    if answer.approve:
        notifications.notify(kind="matchmaking.approved", subject=gettext_lazy("Credit approved for %(ref)s"),
                             body=gettext_lazy("%(amount)s CNY approved."),
                             params={"ref": r.ref, "amount": format_yuan(answer.amount_fen)},
                             org_ids=[r.enterprise_id, *notifications.bureaus_over(r.enterprise.jurisdiction_id)],
                             link=f"/matchmaking/requests/{r.pk}/", key=f"mm-approved-{r.pk}-{bank}")  # fmt: skip
    return mine


def _all_declined(rows: list[Addressee], g: rules.Grab) -> bool:
    """Every bank that could still answer has declined, and no bank may still accept."""
    answered = all(a.outcome == Addressee.Outcome.DECLINED or a.slot in ("expired", "withdrawn")
                   for a in rows if a.slot)  # fmt: skip
    return answered and not g.waiting() and not any(a.outcome == Addressee.Outcome.APPROVED for a in rows)


def expire_due(today: date | None = None) -> list[tuple[str, int]]:
    """Expire every engaged slot whose deadline passed; alert the bureau and the banks next in line.
    Returns ``(request ref, bank id)`` of the lapsed slots. Run daily (``tasks.expire_slots``)."""
    today = today or timezone.localdate()
    lapsed: list[tuple[str, int]] = []
    ids = (Addressee.objects.filter(slot="engaged", due_on__lt=today).exclude(request__status__in=CLOSED)
           .values_list("request_id", flat=True).distinct())  # fmt: skip
    for request_id in sorted(set(ids)):
        with transaction.atomic():
            r = FinancingRequest.objects.select_for_update().select_related("enterprise").get(pk=request_id)
            rows = _rows(r)
            g, banks = rules.expire(grab_of(r, rows), today)
            _apply(rows, g)
            for bank in banks:
                record(None, r, "slot_expired", bank)
                lapsed.append((r.ref, bank))
            _alert(r, banks, g)
    return lapsed


def _alert(r: FinancingRequest, banks: tuple[int, ...], g: rules.Grab) -> None:
    if not banks:
        return
    link = f"/matchmaking/requests/{r.pk}/"
    notifications.notify(kind="matchmaking.slot_expired", subject=gettext_lazy("A bank let request %(ref)s lapse"),
                         body=gettext_lazy("%(n)s bank(s) did not answer within the service time; the slot passes "
                                           "to the next bank."),
                         params={"ref": r.ref, "n": len(banks)},
                         org_ids=notifications.bureaus_over(r.enterprise.jurisdiction_id), link=link,
                         key=f"mm-lapsed-{r.pk}-{'-'.join(map(str, banks))}")  # fmt: skip
    if g.waiting():
        notifications.notify(kind="matchmaking.broadcast", subject=gettext_lazy("A slot opened on request %(ref)s"),
                             body=gettext_lazy("You may now accept it."), params={"ref": r.ref},
                             org_ids=list(g.waiting()), link=link,
                             key=f"mm-open-{r.pk}-{r.steps.count()}")  # fmt: skip


def ensure_open(r: FinancingRequest) -> None:
    if r.status in CLOSED:
        raise Conflict(_("This request is closed."), code="request_closed")
