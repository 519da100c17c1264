"""Bulk allocation from an allocation table (CSV or XLSX): every row or none, with a row-by-row report.

Columns: ``account`` (registry account number) or ``uscc`` (the enterprise's credit code: its holding
account is opened if missing), ``instrument`` (e.g. ``SZA-2025``) and ``quantity`` (whole tonnes).
All rows become individual ledger transactions (each enterprise sees its own allocation), written in
one database transaction with bulk inserts so 10,000 rows take seconds, not minutes.

All or nothing includes the side rows: holding accounts for ``uscc`` rows are opened (with their history
records) inside the allocation's transaction, after the whole table validated, so a refused, failed or
killed run leaves no account behind. Files are held to the import caps (bytes and rows) of the shared
workbook reader, CSV included, and a refusal reports at most ``MAX_REPORTED`` row errors plus their count.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from tanxin.common.errors import DomainError, PermissionDenied
from tanxin.orgs import access
from tanxin.orgs.gate import principal_for
from tanxin.orgs.models import Jurisdiction, Organisation
from tanxin.registry import store
from tanxin.registry.domain import ledger
from tanxin.registry.domain.model import Instrument, Snapshot
from tanxin.registry.errors import translate
from tanxin.registry.models import Account
from tanxin.web import xlsx

SUBTYPES = ("pre_allocation", "true_up")
MAX_REPORTED = 100  # row errors listed in a refusal; the rest are counted (a 200,000-row file made 16.8 MB)
MAX_ROW_TONNES = 10**10  # twice the national market's yearly cap: above it a row is a typing slip, not business


@dataclass(frozen=True)
class RowError:
    line: int
    column: str
    code: str  # missing | bad_quantity | bad_instrument | unknown_account | duplicate_row | empty_file | more_errors
    value: str = ""


@dataclass(frozen=True)
class Target:
    """The account a row allocates to: an open one, or the holding account to open for ``owner``."""

    number: str
    account: Account | None = None
    owner: Organisation | None = None


def read_table(data: bytes) -> list[dict[str, Any]]:
    """Rows as dicts with lower-case header keys (and the file's line under ``xlsx.ROW``); XLSX (first sheet)
    or UTF-8 CSV, within the import caps; a file with no data rows is refused."""
    xlsx.check_size(len(data))
    if xlsx.is_xlsx(data):
        header, rows = xlsx.sheet_rows(data)
        keys = [str(h or "").strip().lower() for h in header]
        return [{xlsx.ROW: number, **{k: "" if v is None else str(v).strip()
                                      for k, v in zip(keys, values, strict=False) if k}}
                for number, values in rows]  # fmt: skip
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DomainError(_("The file is neither a UTF-8 CSV nor an Excel workbook."), code="invalid_file") from exc
    if "\x00" in text:
        raise xlsx.nul_refused(text[: text.index("\x00")].count("\n") + 1)
    rows = _csv_rows(text, xlsx.row_cap())
    if not rows:
        raise xlsx.no_data_rows()
    return rows


def _csv_rows(text: str, limit: int) -> list[dict[str, Any]]:
    reader = csv.DictReader(io.StringIO(text))
    rows: list[dict[str, Any]] = []
    try:
        for r in reader:
            row = {(k or "").strip().lower(): (v or "").strip() for k, v in r.items() if isinstance(v, str)}
            if not any(row.values()):
                continue
            if len(rows) >= limit:
                raise xlsx.too_many_rows(limit)
            rows.append({xlsx.ROW: reader.line_num, **row})
    except csv.Error as exc:  # a field past the size limit, a broken quote
        raise DomainError(_("The file is neither a UTF-8 CSV nor an Excel workbook."), code="invalid_file") from exc
    return rows


def _targets(jurisdiction_id: int, raw: list[dict[str, Any]]) -> tuple[dict[str, Target], dict[str, Target]]:
    """Open accounts by number, and by credit code (open, or to be opened) — reads only."""
    numbers = {str(r.get("account", "")) for r in raw} - {""}
    usccs = {str(r.get("uscc", "")).upper() for r in raw} - {""}
    accounts = Account.objects.filter(number__in=numbers, kind="holding", jurisdiction_id=jurisdiction_id)
    by_number = {a.number: Target(a.number, account=a) for a in accounts}
    orgs = {o.pk: o for o in Organisation.objects.filter(uscc__in=usccs, jurisdiction_id=jurisdiction_id)}
    held = {a.owner_id: a for a in Account.objects.filter(owner_id__in=orgs, kind="holding",
                                                          jurisdiction_id=jurisdiction_id)}  # fmt: skip
    code = Jurisdiction.objects.get(pk=jurisdiction_id).code if orgs else ""
    by_uscc = {}
    for pk, org in orgs.items():
        account = held.get(pk)
        by_uscc[org.uscc] = (Target(account.number, account=account) if account is not None
                             else Target(f"{code}-{org.uscc}", owner=org))  # fmt: skip
    return by_number, by_uscc


def _validate(jurisdiction_id: int, raw: list[dict[str, Any]]) -> tuple[list[tuple[Target, str, int]], list[RowError]]:
    errors: list[RowError] = []
    by_number, by_uscc = _targets(jurisdiction_id, raw)
    rows, seen = [], {}
    for position, r in enumerate(raw, start=2):
        line = int(r.get(xlsx.ROW) or position)
        number, uscc = str(r.get("account", "")), str(r.get("uscc", "")).upper()
        target = by_number.get(number) if number else by_uscc.get(uscc)
        if not (number or uscc):
            errors.append(RowError(line, "account", "missing"))
        elif target is None:
            errors.append(RowError(line, "account" if number else "uscc", "unknown_account", number or uscc))
        try:
            code = Instrument.from_code(str(r.get("instrument", ""))).code
        except (ValueError, DomainError):
            errors.append(RowError(line, "instrument", "bad_instrument", str(r.get("instrument", ""))[:40]))
            code = None
        text = str(r.get("quantity", ""))
        quantity = int(text) if text.isdigit() and 0 < int(text) <= MAX_ROW_TONNES else None
        if quantity is None:
            errors.append(RowError(line, "quantity", "bad_quantity", text[:40]))
        if target is not None and code is not None:
            if (target.number, code) in seen:
                errors.append(RowError(line, "account", "duplicate_row", f"= {seen[(target.number, code)]}"))
            seen[(target.number, code)] = line
            if quantity is not None:
                rows.append((target, code, quantity))
    if not raw:
        errors.append(RowError(1, "", "empty_file"))
    return rows, errors


def reported(errors: list[RowError]) -> list[dict]:
    """The first ``MAX_REPORTED`` errors, then one ``more_errors`` row counting the rest."""
    shown = [e.__dict__ for e in errors[:MAX_REPORTED]]
    if len(errors) > MAX_REPORTED:
        shown.append(RowError(errors[MAX_REPORTED].line, "", "more_errors", str(len(errors) - MAX_REPORTED)).__dict__)
    return shown


def _open_accounts(user: Any, jurisdiction_id: int, rows: list[tuple[Target, str, int]]) -> dict[str, Account]:
    """Open the missing holding accounts, with history records; call inside the allocation's transaction."""
    to_open = {t.number: t.owner for t, _c, _q in rows if t.account is None}
    if not to_open:
        return {}
    created = bulk_create_with_history(
        [Account(number=number, kind="holding", owner=owner, jurisdiction_id=jurisdiction_id)
         for number, owner in sorted(to_open.items())],
        Account, batch_size=2000, default_user=user, default_change_reason=_("Opened for a bulk allocation"),
    )  # fmt: skip
    return {a.number: a for a in created}


def bulk_allocate(user: Any, jurisdiction_id: int, raw: list[dict[str, Any]], subtype: str, reason: str,
                  legal_basis: str = "", key: str | None = None) -> dict:  # fmt: skip
    """Allocate every row from the management account, or nothing (``allocation_rejected`` with the rows)."""
    from tanxin.registry.services import bureau_account, instrument

    principal = principal_for(user)
    if not access.is_staff_for(principal, jurisdiction_id):
        raise PermissionDenied(_("Only bureau staff of the jurisdiction may allocate."))
    if subtype not in SUBTYPES:
        raise DomainError(_("Choose pre-allocation or true-up."), code="validation_error",
                          details={"subtype": [_("Not one of the allowed values.")]})  # fmt: skip
    if not (reason or "").strip():
        raise DomainError(_("Give a reason."), code="validation_error", details={"reason": [_("Give a reason.")]})
    if len(raw) > xlsx.row_cap():
        raise xlsx.too_many_rows(xlsx.row_cap())
    rows, errors = _validate(jurisdiction_id, raw)
    if errors:
        raise DomainError(_("Nothing was allocated: fix the rows listed."), code="allocation_rejected",
                          details={"rows": reported(errors), "errors": len(errors)})  # fmt: skip
    mgt = bureau_account(jurisdiction_id, "management")
    instruments = {code: instrument(code) for code in {c for _t, c, _q in rows}}
    content = {"jurisdiction": jurisdiction_id, "subtype": subtype, "reason": reason,
               "rows": sorted([t.number, c, q] for t, c, q in rows)}  # fmt: skip

    def work() -> dict:
        opened = _open_accounts(user, jurisdiction_id, rows)
        accounts = [(t.account or opened[t.number], c, q) for t, c, q in rows]
        loaded = store.load([mgt.pk, *(a.pk for a, _c, _q in accounts)], [i.pk for i in instruments.values()])
        snap = loaded.snapshot
        mgt_account = snap.account(mgt.number)
        running = {c: snap.balance(mgt.number, Instrument.from_code(c)) for c in instruments}
        decided = []
        for account, code, quantity in accounts:
            inst = Instrument.from_code(code)
            # A two-account snapshot per row keeps this linear; the management balance runs down as we go.
            small = Snapshot({mgt.number: mgt_account, account.number: snap.account(account.number)},
                             {(mgt.number, inst): running[code]})  # fmt: skip
            try:
                tx = ledger.decide(small, ledger.Allocate(mgt.number, account.number, inst, quantity))
            except DomainError as exc:
                raise translate(exc) from exc
            running[code] -= quantity
            decided.append(store.Decided(tx, user, reason=reason, legal_basis=legal_basis, subtype=subtype))
        store.persist(loaded, decided)
        return {"rows": len(decided), "total": sum(q for _a, _c, q in accounts), "opened": len(opened)}

    return store.run(user, f"bulk_allocate:{subtype}", content, key, work)
