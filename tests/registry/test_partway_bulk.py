"""Bulk allocation and statement import failing part-way.

A bulk allocation fails at its very last write (the journal records, staged after the transactions, postings,
balances, newly opened accounts and the idempotency key are written): nothing is kept, the ledger still
verifies, and a retry under the same key allocates once (no phantom key replays a result that never
happened). A statement import fails while blocking its second account: no case, no discrepancy, no account
blocked.
"""

from __future__ import annotations

import pytest
from django.db import DatabaseError

from tanxin.common.identifiers import make_uscc
from tanxin.orgs.models import Organisation
from tanxin.registry import services, store
from tanxin.registry.models import (
    Account,
    Balance,
    Discrepancy,
    JournalEntry,
    Posting,
    ReconciliationCase,
    Transaction,
)
from tanxin.registry.verification import verify
from tests.race import fail_on_call

from .fixtures import build_registry

pytestmark = pytest.mark.django_db


@pytest.fixture
def reg(world):
    return build_registry(world)


def _ledger() -> tuple:
    return (Transaction.objects.count(), Posting.objects.count(), JournalEntry.objects.count(),
            Account.objects.count(), Account.history.count(),
            sorted(Balance.objects.values_list("account_id", "instrument_id", "quantity", "held")))  # fmt: skip


def _table(reg) -> list[dict]:
    newcomer = Organisation.objects.create(kind="enterprise", uscc=make_uscc("91", "440305", "KP000001"),
                                           name_zh="新纳入企业", jurisdiction=reg.a.jurisdiction)  # fmt: skip
    return [{"account": reg.a.number, "instrument": "SZA-2024", "quantity": "100"},
            {"uscc": reg.b.owner.uscc, "instrument": "SZA-2024", "quantity": "250"},
            {"uscc": newcomer.uscc, "instrument": "SZA-2024", "quantity": "40"}]  # fmt: skip


def test_a_bulk_allocation_failing_at_its_last_write_keeps_nothing_and_a_retry_allocates_once(reg, monkeypatch):
    admin, rows = reg.user("bureau_admin"), _table(reg)
    before = _ledger()
    calls = fail_on_call(monkeypatch, store, "append_pending", 1, DatabaseError("disk full"))
    with pytest.raises(DatabaseError):
        services.bulk_allocate(admin, reg.a.jurisdiction_id, rows, "true_up", reason="2024 true-up", key="tbl-1")
    assert calls[0] == 1 and _ledger() == before and verify().ok
    monkeypatch.undo()
    result = services.bulk_allocate(admin, reg.a.jurisdiction_id, rows, "true_up", reason="2024 true-up", key="tbl-1")
    assert (result["rows"], result["total"], result["opened"], result["replayed"]) == (3, 390, 1, False)
    assert verify().ok


def test_the_bulk_allocation_api_answers_a_part_way_failure_with_a_clear_error(reg, monkeypatch):
    import re

    from django.core.files.uploadedfile import SimpleUploadedFile

    rows = _table(reg)
    csv = "account,uscc,instrument,quantity\n" + "".join(
        f"{r.get('account', '')},{r.get('uscc', '')},{r['instrument']},{r['quantity']}\n" for r in rows)
    before = _ledger()
    fail_on_call(monkeypatch, store, "append_pending", 1, DatabaseError("disk full"))
    client = reg.world.client("bureau_admin")
    client.raise_request_exception = False
    response = client.post("/api/v1/registry/allocations/bulk", {
        "file": SimpleUploadedFile("table.csv", csv.encode()), "subtype": "true_up", "reason": "2024 true-up"},
        HTTP_IDEMPOTENCY_KEY="tbl-api-1")
    body = response.json()
    assert response.status_code == 500 and body["code"] == "server_error", body
    assert re.search(r"[\u4e00-\u9fff]", body["message"]), body
    assert _ledger() == before and verify().ok


def test_a_statement_import_failing_while_blocking_its_second_account_keeps_nothing(reg, monkeypatch):
    admin = reg.user("bureau_admin")
    services.allocate(admin, reg.b.pk, "SZA-2024", 300, "pre_allocation", reason="b")
    statement = "external_account,instrument,balance\nEXT-A,SZA-2024,4800\nEXT-B,SZA-2024,299\n"
    before = (_ledger(), ReconciliationCase.objects.count(), Discrepancy.objects.count())
    calls = fail_on_call(monkeypatch, Account, "save", 2, DatabaseError("disk full"))
    with pytest.raises(DatabaseError):
        services.import_statement(admin, reg.a.jurisdiction_id, "exchange 2024-06-30", statement)
    assert calls[0] == 2  # the case, its discrepancies and the first block were written
    assert (_ledger(), ReconciliationCase.objects.count(), Discrepancy.objects.count()) == before
    assert not Account.objects.filter(blocked=True).exists()
    monkeypatch.undo()
    case = services.import_statement(admin, reg.a.jurisdiction_id, "exchange 2024-06-30", statement)
    assert case.discrepancies.count() == 2 and Account.objects.filter(blocked=True).count() == 2
