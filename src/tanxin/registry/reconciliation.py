"""Reconciliation of the ledger against an external statement (exchange or authoritative registry).

The statement is a CSV ``external_account,instrument,balance``. A statement that names an account we
cannot map is refused outright (row report): reconciling half a statement would hide a problem.
Differences open a case and block every affected account until a person resolves it.
"""

from __future__ import annotations

import csv
import hashlib
import io
from dataclasses import dataclass
from typing import Any

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tanxin.common.errors import DomainError, NotFound, PermissionDenied
from tanxin.orgs import access
from tanxin.orgs.gate import principal_for
from tanxin.registry.domain.model import Instrument
from tanxin.registry.domain.reconcile import StatementRow, reconcile
from tanxin.registry.models import Account, Balance, Discrepancy, ReconciliationCase

COLUMNS = ("external_account", "instrument", "balance")


@dataclass(frozen=True)
class RowProblem:
    line: int
    column: str
    code: str  # missing_column | bad_balance | bad_instrument | unknown_account | duplicate_row
    value: str = ""


def parse_statement(text: str) -> tuple[list[StatementRow], list[RowProblem]]:
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    header = [h.strip() for h in reader.fieldnames or []]
    problems = [RowProblem(1, c, "missing_column") for c in COLUMNS if c not in header]
    if problems:
        return [], problems
    rows, seen = [], set()
    for line, raw in enumerate(reader, start=2):
        v = {(k or "").strip(): (val or "").strip() for k, val in raw.items()}
        ext, code, balance = v["external_account"], v["instrument"], v["balance"]
        try:
            code = Instrument.from_code(code).code
        except (ValueError, DomainError):
            problems.append(RowProblem(line, "instrument", "bad_instrument", code))
            continue
        if not balance.isdigit():
            problems.append(RowProblem(line, "balance", "bad_balance", balance))
            continue
        if (ext, code) in seen:
            problems.append(RowProblem(line, "external_account", "duplicate_row", ext))
            continue
        seen.add((ext, code))
        rows.append(StatementRow(ext, code, int(balance)))
    return rows, problems


def _staff_jurisdiction(user: Any, jurisdiction_id: int) -> None:
    principal = principal_for(user)
    if not access.is_staff_for(principal, jurisdiction_id):
        raise PermissionDenied(_("Only bureau staff of the jurisdiction may reconcile."))


def import_statement(user: Any, jurisdiction_id: int, name: str, text: str) -> ReconciliationCase | None:
    """Compare; returns the case opened (accounts blocked), or None when the statement matches."""
    _staff_jurisdiction(user, jurisdiction_id)
    rows, problems = parse_statement(text)
    accounts = {a.external_number: a for a in
                Account.objects.filter(jurisdiction_id=jurisdiction_id).exclude(external_number="")}  # fmt: skip
    problems += [RowProblem(n, "external_account", "unknown_account", r.external_account)
                 for n, r in enumerate(rows, start=2) if r.external_account not in accounts]  # fmt: skip
    if problems or not rows:
        raise DomainError(
            _("The statement was not imported: fix the rows listed."), code="statement_rejected",
            details={"rows": [{"line": p.line, "column": p.column, "code": p.code, "value": p.value}
                              for p in problems or [RowProblem(1, "", "empty_file")]]},
        )  # fmt: skip
    account_map = {ext: a.number for ext, a in accounts.items()}
    with transaction.atomic():
        qs = Account.objects.filter(pk__in=[a.pk for a in accounts.values()]).order_by("pk")
        if connection.vendor == "postgresql":
            qs = qs.select_for_update(no_key=True)
        locked = {a.number: a for a in qs}
        balances = Balance.objects.filter(account__in=locked.values()).select_related("account", "instrument")
        ledger = {(b.account.number, b.instrument.code): b.quantity for b in balances}
        found = reconcile(rows, ledger, account_map)
        if not found:
            return None
        case = ReconciliationCase.objects.create(
            jurisdiction_id=jurisdiction_id, statement_name=name[:200],
            statement_sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(), opened_by=user,
        )  # fmt: skip
        Discrepancy.objects.bulk_create([
            Discrepancy(case=case, kind=str(d.kind), external_account=d.external_account or "",
                        account=locked.get(d.account_id or ""), instrument=d.instrument or "",
                        statement_quantity=d.statement, ledger_quantity=d.ledger)
            for d in found
        ])  # fmt: skip
        for number in sorted({d.account_id for d in found if d.account_id}):
            account = locked[number]
            account.blocked = True
            account.blocked_reason = (_("Reconciliation case %(id)s") % {"id": case.pk})[:300]
            account._history_user = user
            account.save(update_fields=["blocked", "blocked_reason"])
    return case


def resolve_case(user: Any, case_id: int, resolution: str) -> ReconciliationCase:
    case = ReconciliationCase.objects.visible_to(user, "manage").filter(pk=case_id).first()
    if case is None:
        raise NotFound(_("Reconciliation case not found."))
    if case.status != ReconciliationCase.Status.OPEN:
        raise DomainError(_("This case is already resolved."), code="already_resolved")
    if not (resolution or "").strip():
        raise DomainError(_("Describe how the difference was resolved."), code="validation_error",
                          details={"resolution": [_("This field is required.")]})  # fmt: skip
    with transaction.atomic():
        case.status, case.resolution = ReconciliationCase.Status.RESOLVED, resolution.strip()
        case.resolved_by, case.resolved_at = user, timezone.now()
        case._history_user = user
        case.save()
        still_open = set(Discrepancy.objects.filter(case__status="open").exclude(account=None)
                         .values_list("account_id", flat=True))  # fmt: skip
        for account in Account.objects.filter(pk__in=case.discrepancies.exclude(account=None).values("account_id")):
            if account.pk not in still_open and account.blocked:
                account.blocked, account.blocked_reason = False, ""
                account._history_user = user
                account.save(update_fields=["blocked", "blocked_reason"])
    return case
