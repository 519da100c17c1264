"""Registry writes: accounts, issuance, allocation, transfer, surrender, cancellation, holds, reversal.

Every operation that moves tonnes goes through ``store.run`` (one transaction, idempotency key,
deadlock retry) and ``store.load`` / ``domain.ledger.decide`` / ``store.persist``. Permission is
checked here, before any lock is taken. Obligations, reconciliation and anchors are in
``registry.obligations``, ``registry.reconciliation`` and ``registry.verification``; they are
re-exported below so other modules call one place: ``tanxin.registry.services``.
"""

from __future__ import annotations

import secrets
import time
from typing import Any

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tanxin.common.errors import DomainError, NotFound, PermissionDenied
from tanxin.orgs import access
from tanxin.orgs.gate import principal_for
from tanxin.orgs.models import Jurisdiction, Organisation
from tanxin.registry import guarded, store
from tanxin.registry.bulk import bulk_allocate  # noqa: F401
from tanxin.registry.domain import ledger
from tanxin.registry.domain.model import Authority, HoldChange, HoldKind, Instrument, Posting, TxKind
from tanxin.registry.domain.model import Hold as DHold
from tanxin.registry.domain.model import Transaction as DTx
from tanxin.registry.errors import translate
from tanxin.registry.gate import can_change
from tanxin.registry.models import (
    Account,
    Certificate,
    Controls,
    Hold,
    Transaction,
    TransferRequest,
    TrustedCounterparty,
)
from tanxin.registry.models import Instrument as InstrumentRow
from tanxin.registry.obligations import (  # noqa: F401  (re-exported: the module's public API)
    obligation_for,
    record_verified_emissions,
    set_obligation,
    surrender_rules_for,
)
from tanxin.registry.reconciliation import import_statement, resolve_case  # noqa: F401
from tanxin.registry.verification import anchor_day, verify  # noqa: F401

BUREAU_KINDS = (Account.Kind.ISSUANCE, Account.Kind.MANAGEMENT, Account.Kind.SURRENDER, Account.Kind.CANCELLATION)
ALLOCATION_SUBTYPES = ("pre_allocation", "true_up")


# ---------------------------------------------------------------- instruments and accounts


_INSTRUMENTS: dict[str, InstrumentRow] = {}  # code → row; rows are never changed or deleted
_CONTROLS: dict[int, tuple[float, ledger.TransferControls]] = {}
CONTROLS_TTL_S = 5.0  # a changed threshold takes effect within seconds on every worker


def forget_caches() -> None:
    _INSTRUMENTS.clear()
    _CONTROLS.clear()


def instrument(code: str) -> InstrumentRow:
    """The instrument row for a code such as ``SZA-2024`` or ``CCER-P001-B1`` (created on first use)."""
    cached = _INSTRUMENTS.get(code)
    if cached is not None:
        return cached
    try:
        parsed = Instrument.from_code((code or "").strip())
    except (ValueError, DomainError) as exc:
        raise DomainError(_("Unknown or malformed instrument code."), code="bad_instrument",
                          details={"instrument": [_("Unknown or malformed instrument code.")]}) from exc  # fmt: skip
    row, _created = InstrumentRow.objects.get_or_create(
        code=parsed.code,
        defaults={"kind": str(parsed.kind), "vintage": parsed.vintage, "project": parsed.project or "",
                  "batch": parsed.batch or ""},
    )  # fmt: skip
    if not connection.in_atomic_block:  # only cache rows known to be committed
        _INSTRUMENTS[code] = row
    return row


def bureau_accounts(bureau: Organisation) -> dict[str, Account]:
    """The bureau's issuance, management, surrender and cancellation accounts (created if missing)."""
    result = {}
    for kind in BUREAU_KINDS:
        account, _c = Account.objects.get_or_create(
            jurisdiction=bureau.jurisdiction, kind=kind,
            defaults={"owner": bureau, "number": f"{bureau.jurisdiction.code}-BUREAU-{kind.upper()}"},
        )  # fmt: skip
        result[kind] = account
    return result


