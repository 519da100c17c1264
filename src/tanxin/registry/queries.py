"""Registry reads, always through the gate: holdings, history, holds, compliance positions, public data.

``positions(enterprises, year)`` (set-based, ``registry.positions``) is what lending, screening and the
support fund read: obligation, surrendered, shortfall, status, penalty, carbon surplus and pledgeable
quantity; ``position(enterprise, year)`` is the same for one enterprise.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum

from tanxin.orgs.gate import principal_for
from tanxin.orgs.models import Organisation
from tanxin.orgs.queries import name_or_code
from tanxin.registry.models import (
    Account,
    Balance,
    Certificate,
    Hold,
    Obligation,
    Posting,
    ReconciliationCase,
    Transaction,
    TransferRequest,
)
from tanxin.registry.positions import Position, positions


def accounts(user: Any, action: str = "view") -> QuerySet[Account]:
    return Account.objects.visible_to(user, action).select_related("owner", "jurisdiction")


def account(user: Any, account_id: int, action: str = "view") -> Account | None:
    return accounts(user, action).filter(pk=account_id).first()


def own_accounts(user: Any) -> QuerySet[Account]:
    return accounts(user).filter(owner_id__in=principal_for(user).org_ids, kind="holding")


@dataclass(frozen=True)
class HoldingRow:
    instrument: str
    quantity: int
    held: int

    @property
    def available(self) -> int:
        return self.quantity - self.held


def holdings(acct: Account) -> list[HoldingRow]:
    """Call with an account obtained through ``account(user, ...)`` (the gate already passed)."""
    rows = Balance.objects.filter(account=acct).exclude(quantity=0, held=0).select_related("instrument")
    return [HoldingRow(b.instrument.code, b.quantity, b.held) for b in rows.order_by("instrument__code")]


@dataclass(frozen=True)
class HistoryRow:
    tx_id: str
    at: Any
    kind: str
    kind_label: str
    subtype: str
    instrument: str
    quantity: int
    counterparty: str
    reason: str
    reversed: bool


def history(acct: Account, limit: int = 200, start: date | None = None, end: date | None = None) -> list[HistoryRow]:
    postings = Posting.objects.filter(account=acct).select_related("tx", "instrument").order_by("-tx__created_at",
                                                                                              "-pk")  # fmt: skip
    if start:
        postings = postings.filter(tx__created_at__date__gte=start)
    if end:
        postings = postings.filter(tx__created_at__date__lte=end)
    postings = list(postings[:limit])
    others = {}
    for p in Posting.objects.filter(tx_id__in={p.tx_id for p in postings}).exclude(account=acct).select_related(
            "account"):  # fmt: skip
        others.setdefault(p.tx_id, p.account.number)
    reversed_ids = set(Transaction.objects.filter(reverses_id__in={p.tx_id for p in postings})
                       .values_list("reverses_id", flat=True))  # fmt: skip
    return [
        HistoryRow(p.tx.tx_id, p.tx.created_at, p.tx.kind, p.tx.get_kind_display(), p.tx.subtype, p.instrument.code,
                   p.quantity, others.get(p.tx_id, ""), p.tx.reason, p.tx_id in reversed_ids)
        for p in postings
    ]  # fmt: skip


def holds(user: Any, status: str = "") -> QuerySet[Hold]:
    qs = Hold.objects.visible_to(user).select_related("account__owner", "instrument", "pledgee")
    return qs.filter(status=status) if status else qs


def pending_transfers(user: Any) -> QuerySet[TransferRequest]:
    return TransferRequest.objects.visible_to(user).filter(status="pending").select_related(
        "from_account", "to_account", "instrument", "initiated_by")  # fmt: skip


def cases(user: Any) -> QuerySet[ReconciliationCase]:
    return ReconciliationCase.objects.visible_to(user).annotate(n=Count("discrepancies"))


# ---------------------------------------------------------------- compliance


def position(enterprise: Organisation, year: int, as_of: date | None = None) -> Position:
    """The compliance position of one enterprise; the caller has checked the enterprise is visible."""
    return positions([enterprise], year, as_of)[enterprise.pk]


def _search(qs: QuerySet[Organisation], q: str) -> QuerySet[Organisation]:
    q = (q or "").strip()[:100]
    if not q:
        return qs
    return qs.filter(name_or_code(q))


def board_enterprises(user: Any, q: str = "") -> QuerySet[Organisation]:
    """Enterprises on the compliance board: ETS members, or anyone with an obligation, visible to the user."""
    principal = principal_for(user)
    qs = Organisation.objects.visible_to(user).filter(kind="enterprise")
    if not principal.is_bureau_staff:
        qs = qs.filter(pk__in=principal.org_ids)
    with_obligation = Obligation.objects.values("enterprise_id")
    qs = qs.filter(Q(ets__in=["shenzhen", "national"]) | Q(pk__in=with_obligation))
    return _search(qs, q).order_by("name_zh", "pk")


def obligation_candidates(user: Any, q: str = "") -> QuerySet[Organisation]:
    """Enterprises the bureau may set an obligation for: the board's, and every ETS member it sees."""
    qs = Organisation.objects.visible_to(user).filter(kind="enterprise").filter(
        Q(ets__in=["shenzhen", "national"]) | Q(pk__in=Obligation.objects.values("enterprise_id")))  # fmt: skip
    return _search(qs, q).order_by("name_zh", "pk")


