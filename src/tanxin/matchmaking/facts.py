"""What other apps read from matchmaking: the finance station's totals and the requests awaiting someone.

No gate inside (the caller, e.g. the cockpit, checked its user); set-based: a fixed number of queries
however many requests. Counting rule (also on the station page): the funnel counts the requests *posted* in
the period, each once at every stage it reached; the money counts the disbursements *paid* in the period.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import Count, F, Max, Q, Sum
from django.utils import timezone

from tanxin.matchmaking.gate import consent_active
from tanxin.matchmaking.models import Addressee, FinancingRequest
from tanxin.matchmaking.scope import paid_in, posted_in
from tanxin.orgs.audit import app_stamp

OPEN_STATUSES = ("open", "matched", "accepted", "approved")


@dataclass(frozen=True)
class StationTotals:
    requests: int
    matched: int
    accepted: int
    approved: int
    disbursed: int  # funnel counts (requests reaching each stage)
    disbursed_fen: int
    approved_fen: int
    enterprises: int  # distinct enterprises with a disbursement
    green_fen: int  # disbursed money tagged to a green project or retrofit
    as_of: date | None


@dataclass(frozen=True)
class RequestStatus:
    id: int
    ref: str
    enterprise_id: int
    status: str
    status_label: str
    amount_fen: int
    updated_at: datetime


def station_totals(jurisdiction_ids: set[int] | None, start: date | None = None,
                   end: date | None = None) -> StationTotals:  # fmt: skip
    """The funnel and the money of the station for these jurisdictions (None: every one); two queries.

    Each request records the first day it reached each stage, so the funnel is one pass over the requests."""
    funnel = posted_in(jurisdiction_ids, start, end).aggregate(
        n=Count("pk"), matched=Count("matched_on"), accepted=Count("accepted_on"), approved=Count("approved_on"),
        approved_fen=Sum("approved_fen"), last=Max("created_at"))  # fmt: skip
    paid = paid_in(jurisdiction_ids, start, end).aggregate(
        fen=Sum("amount_fen"), green=Sum("amount_fen", filter=~Q(green_category="")),
        enterprises=Count("request__enterprise_id", distinct=True), requests=Count("request_id", distinct=True),
        last=Max("paid_on"))  # fmt: skip
    last_request = timezone.localtime(funnel["last"]).date() if funnel["last"] else None
    as_of = max((d for d in (paid["last"], last_request) if d), default=None)
    return StationTotals(
        requests=funnel["n"], matched=funnel["matched"], accepted=funnel["accepted"], approved=funnel["approved"],
        disbursed=paid["requests"], disbursed_fen=paid["fen"] or 0, approved_fen=funnel["approved_fen"] or 0,
        enterprises=paid["enterprises"], green_fen=paid["green"] or 0, as_of=as_of,
    )  # fmt: skip


def _status(rows: Iterable[FinancingRequest]) -> list[RequestStatus]:
    return [RequestStatus(r.pk, r.ref, r.enterprise_id, r.status, str(r.get_status_display()), r.amount_fen,
                          r.updated_at) for r in rows]  # fmt: skip


def open_requests_for_enterprises(enterprise_ids: Iterable[int]) -> list[RequestStatus]:
    """Requests of these enterprises not yet paid out, withdrawn or declined, newest first."""
    qs = FinancingRequest.objects.filter(enterprise_id__in=list(enterprise_ids), status__in=OPEN_STATUSES)
    return _status(qs.order_by("-updated_at", "-pk"))


def requests_waiting_for_bank(bank_id: int) -> list[RequestStatus]:
    """Requests this bank may read (consent active) that wait for it: its engaged slot needs an answer, its
    approval needs the money, or the broadcast still has a free slot it may take. Oldest first."""
    mine = Addressee.objects.filter(bank_id=bank_id, request__status__in=OPEN_STATUSES).filter(consent_active())
    waiting = mine.filter(Q(slot="engaged") | Q(outcome="approved", disbursed_fen__lt=F("approved_fen"))
                          | Q(slot="", outcome="", request__status__in=("open", "matched")))  # fmt: skip
    qs = FinancingRequest.objects.filter(pk__in=waiting.values("request_id")).order_by("updated_at", "pk")
    return _status(qs)


def data_stamp() -> tuple:
    """Changes whenever a row of this module is added, saved or deleted (``orgs.audit.app_stamp``): for callers
    that keep figures computed from these facts and must not show them stale."""
    return app_stamp(__name__.split(".")[1])