def bureau_account(jurisdiction_id: int, kind: str) -> Account:
    account = Account.objects.filter(jurisdiction_id=jurisdiction_id, kind=kind).first()
    if account is None:
        raise NotFound(_("The bureau has not opened its registry accounts yet."), code="no_bureau_account")
    return account


def holding_account(org: Organisation, jurisdiction: Jurisdiction | None = None, external_number: str = "") -> Account:
    """The organisation's holding account in ``jurisdiction`` (its own by default), opened if missing."""
    jurisdiction = jurisdiction or org.jurisdiction
    account, _created = Account.objects.get_or_create(
        owner=org, jurisdiction=jurisdiction, kind=Account.Kind.HOLDING,
        defaults={"number": f"{jurisdiction.code}-{org.uscc}", "external_number": external_number},
    )  # fmt: skip
    return account


def open_holding_account(user: Any, org_id: int, external_number: str = "", jurisdiction_id: int | None = None
                         ) -> Account:  # fmt: skip
    """An enterprise's account is opened in its own jurisdiction; a bank's or guarantor's (they are often
    registered at city level) in the registry of the bureau opening it."""
    principal = principal_for(user)
    org = Organisation.objects.filter(pk=org_id, kind__in=["enterprise", "bank", "guarantor"]).first()
    if org is None:
        raise NotFound(_("Organisation not found."))
    if org.kind == "enterprise":
        jurisdiction = org.jurisdiction
    else:
        bureau = Organisation.objects.filter(pk__in=principal.org_ids, kind="bureau").first()
        jurisdiction = Jurisdiction.objects.filter(pk=jurisdiction_id or (bureau and bureau.jurisdiction_id)).first()
    if jurisdiction is None or not access.is_staff_for(principal, jurisdiction.pk):
        raise PermissionDenied(_("Only bureau staff of the jurisdiction may open registry accounts."))
    with transaction.atomic():
        account = holding_account(org, jurisdiction, external_number=external_number)
        if external_number and account.external_number != external_number:
            account.external_number = external_number
            account._history_user = user
            account.save(update_fields=["external_number"])
    return account


def _account(user: Any, account_id: int, action: str) -> Account:
    account = Account.objects.visible_to(user, action).filter(pk=account_id).first()
    if account is None:
        if Account.objects.visible_to(user, "view").filter(pk=account_id).exists():
            raise PermissionDenied(_("You may not operate this account."))
        raise NotFound(_("Account not found."))
    return account


def _staff_of(user: Any, account: Account) -> None:
    principal = principal_for(user)
    if not access.is_staff_for(principal, account.jurisdiction_id):
        raise PermissionDenied(_("Only bureau staff of the jurisdiction may do this."))


def _require_reason(reason: str) -> str:
    if not (reason or "").strip():
        raise DomainError(_("Give a reason."), code="validation_error", details={"reason": [_("Give a reason.")]})
    return reason.strip()


# ---------------------------------------------------------------- the generic operation


def _execute(user, operation, content, key, account_ids, instruments, build, meta=None, after=None,
             holds=False, plain_move=False, peeked=None) -> dict:  # fmt: skip
    """Lock, snapshot, decide, persist; returns {"tx_id", "kind", ...}. ``build(loaded)`` makes the request.

    A ``plain_move`` (postings only, decided from the snapshot alone) is first tried on PostgreSQL's
    one-statement path (``registry.guarded``), which hands back to the locking path whenever it cannot be sure.
    """

    def decide(loaded: store.Loaded) -> store.Decided:
        request, controls = build(loaded)
        try:
            tx = ledger.decide(loaded.snapshot, request, controls)
        except DomainError as exc:
            raise translate(exc) from exc
        return store.Decided(tx, user, **(meta or {}))

    def work() -> dict:
        loaded = store.load(account_ids, instruments, holds=holds)
        row = store.persist(loaded, [decide(loaded)])[0]
        result = {"tx_id": row.tx_id, "kind": row.kind}
        if after is not None:
            result.update(after(row, loaded))
        return result

    if plain_move and after is None and not holds:
        done = guarded.attempt(user, operation, content, key, account_ids, instruments, decide, peeked)
        if done is not None:
            return done
    return store.run(user, operation, content, key, work)


