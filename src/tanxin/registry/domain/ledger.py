"""The ledger rule book: a request plus a snapshot in, a balanced transaction (or a refusal) out.

Double entry: every transaction's postings sum to zero per instrument, for every kind, issuance
included. We chose to let the bureau's *issuance account* run negative by design: issuing N tonnes
posts −N there and +N to the receiving account, so the issuance balance is minus everything ever
issued and Σ over all accounts is always exactly 0. The alternative (issuance as a one-legged
"mint") would break the single invariant the journal verifier and the property tests rely on.
Surrender and cancellation move units into bureau *sink* accounts; circulating supply is therefore
Σ(holding + management) = issued − surrendered − cancelled.

Every refusal is a ``DomainError`` with a stable ``code``; ``details`` carries the numbers.
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from tanxin.common.errors import Conflict, DomainError, NotFound, PermissionDenied
from tanxin.common.workdays import add_workdays

from .model import (
    Account,
    AccountKind,
    Authority,
    Hold,
    HoldChange,
    HoldKind,
    Instrument,
    Posting,
    Snapshot,
    Transaction,
    TxKind,
    apply,
)
from .requests import (
    Allocate,
    Cancel,
    Clawback,
    Enforce,
    Issue,
    PlaceHold,
    Release,
    Request,
    Reverse,
    Surrender,
    SurrenderRules,
    Transfer,
    TransferControls,
)

# Callers get the requests and the judge from one place.
__all__ = [
    "Allocate",
    "Cancel",
    "Clawback",
    "Enforce",
    "Issue",
    "PlaceHold",
    "Release",
    "Request",
    "Reverse",
    "Surrender",
    "SurrenderRules",
    "Transfer",
    "TransferControls",
    "decide",
    "whole_tonnes",
]

# ---------------------------------------------------------------- entry point


def decide(snapshot: Snapshot, request: Request, controls: TransferControls | None = None) -> Transaction:
    """Validate ``request`` against ``snapshot`` and return the transaction to persist."""
    handler = _HANDLERS.get(type(request))
    if handler is None:
        raise DomainError(f"unsupported request {type(request).__name__}", code="unsupported")
    tx = handler(snapshot, request, controls or TransferControls())
    _check_result(snapshot, tx)
    return tx


def whole_tonnes(quantity: object) -> int:
    """An ``int`` > 0, or a refusal. Integral Decimals are accepted (forms hand them over)."""
    if isinstance(quantity, bool) or not isinstance(quantity, int | Decimal):
        raise DomainError(
            "quantity must be whole tonnes", code="not_whole_tonnes", details={"quantity": str(quantity)}
        )
    if isinstance(quantity, Decimal):
        if not quantity.is_finite() or quantity != quantity.to_integral_value():
            raise DomainError(
                "quantity must be whole tonnes", code="not_whole_tonnes", details={"quantity": str(quantity)}
            )
        quantity = int(quantity)
    if quantity <= 0:
        raise DomainError("quantity must be positive", code="not_positive", details={"quantity": quantity})
    return quantity


# ---------------------------------------------------------------- handlers


def _move(kind: TxKind, source: str, dest: str, instrument: Instrument, quantity: int) -> Transaction:
    return Transaction(kind, (Posting(source, instrument, -quantity), Posting(dest, instrument, quantity)))


def _issue(s: Snapshot, r: Issue, _: TransferControls) -> Transaction:
    q = whole_tonnes(r.quantity)
    _kind(s.account(r.issuance_account), AccountKind.ISSUANCE)
    _kind(_unblocked(s.account(r.to_account)), AccountKind.MANAGEMENT, AccountKind.HOLDING)
    return _move(TxKind.ISSUE, r.issuance_account, r.to_account, r.instrument, q)


def _allocate(s: Snapshot, r: Allocate, _: TransferControls) -> Transaction:
    q = whole_tonnes(r.quantity)
    _kind(s.account(r.from_account), AccountKind.MANAGEMENT)
    _kind(_unblocked(s.account(r.to_account)), AccountKind.HOLDING)
    return _move(TxKind.ALLOCATE, r.from_account, r.to_account, r.instrument, q)


def _clawback(s: Snapshot, r: Clawback, _: TransferControls) -> Transaction:
    q = whole_tonnes(r.quantity)
    _kind(s.account(r.from_account), AccountKind.HOLDING)  # blocked or not: this is the bureau acting
    _kind(s.account(r.to_account), AccountKind.MANAGEMENT)
    return _move(TxKind.CLAWBACK, r.from_account, r.to_account, r.instrument, q)


def _transfer(s: Snapshot, r: Transfer, c: TransferControls) -> Transaction:
    q = whole_tonnes(r.quantity)
    if r.from_account == r.to_account:
        raise DomainError("source and destination are the same account", code="same_account")
    _kind(_unblocked(s.account(r.from_account)), AccountKind.HOLDING)
    _kind(_unblocked(s.account(r.to_account)), AccountKind.HOLDING)
    if c.second_approval_above_t is not None and q > c.second_approval_above_t:
        if not r.approved_by or r.approved_by == r.initiated_by:
            raise PermissionDenied(
                "this transfer needs a second, different approver",
                code="second_approval_required",
                details={"threshold_t": c.second_approval_above_t, "quantity": q},
            )
    if c.require_trusted_counterparty:
        if r.counterparty_trusted_since is None:
            raise PermissionDenied("destination is not a trusted counterparty", code="untrusted_counterparty")
        usable_from = add_workdays(r.counterparty_trusted_since, c.cooling_off_workdays)
        if r.on < usable_from:
            raise DomainError(
                "trusted counterparty is still in its cooling-off period",
                code="counterparty_cooling_off",
                details={"usable_from": usable_from.isoformat()},
            )
    return _move(TxKind.TRANSFER, r.from_account, r.to_account, r.instrument, q)


def _surrender(s: Snapshot, r: Surrender, _: TransferControls) -> Transaction:
    q = whole_tonnes(r.quantity)
    _kind(_unblocked(s.account(r.from_account)), AccountKind.HOLDING)
    _kind(s.account(r.to_account), AccountKind.SURRENDER)
    kind, rules = r.instrument.kind, r.rules
    if kind.is_allowance:
        if kind != rules.allowance_kind:
            raise DomainError(
                "this allowance does not count for this obligation", code="instrument_not_eligible"
            )
        # Banking is allowed (older vintages); borrowing from a future year is not.
        if r.instrument.vintage is None or r.instrument.vintage > rules.compliance_year:
            raise DomainError(
                "allowance vintage is later than the compliance year",
                code="wrong_vintage",
                details={"vintage": r.instrument.vintage, "compliance_year": rules.compliance_year},
            )
    elif kind not in rules.offset_kinds:
        raise DomainError("this credit is not accepted as an offset here", code="instrument_not_eligible")
    elif q > rules.offset_cap_remaining_t:
        raise DomainError(
            "offset cap exceeded",
            code="offset_cap_exceeded",
            details={"remaining_cap_t": rules.offset_cap_remaining_t, "quantity": q},
        )
    return _move(TxKind.SURRENDER, r.from_account, r.to_account, r.instrument, q)


def _cancel(s: Snapshot, r: Cancel, _: TransferControls) -> Transaction:
    q = whole_tonnes(r.quantity)
    _kind(_unblocked(s.account(r.from_account)), AccountKind.HOLDING)
    _kind(s.account(r.to_account), AccountKind.CANCELLATION)
    return _move(TxKind.CANCEL, r.from_account, r.to_account, r.instrument, q)


def _place_hold(s: Snapshot, r: PlaceHold, _: TransferControls) -> Transaction:
    hold = replace(r.hold, quantity=whole_tonnes(r.hold.quantity))
    if hold.id in s.holds:
        raise Conflict("a hold with this id already exists", code="duplicate_hold")
    account = _kind(s.account(hold.account_id), AccountKind.HOLDING)
    # A court or the bureau may freeze a blocked account; a voluntary pledge may not be created on one.
    if hold.kind is HoldKind.PLEDGE:
        _unblocked(account)
        if not hold.pledgee_id:
            raise DomainError("a pledge needs a pledgee", code="pledgee_required")
    return Transaction(TxKind.HOLD, hold_changes=(HoldChange(hold, hold.quantity),))


def _release(s: Snapshot, r: Release, _: TransferControls) -> Transaction:
    hold = _hold(s, r.hold_id)
    _authorised(hold, r.authority, r.requested_by)
    q = hold.quantity if r.quantity is None else whole_tonnes(r.quantity)
    _within_hold(hold, q)
    return Transaction(TxKind.RELEASE, hold_changes=(HoldChange(hold, -q),))


def _enforce(s: Snapshot, r: Enforce, _: TransferControls) -> Transaction:
    hold = _hold(s, r.hold_id)
    _authorised(hold, r.authority, r.requested_by)
    q = whole_tonnes(r.quantity)
    _within_hold(hold, q)
    allowed = (
        (AccountKind.HOLDING, AccountKind.SURRENDER)
        if hold.kind is not HoldKind.PLEDGE
        else (AccountKind.HOLDING,)
    )
    _kind(_unblocked(s.account(r.beneficiary_account)), *allowed)
    postings = (
        Posting(hold.account_id, hold.instrument, -q),
        Posting(r.beneficiary_account, hold.instrument, q),
    )
    return Transaction(TxKind.ENFORCE, postings, (HoldChange(hold, -q),))


def _reverse(s: Snapshot, r: Reverse, _: TransferControls) -> Transaction:
    if r.original.kind is TxKind.REVERSAL:
        raise DomainError(
            "a reversal is corrected by a new transaction, not reversed", code="cannot_reverse_reversal"
        )
    for p in r.original.postings:
        s.account(p.account_id)  # every account must be in the snapshot
    postings = tuple(Posting(p.account_id, p.instrument, -p.quantity) for p in r.original.postings)
    holds = tuple(HoldChange(c.hold, -c.delta) for c in r.original.hold_changes)
    return Transaction(TxKind.REVERSAL, postings, holds, reverses=r.original_id)


_HANDLERS = {
    Issue: _issue,
    Allocate: _allocate,
    Clawback: _clawback,
    Transfer: _transfer,
    Surrender: _surrender,
    Cancel: _cancel,
    PlaceHold: _place_hold,
    Release: _release,
    Enforce: _enforce,
    Reverse: _reverse,
}

# ---------------------------------------------------------------- checks


def _kind(account: Account, *allowed: AccountKind) -> Account:
    if account.kind not in allowed:
        raise DomainError(
            f"account {account.id} is a {account.kind} account",
            code="wrong_account_kind",
            details={"account": account.id, "kind": str(account.kind), "allowed": [str(a) for a in allowed]},
        )
    return account


def _unblocked(account: Account) -> Account:
    if account.blocked:
        raise DomainError(
            f"account {account.id} is blocked", code="account_blocked", details={"account": account.id}
        )
    return account


def _hold(s: Snapshot, hold_id: str) -> Hold:
    try:
        return s.holds[hold_id]
    except KeyError:
        raise NotFound(f"no open hold {hold_id}", code="hold_not_found") from None


def _within_hold(hold: Hold, quantity: int) -> None:
    if quantity > hold.quantity:
        raise DomainError(
            "more than the hold covers",
            code="exceeds_hold",
            details={"held": hold.quantity, "quantity": quantity},
        )


_AUTHORITY_FOR = {
    HoldKind.PLEDGE: Authority.PLEDGEE,
    HoldKind.JUDICIAL_FREEZE: Authority.COURT,
    HoldKind.ADMIN_HOLD: Authority.BUREAU,
}


def _authorised(hold: Hold, authority: Authority, requested_by: str) -> None:
    """Only whoever placed a hold's kind of encumbrance may lift or enforce it."""
    if hold.kind is HoldKind.PLEDGE and (
        authority is not Authority.PLEDGEE or requested_by != hold.pledgee_id
    ):
        raise PermissionDenied("only the pledgee may release or enforce this pledge", code="not_pledgee")
    if authority is not _AUTHORITY_FOR[hold.kind]:
        raise PermissionDenied(
            f"a {hold.kind} is lifted by the {_AUTHORITY_FOR[hold.kind]}", code="not_authorised"
        )


def _check_result(before: Snapshot, tx: Transaction) -> None:
    """The safety net every kind passes through: balanced postings and no negative availability."""
    totals: dict[Instrument, int] = {}
    for p in tx.postings:
        totals[p.instrument] = totals.get(p.instrument, 0) + p.quantity
    if any(totals.values()):  # a bug in a handler, never user input
        raise AssertionError(f"unbalanced transaction {tx}")
    after = apply(before, tx)
    touched = {(p.account_id, p.instrument) for p in tx.postings}
    touched |= {(c.hold.account_id, c.hold.instrument) for c in tx.hold_changes}
    if any(h.quantity < 0 for h in after.holds.values()):  # e.g. reversing a hold already released
        raise DomainError("hold already released", code="exceeds_hold")
    for account_id, instrument in sorted(touched, key=lambda k: (k[0], k[1].code)):
        if before.account(account_id).kind is AccountKind.ISSUANCE:
            continue  # runs negative by design, see the module docstring
        available = after.available(account_id, instrument)
        if available < 0:
            raise DomainError(
                "not enough available tonnes",
                code="insufficient_available",
                details={
                    "account": account_id,
                    "instrument": instrument.code,
                    "available": before.available(account_id, instrument),
                },
            )