def compliance_board(user: Any, year: int, as_of: date | None = None) -> list[Position]:
    """Every position on the board (exports); pages ask ``board_page`` for one page."""
    return list(positions(board_enterprises(user), year, as_of).values())


@dataclass(frozen=True)
class BoardPage:
    count: int
    limit: int
    offset: int
    items: list[Position]


def board_page(user: Any, year: int, *, limit: int = 50, offset: int = 0, q: str = "",
               as_of: date | None = None) -> BoardPage:  # fmt: skip
    """One page of the board: a count, then positions for that page's enterprises only."""
    qs = board_enterprises(user, q)
    shown = list(qs[offset : offset + limit])
    return BoardPage(qs.count(), limit, offset, list(positions(shown, year, as_of).values()))


# ---------------------------------------------------------------- public explorer (no login)


def public_units(year: int) -> list[dict[str, Any]]:
    """Key emission-control units: allocation of the year's vintage and compliance status (published data)."""
    units = Organisation.objects.filter(kind="enterprise", key_emitter=True, ets__in=["shenzhen", "national"])
    allocated = dict(
        Posting.objects.filter(account__owner__in=units, account__kind="holding", tx__kind__in=["allocate", "clawback"],
                               instrument__vintage=year)
        .values_list("account__owner_id").annotate(s=Sum("quantity"))
    )  # fmt: skip
    rows = []
    for unit, pos in ((p.enterprise, p) for p in positions(units.order_by("name_zh", "pk"), year).values()):
        rows.append({"unit": unit, "allocated": allocated.get(unit.pk, 0), "status": pos.status,
                     "obligation": pos.obligation.tonnes if pos.obligation else None,
                     "surrendered": pos.result.allowances_surrendered_t + pos.result.offsets_counted_t
                     if pos.result else 0})  # fmt: skip
    return rows


def public_stats() -> dict[str, int]:
    def total(kind: str, **extra) -> int:
        return Posting.objects.filter(tx__kind=kind, quantity__gt=0, **extra).aggregate(s=Sum("quantity"))["s"] or 0

    return {
        "issued": total("issue"),
        "allocated": total("allocate", account__kind="holding"),
        "surrendered": total("surrender", account__kind="surrender"),
        "cancelled": total("cancel", account__kind="cancellation"),
        "holding_accounts": Account.objects.filter(kind="holding").count(),
        "transactions": Transaction.objects.count(),
        "open_pledges": Hold.objects.filter(kind="pledge", status="open").count(),
    }


def certificate(code: str) -> Certificate | None:
    code = (code or "").strip().upper()
    if not code or len(code) > 32:
        return None
    return Certificate.objects.filter(code=code).select_related("tx").first()