def _q(quantity: Any) -> int:
    try:
        return ledger.whole_tonnes(quantity)
    except DomainError as exc:
        raise translate(exc) from exc


# ---------------------------------------------------------------- issuance and allocation


def issue(user, jurisdiction_id: int, instrument_code: str, quantity: int, reason: str, legal_basis: str = "",
          key: str | None = None) -> dict:  # fmt: skip
    """New units from the issuance account into the bureau's management account (the annual cap)."""
    q, inst = _q(quantity), instrument(instrument_code)
    iss, mgt = bureau_account(jurisdiction_id, "issuance"), bureau_account(jurisdiction_id, "management")
    _staff_of(user, mgt)
    reason = _require_reason(reason)
    content = {"instrument": inst.code, "quantity": q, "jurisdiction": jurisdiction_id, "reason": reason}
    return _execute(
        user, "issue", content, key, [iss.pk, mgt.pk], [inst],
        lambda ld: (ledger.Issue(iss.number, mgt.number, Instrument.from_code(inst.code), q), None),
        {"reason": reason, "legal_basis": legal_basis}, plain_move=True,
    )  # fmt: skip


def allocate(user, account_id: int, instrument_code: str, quantity: int, subtype: str, reason: str,
             legal_basis: str = "", key: str | None = None) -> dict:  # fmt: skip
    """Pre-allocation or true-up (management → holding), or claw-back (holding → management)."""
    q, inst = _q(quantity), instrument(instrument_code)
    target = _account(user, account_id, "manage")
    mgt = bureau_account(target.jurisdiction_id, "management")
    reason = _require_reason(reason)
    if subtype not in (*ALLOCATION_SUBTYPES, "clawback"):
        raise DomainError(_("Choose pre-allocation, true-up or claw-back."), code="validation_error",
                          details={"subtype": [_("Not one of the allowed values.")]})  # fmt: skip
    code = Instrument.from_code(inst.code)
    if subtype == "clawback":
        request = ledger.Clawback(target.number, mgt.number, code, q)
    else:
        request = ledger.Allocate(mgt.number, target.number, code, q)
    content = {"account": target.pk, "instrument": inst.code, "quantity": q, "subtype": subtype, "reason": reason}
    return _execute(user, f"allocate:{subtype}", content, key, [mgt.pk, target.pk], [inst],
                    lambda ld: (request, None),
                    {"reason": reason, "legal_basis": legal_basis, "subtype": subtype}, plain_move=True)  # fmt: skip


# ---------------------------------------------------------------- transfers


def controls_for(jurisdiction_id: int) -> ledger.TransferControls:
    cached = _CONTROLS.get(jurisdiction_id)
    if cached is not None and cached[0] > time.monotonic() and not connection.in_atomic_block:
        return cached[1]
    row = Controls.objects.filter(jurisdiction_id=jurisdiction_id).first() or Controls()
    controls = ledger.TransferControls(row.second_approval_above_t, row.require_trusted_counterparty,
                                       row.cooling_off_workdays)  # fmt: skip
    _CONTROLS[jurisdiction_id] = (time.monotonic() + CONTROLS_TTL_S, controls)
    return controls


def _destination(number_or_id: Any) -> Account:
    qs = Account.objects.filter(kind=Account.Kind.HOLDING)
    account = qs.filter(number=str(number_or_id)).first()
    if account is None and str(number_or_id).isdigit():
        account = qs.filter(pk=int(number_or_id)).first()
    if account is None:
        raise NotFound(_("Destination account not found."), code="unknown_account",
                       details={"to_account": [_("Destination account not found.")]})  # fmt: skip
    return account


TWO_ACCOUNTS = (
    "SELECT id, number, kind, owner_id, jurisdiction_id, blocked FROM registry_account "
    "WHERE id = %s OR (number = %s AND kind = 'holding')"
)


