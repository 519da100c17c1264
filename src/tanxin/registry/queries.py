"""Registry reads, always through the gate: holdings, history, holds, compliance positions, public data.

``position(enterprise_id, year)`` is what lending, screening and the support fund read: obligation,
surrendered, shortfall, status, penalty, carbon surplus and pledgeable quantity.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum
from django.utils import timezone

from tanxin.market import queries as market
from tanxin.orgs.gate import principal_for
from tanxin.orgs.models import Organisation
from tanxin.registry.domain import compliance
from tanxin.registry.domain.compliance import ComplianceInput, ComplianceResult
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
from tanxin.registry.obligations import ObligationInfo, obligation_for, pack_for, surrendered


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


@dataclass(frozen=True)
class Position:
    enterprise: Organisation
    year: int
    scheme: str
    obligation: ObligationInfo | None
    result: ComplianceResult | None
    average_price: Any
    price_synthetic: bool
    unconfirmed: tuple[str, ...]  # rule-pack parameters tagged M ("to be confirmed")
    holdings_t: int
    held_t: int

    @property
    def status(self) -> str:
        return str(self.result.status) if self.result else "no_obligation"


def _holding(enterprise: Organisation) -> Account | None:
    return Account.objects.filter(owner=enterprise, kind="holding", jurisdiction_id=enterprise.jurisdiction_id).first()


def position(enterprise: Organisation, year: int, as_of: date | None = None) -> Position:
    """The compliance position of one enterprise; the caller has checked the enterprise is visible."""
    as_of = as_of or timezone.localdate()
    info = obligation_for(enterprise.pk, year)
    scheme = info.scheme if info else (enterprise.ets if enterprise.ets in ("shenzhen", "national") else "shenzhen")
    pack = pack_for(scheme)
    acct = _holding(enterprise)
    eligible = pledged = frozen = total = held_total = 0
    events: list[compliance.SurrenderEvent] = []
    if acct is not None:
        balances = Balance.objects.filter(account=acct).select_related("instrument")
        total = sum(b.quantity for b in balances)
        held_total = sum(b.held for b in balances)
        eligible_ids = [
            b.instrument_id for b in balances
            if b.instrument.kind == pack.allowance_kind and (b.instrument.vintage or 0) <= year
        ]  # fmt: skip
        eligible = sum(b.quantity for b in balances if b.instrument_id in eligible_ids)
        open_holds = Hold.objects.filter(account=acct, status="open", instrument_id__in=eligible_ids)
        pledged = open_holds.filter(kind="pledge").aggregate(s=Sum("quantity"))["s"] or 0
        frozen = open_holds.exclude(kind="pledge").aggregate(s=Sum("quantity"))["s"] or 0
        _a, _o, events = surrendered(acct, year)
    deadline = pack.surrender_deadline(year)
    price = market.average_preceding_months(str(pack.allowance_kind), deadline, pack.penalty_average_months)
    result = None
    if info is not None:
        data = ComplianceInput(str(enterprise.pk), year, info.tonnes, tuple(events), eligible, pledged, frozen)
        result = compliance.assess(pack, data, as_of, price)
    return Position(enterprise, year, scheme, info, result, price,
                    market.is_synthetic(str(pack.allowance_kind)), tuple(pack.unconfirmed()), total,
                    held_total)  # fmt: skip


def board_enterprises(user: Any) -> QuerySet[Organisation]:
    """Enterprises on the compliance board: ETS members, or anyone with an obligation, visible to the user."""
    principal = principal_for(user)
    qs = Organisation.objects.visible_to(user).filter(kind="enterprise")
    if not principal.is_bureau_staff:
        qs = qs.filter(pk__in=principal.org_ids)
    with_obligation = Obligation.objects.values("enterprise_id")
    return qs.filter(Q(ets__in=["shenzhen", "national"]) | Q(pk__in=with_obligation)).order_by("name_zh")


def compliance_board(user: Any, year: int, as_of: date | None = None) -> list[Position]:
    return [position(e, year, as_of) for e in board_enterprises(user)]


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
    for unit in units.order_by("name_zh"):
        pos = position(unit, year)
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