def _source_and_destination(user, from_account_id: int, to_account: Any, inst: InstrumentRow | None = None,
                            key: str | None = None) -> tuple[Account, Account, guarded.Peek | None]:  # fmt: skip
    """Both accounts in one statement, the gate's "change" rule applied to the source in Python
    (``gate.can_change``); anything unusual takes the slow path, which also words the refusal.
    On PostgreSQL the same statement reads the balances and the key for the one-statement path."""
    seen = None
    if guarded.usable() and inst is not None:
        seen = guarded.peek(user, key, [inst.pk], [int(from_account_id)], str(to_account))
        rows = list(seen.accounts.values())
    else:
        with connection.cursor() as cursor:
            cursor.execute(TWO_ACCOUNTS, [int(from_account_id), str(to_account)])
            rows = [store.account_row(*row) for row in cursor.fetchall()]
    source = next((a for a in rows if a.pk == int(from_account_id)), None)
    dest = next((a for a in rows if a.number == str(to_account) and a.kind == Account.Kind.HOLDING), None)
    if source is None or dest is None or not can_change(principal_for(user), source.kind, source.owner_id):
        return _account(user, from_account_id, "change"), _destination(to_account), None
    return source, dest, seen


def transfer(user, from_account_id: int, to_account: Any, instrument_code: str, quantity: int, reason: str = "",
             key: str | None = None) -> dict:  # fmt: skip
    """Transfer between holding accounts; above the threshold it waits for a second approver."""
    q, inst = _q(quantity), instrument(instrument_code)
    source, dest, seen = _source_and_destination(user, from_account_id, to_account, inst, key)
    controls = controls_for(source.jurisdiction_id)
    content = {"from": source.pk, "to": dest.pk, "instrument": inst.code, "quantity": q, "reason": reason}
    if controls.second_approval_above_t is not None and q > controls.second_approval_above_t:
        def pend() -> dict:
            # Check now what can be checked (availability, blocks, counterparty), then wait for approval.
            loaded = store.load([source.pk, dest.pk], [inst])
            _decide_transfer(loaded, source, dest, inst, q, user, None, controls, dry_run=True)
            request = TransferRequest.objects.create(from_account=source, to_account=dest, instrument=inst,
                                                     quantity=q, reason=reason[:500], initiated_by=user)  # fmt: skip
            return {"status": "pending", "transfer_request_id": request.pk}

        return store.run(user, "transfer", content, key, pend)
    result = _execute(
        user, "transfer", content, key, [source.pk, dest.pk], [inst],
        lambda ld: (_transfer_request(ld, source, dest, inst, q, user, None, controls), controls),
        {"reason": reason}, plain_move=True, peeked=seen,
    )  # fmt: skip
    return {**result, "status": "executed"}


def _transfer_request(loaded, source, dest, inst, q, user, approver, controls=None) -> ledger.Transfer:
    trusted = None
    if controls is None or controls.require_trusted_counterparty:
        trusted = TrustedCounterparty.objects.filter(account=source, counterparty=dest).first()
    return ledger.Transfer(
        source.number, dest.number, Instrument.from_code(inst.code), q, on=timezone.localdate(),
        initiated_by=str(user.pk), approved_by=str(approver.pk) if approver else None,
        counterparty_trusted_since=trusted.added_on if trusted else None,
    )  # fmt: skip


def _decide_transfer(loaded, source, dest, inst, q, user, approver, controls, dry_run=False):
    request = _transfer_request(loaded, source, dest, inst, q, user, approver, controls)
    if dry_run:  # everything but the approval
        controls = ledger.TransferControls(None, controls.require_trusted_counterparty, controls.cooling_off_workdays)
    try:
        return ledger.decide(loaded.snapshot, request, controls)
    except DomainError as exc:
        raise translate(exc) from exc


def approve_transfer(user, request_id: int, approve: bool = True, key: str | None = None) -> dict:
    """A second authorised person of the owner approves (executes) or rejects a pending transfer."""
    pending = TransferRequest.objects.visible_to(user, "change").filter(pk=request_id).first()
    if pending is None:
        raise NotFound(_("Transfer request not found."))
    if pending.initiated_by_id == user.pk:
        raise PermissionDenied(_("This transfer needs a second, different authorised person to approve it."),
                               code="second_approval_required")  # fmt: skip
    if pending.status != TransferRequest.Status.PENDING:
        raise DomainError(_("This transfer request has already been decided."), code="already_decided")
    source, dest, inst = pending.from_account, pending.to_account, pending.instrument
    controls = controls_for(source.jurisdiction_id)
    content = {"request": pending.pk, "approve": approve}

    def work() -> dict:
        # Approve and reject both lock the request and decide only a still-pending one, so a simultaneous
        # approval and rejection cannot both pass the check (a rejected request whose tonnes moved).
        locked = TransferRequest.objects.select_for_update().filter(
            pk=pending.pk, status=TransferRequest.Status.PENDING).first()  # fmt: skip
        if locked is None:
            raise DomainError(_("This transfer request has already been decided."), code="already_decided")
        if not approve:
            _decide_request(locked, user, TransferRequest.Status.REJECTED)
            return {"status": "rejected", "transfer_request_id": pending.pk}
        loaded = store.load([source.pk, dest.pk], [inst])
        tx = _decide_transfer(loaded, source, dest, inst, pending.quantity, pending.initiated_by, user, controls)
        row = store.persist(loaded, [store.Decided(tx, pending.initiated_by, reason=pending.reason,
                                                   approved_by=user)])[0]  # fmt: skip
        _decide_request(locked, user, TransferRequest.Status.EXECUTED, row)
        return {"status": "executed", "tx_id": row.tx_id, "kind": row.kind, "transfer_request_id": pending.pk}

    return store.run(user, "approve_transfer", content, key, work)


def _decide_request(request: TransferRequest, user: Any, status: str, tx: Transaction | None = None) -> None:
    """Record the decision on the locked row with a history entry naming who decided."""
    request.status, request.decided_by, request.tx = status, user, tx
    request._history_user = user
    request.save(update_fields=["status", "decided_by", "tx"])


def add_trusted_counterparty(user, account_id: int, counterparty: Any) -> TrustedCounterparty:
    source = _account(user, account_id, "change")
    dest = _destination(counterparty)
    if dest.pk == source.pk:
        raise DomainError(_("The source and destination are the same account."), code="same_account")
    row, _c = TrustedCounterparty.objects.get_or_create(account=source, counterparty=dest,
                                                        defaults={"added_by": user})  # fmt: skip
    return row


# ---------------------------------------------------------------- surrender and cancellation


def surrender(user, account_id: int, instrument_code: str, quantity: int, year: int, key: str | None = None) -> dict:
    q, inst = _q(quantity), instrument(instrument_code)
    source = _account(user, account_id, "change")
    sink = bureau_account(source.jurisdiction_id, "surrender")
    content = {"account": source.pk, "instrument": inst.code, "quantity": q, "year": year}

    def build(loaded):
        rules = surrender_rules_for(source, year)  # read under the account lock: offsets used so far
        return ledger.Surrender(source.number, sink.number, Instrument.from_code(inst.code), q, rules), None

    return _execute(user, "surrender", content, key, [source.pk, sink.pk], [inst], build,
                    {"compliance_year": year, "reason": _("Compliance surrender for %(year)s") % {"year": year}})


def cancel(user, account_id: int, instrument_code: str, quantity: int, beneficiary: str = "", purpose: str = "",
           key: str | None = None) -> dict:  # fmt: skip
    """Voluntary cancellation; returns the certificate code anyone can check on the public page."""
    q, inst = _q(quantity), instrument(instrument_code)
    source = _account(user, account_id, "change")
    sink = bureau_account(source.jurisdiction_id, "cancellation")
    content = {"account": source.pk, "instrument": inst.code, "quantity": q, "beneficiary": beneficiary,
               "purpose": purpose}  # fmt: skip

    def certify(row: Transaction, loaded) -> dict:
        cert = Certificate.objects.create(
            code=certificate_code(), tx=row, holder_name=source.owner.name_zh, beneficiary=beneficiary[:200],
            purpose=purpose[:300], instrument_code=inst.code, quantity=q,
        )  # fmt: skip
        return {"certificate_code": cert.code}

    return _execute(user, "cancel", content, key, [source.pk, sink.pk], [inst],
                    lambda ld: (ledger.Cancel(source.number, sink.number, Instrument.from_code(inst.code), q), None),
                    {"reason": purpose}, certify)  # fmt: skip


def certificate_code() -> str:
    raw = secrets.token_hex(6).upper()
    return f"TXC-{raw[:4]}-{raw[4:8]}-{raw[8:]}"


# ---------------------------------------------------------------- holds


def place_hold(user, account_id: int, instrument_code: str, quantity: int, kind: str, *, pledgee_id: int | None = None,
               references: dict[str, str] | None = None, reason: str = "", legal_basis: str = "",
               key: str | None = None) -> dict:  # fmt: skip
    """Pledge (bureau or the owner's admin; pledgee = a bank), judicial freeze or administrative hold (bureau)."""
    q, inst = _q(quantity), instrument(instrument_code)
    if kind not in Hold.Kind.values:
        raise DomainError(_("Unknown hold kind."), code="validation_error", details={"kind": [_("Unknown hold kind.")]})
    account = Account.objects.visible_to(user, "view").filter(pk=account_id).first()
    if account is None:
        raise NotFound(_("Account not found."))
    principal = principal_for(user)
    is_staff = access.is_staff_for(principal, account.jurisdiction_id)
    is_owner_admin = account.owner_id in principal.admin_org_ids()
    if not (is_staff or (kind == Hold.Kind.PLEDGE and is_owner_admin)):
        raise PermissionDenied(_("Only bureau staff may place this hold."))
    references = {str(k)[:40]: str(v)[:120] for k, v in (references or {}).items() if str(v).strip()}
    pledgee = None
    if kind == Hold.Kind.PLEDGE:
        pledgee = Organisation.objects.filter(pk=pledgee_id, kind__in=["bank", "guarantor"]).first()
        if pledgee is None:
            raise DomainError(_("A pledge needs a pledgee bank or guarantor."), code="pledgee_required",
                              details={"pledgee_id": [_("Choose a bank or guarantor.")]})  # fmt: skip
    else:
        reason = _require_reason(reason)
    ref = f"H{timezone.localdate():%Y%m%d}{secrets.token_hex(4).upper()}"
    content = {"account": account.pk, "instrument": inst.code, "quantity": q, "kind": kind,
               "pledgee": pledgee.pk if pledgee else None, "references": references, "reason": reason}  # fmt: skip
    hold = DHold(ref, account.number, Instrument.from_code(inst.code), q, HoldKind(kind),
                 str(pledgee.pk) if pledgee else None, references)  # fmt: skip
    return _execute(user, "hold", content, key, [account.pk], [inst],
                    lambda ld: (ledger.PlaceHold(hold), None),
                    {"reason": reason, "legal_basis": legal_basis, "subtype": kind,
                     "new_hold": {"pledgee_id": pledgee.pk if pledgee else None}},
                    lambda row, ld: {"hold_ref": ref})  # fmt: skip


def _authority(user, hold: Hold) -> tuple[Authority, str]:
    """Who is asking, in the domain's terms: the pledgee bank, the bureau, or the bureau recording a court order."""
    principal = principal_for(user)
    if hold.kind == Hold.Kind.PLEDGE:
        if hold.pledgee_id in principal.org_ids:
            return Authority.PLEDGEE, str(hold.pledgee_id)
        return Authority.BUREAU, "bureau"  # refused by the domain with a clear reason
    if not access.is_staff_for(principal, hold.account.jurisdiction_id):
        raise PermissionDenied(_("Only bureau staff may lift or enforce this hold."), code="not_authorised")
    if hold.kind == Hold.Kind.JUDICIAL_FREEZE:
        return Authority.COURT, "court"
    return Authority.BUREAU, "bureau"


def _visible_hold(user, hold_ref: str) -> Hold:
    hold = Hold.objects.visible_to(user, "view").select_related("account", "instrument").filter(ref=hold_ref).first()
    if hold is None:
        raise NotFound(_("There is no open hold with this number."), code="hold_not_found")
    return hold


def release_hold(user, hold_ref: str, quantity: int | None = None, reason: str = "", key: str | None = None) -> dict:
    hold = _visible_hold(user, hold_ref)
    authority, requested_by = _authority(user, hold)
    q = None if quantity in (None, "") else _q(quantity)
    content = {"hold": hold.ref, "quantity": q, "reason": reason}
    return _execute(user, "release", content, key, [hold.account_id], [hold.instrument],
                    lambda ld: (ledger.Release(hold.ref, authority, requested_by, q), None),
                    {"reason": reason, "subtype": hold.kind}, holds=True)  # fmt: skip


def enforce_hold(user, hold_ref: str, quantity: int, beneficiary_account: Any = None, reason: str = "",
                 legal_basis: str = "", key: str | None = None) -> dict:  # fmt: skip
    """Held tonnes move: a pledge to the pledgee's holding account, a freeze to the account the court names."""
    hold = _visible_hold(user, hold_ref)
    authority, requested_by = _authority(user, hold)
    q = _q(quantity)
    if hold.kind == Hold.Kind.PLEDGE and hold.pledgee_id:
        beneficiary = holding_account(hold.pledgee, hold.account.jurisdiction)
    elif beneficiary_account:
        beneficiary = Account.objects.filter(number=str(beneficiary_account)).first()
        if beneficiary is None:
            raise NotFound(_("Destination account not found."), code="unknown_account")
    else:
        beneficiary = bureau_account(hold.account.jurisdiction_id, "surrender")
    content = {"hold": hold.ref, "quantity": q, "beneficiary": beneficiary.number, "reason": reason}
    return _execute(user, "enforce", content, key, [hold.account_id, beneficiary.pk], [hold.instrument],
                    lambda ld: (ledger.Enforce(hold.ref, q, beneficiary.number, authority, requested_by), None),
                    {"reason": reason, "legal_basis": legal_basis, "subtype": hold.kind}, holds=True)  # fmt: skip


# ---------------------------------------------------------------- reversal


def reverse(user, tx_id: str, reason: str, key: str | None = None) -> dict:
    """A compensating transaction for an erroneous one (bureau staff); the original stays untouched."""
    original = Transaction.objects.filter(tx_id=tx_id).first()
    if original is None:
        raise NotFound(_("Transaction not found."))
    postings = list(original.postings.select_related("account", "instrument"))
    movements = list(original.hold_movements.select_related("hold__account", "hold__instrument"))
    accounts = {p.account for p in postings} | {m.hold.account for m in movements}
    principal = principal_for(user)
    if not accounts or not all(access.is_staff_for(principal, a.jurisdiction_id) for a in accounts):
        raise PermissionDenied(_("Only bureau staff of the jurisdiction may reverse a transaction."))
    if Transaction.objects.filter(reverses=original).exists():
        raise DomainError(_("This transaction has already been reversed."), code="already_reversed")
    reason = _require_reason(reason)
    instruments = {p.instrument_id for p in postings} | {m.hold.instrument_id for m in movements}

    def build(loaded):
        by_pk = {a.pk: a for a in loaded.accounts}
        dtx = DTx(
            TxKind(original.kind),
            tuple(Posting(by_pk[p.account_id].number, Instrument.from_code(p.instrument.code), p.quantity)
                  for p in postings),
            tuple(HoldChange(store.domain_hold(m.hold, by_pk, loaded.instruments), m.delta) for m in movements),
        )  # fmt: skip
        return ledger.Reverse(original.tx_id, dtx), None

    return _execute(user, "reverse", {"tx": original.tx_id, "reason": reason}, key, [a.pk for a in accounts],
                    instruments, build,
                    {"reason": reason, "reverses": original, "compliance_year": original.compliance_year},
                    holds=True)  # fmt: skip
