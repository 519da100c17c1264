"""The registry's service layer on a real database: every operation, its refusals, and its invariants."""

from decimal import Decimal

import pytest
from django.db import DatabaseError, connection, transaction
from django.db.models import Sum

from tanxin.common.errors import Conflict, DomainError, NotFound, PermissionDenied
from tanxin.registry import services
from tanxin.registry.models import Account, Balance, Certificate, Controls, Hold, JournalEntry, Posting, Transaction
from tanxin.registry.verification import anchor_day, verify

from .fixtures import build_registry

pytestmark = pytest.mark.django_db


def bal(account: Account, code: str = "SZA-2024") -> tuple[int, int]:
    row = Balance.objects.filter(account=account, instrument__code=code).first()
    return (row.quantity, row.held) if row else (0, 0)


@pytest.fixture
def reg(world):
    return build_registry(world)


def test_issue_and_allocate_move_tonnes_with_balanced_postings(reg):
    assert bal(reg.a) == (5000, 0)
    assert bal(reg.bureau["management"]) == (95_000, 0)
    assert bal(reg.bureau["issuance"]) == (-100_000, 0)
    for tx in Transaction.objects.all():
        assert sum(p.quantity for p in tx.postings.all()) == 0
    assert Posting.objects.aggregate(s=Sum("quantity"))["s"] == 0
    assert verify().ok


def test_a_transfer_moves_tonnes_and_is_journalled(reg):
    result = services.transfer(reg.user("enterprise_a"), reg.a.pk, reg.b.number, "SZA-2024", 1200, reason="sale")
    assert result["status"] == "executed"
    assert bal(reg.a) == (3800, 0) and bal(reg.b) == (1200, 0)
    tx = Transaction.objects.get(tx_id=result["tx_id"])
    assert tx.actor == reg.user("enterprise_a") and tx.reason == "sale"
    assert JournalEntry.objects.filter(payload__contains=result["tx_id"]).count() == 1
    assert verify().ok


@pytest.mark.parametrize("quantity", [0, -5, Decimal("1.5"), "abc", 1.5])
def test_negative_zero_or_fractional_tonnes_are_refused(reg, quantity):
    with pytest.raises(DomainError) as exc:
        services.transfer(reg.user("enterprise_a"), reg.a.pk, reg.b.number, "SZA-2024", quantity)
    assert exc.value.code in {"not_whole_tonnes", "not_positive"}


def test_more_than_available_is_refused_and_nothing_is_recorded(reg):
    before = Transaction.objects.count()
    with pytest.raises(DomainError) as exc:
        services.transfer(reg.user("enterprise_a"), reg.a.pk, reg.b.number, "SZA-2024", 5001)
    assert exc.value.code == "insufficient_available"
    assert Transaction.objects.count() == before and bal(reg.a) == (5000, 0)


def test_only_the_owners_admin_may_transfer(reg):
    for persona in ("enterprise_b", "bank_with_consent", "bureau_officer"):
        with pytest.raises((PermissionDenied, NotFound)):
            services.transfer(reg.user(persona), reg.a.pk, reg.b.number, "SZA-2024", 10)


def test_held_tonnes_cannot_be_transferred_and_the_pledgee_releases_them(reg):
    bank = reg.world.orgs["bank_with_consent"]
    hold = services.place_hold(reg.user("bureau_officer"), reg.a.pk, "SZA-2024", 4000, "pledge", pledgee_id=bank.pk,
                               references={"registration_no": "PBOC-2024-001"})  # fmt: skip
    assert bal(reg.a) == (5000, 4000)
    with pytest.raises(DomainError) as exc:
        services.transfer(reg.user("enterprise_a"), reg.a.pk, reg.b.number, "SZA-2024", 1001)
    assert exc.value.code == "insufficient_available"
    with pytest.raises(PermissionDenied) as exc:
        services.release_hold(reg.user("bureau_admin"), hold["hold_ref"])
    assert exc.value.code == "not_pledgee"
    with pytest.raises(NotFound):
        services.release_hold(reg.user("bank_without_consent"), hold["hold_ref"])
    services.release_hold(reg.user("bank_with_consent"), hold["hold_ref"], 1000)
    assert bal(reg.a) == (5000, 3000)
    assert Hold.objects.get(ref=hold["hold_ref"]).status == "open"


def test_enforcing_a_pledge_moves_held_tonnes_to_the_pledgee(reg):
    bank = reg.world.orgs["bank_with_consent"]
    hold = services.place_hold(reg.user("enterprise_a"), reg.a.pk, "SZA-2024", 2000, "pledge", pledgee_id=bank.pk)
    services.enforce_hold(reg.user("bank_with_consent"), hold["hold_ref"], 2000, reason="default")
    assert bal(reg.a) == (3000, 0) and bal(reg.bank) == (2000, 0)
    assert Hold.objects.get(ref=hold["hold_ref"]).status == "enforced"
    assert verify().ok


def test_a_judicial_freeze_is_placed_and_lifted_by_the_bureau_only(reg):
    with pytest.raises(PermissionDenied):
        services.place_hold(reg.user("enterprise_a"), reg.a.pk, "SZA-2024", 10, "judicial_freeze", reason="x")
    hold = services.place_hold(reg.user("bureau_admin"), reg.a.pk, "SZA-2024", 500, "judicial_freeze",
                               reason="court order", references={"ruling": "(2024)粤0305执123号"})  # fmt: skip
    with pytest.raises(PermissionDenied):
        services.release_hold(reg.user("bank_with_consent"), hold["hold_ref"])
    services.release_hold(reg.user("bureau_admin"), hold["hold_ref"], reason="court lifted")
    assert bal(reg.a) == (5000, 0)


def test_large_transfers_wait_for_a_second_different_approver(reg):
    from tanxin.orgs.models import Membership, User

    Controls.objects.create(jurisdiction=reg.a.jurisdiction, second_approval_above_t=1000)
    second = User.objects.create_user("a_second_admin", password="x" * 12)
    Membership.objects.create(user=second, organisation=reg.a.owner, role="admin")
    pending = services.transfer(reg.user("enterprise_a"), reg.a.pk, reg.b.number, "SZA-2024", 1500)
    assert pending["status"] == "pending" and bal(reg.b) == (0, 0)
    with pytest.raises(PermissionDenied):
        services.approve_transfer(reg.user("enterprise_a"), pending["transfer_request_id"])
    done = services.approve_transfer(second, pending["transfer_request_id"])
    assert done["status"] == "executed" and bal(reg.b) == (1500, 0)
    assert Transaction.objects.get(tx_id=done["tx_id"]).approved_by == second


def test_trusted_counterparty_list_and_cooling_off(reg):
    Controls.objects.create(jurisdiction=reg.a.jurisdiction, second_approval_above_t=None,
                            require_trusted_counterparty=True)  # fmt: skip
    with pytest.raises(PermissionDenied) as exc:
        services.transfer(reg.user("enterprise_a"), reg.a.pk, reg.b.number, "SZA-2024", 10)
    assert exc.value.code == "untrusted_counterparty"
    services.add_trusted_counterparty(reg.user("enterprise_a"), reg.a.pk, reg.b.number)
    with pytest.raises(DomainError) as exc:
        services.transfer(reg.user("enterprise_a"), reg.a.pk, reg.b.number, "SZA-2024", 10)
    assert exc.value.code == "counterparty_cooling_off"


def test_surrender_needs_an_obligation_and_respects_vintage_and_offset_cap(reg):
    admin, ent = reg.user("bureau_admin"), reg.user("enterprise_a")
    with pytest.raises(DomainError) as exc:
        services.surrender(ent, reg.a.pk, "SZA-2024", 100, 2024)
    assert exc.value.code == "no_obligation"
    services.set_obligation(admin, reg.a.owner_id, 2024, 3000, reason="verified report 2024")
    services.surrender(ent, reg.a.pk, "SZA-2024", 2000, 2024)
    with pytest.raises(DomainError) as exc:
        services.surrender(ent, reg.a.pk, "SZA-2024", 100, 2023)  # vintage 2024 for a 2023 obligation
    assert exc.value.code in {"wrong_vintage", "no_obligation"}
    services.issue(admin, reg.a.jurisdiction_id, "CCER-P001-B1", 1000, reason="mirror of CCER holdings")
    services.allocate(admin, reg.a.pk, "CCER-P001-B1", 1000, "pre_allocation", reason="mirror")
    services.surrender(ent, reg.a.pk, "CCER-P001-B1", 300, 2024)  # cap is 10 % of 3,000 t
    with pytest.raises(DomainError) as exc:
        services.surrender(ent, reg.a.pk, "CCER-P001-B1", 1, 2024)
    assert exc.value.code == "offset_cap_exceeded"
    assert bal(reg.bureau["surrender"]) == (2000, 0)


def test_voluntary_cancellation_issues_a_checkable_certificate(reg):
    result = services.cancel(
        reg.user("enterprise_a"), reg.a.pk, "SZA-2024", 50, beneficiary="2025 年会", purpose="碳中和"
    )
    cert = Certificate.objects.get(code=result["certificate_code"])
    assert cert.quantity == 50 and cert.instrument_code == "SZA-2024"
    assert bal(reg.bureau["cancellation"]) == (50, 0)


def test_a_reversal_compensates_and_cannot_be_repeated(reg):
    tx = Transaction.objects.get(kind="allocate")
    services.reverse(reg.user("bureau_admin"), tx.tx_id, reason="wrong enterprise")
    assert bal(reg.a) == (0, 0)
    with pytest.raises(DomainError):
        services.reverse(reg.user("bureau_admin"), tx.tx_id, reason="again")
    with pytest.raises(PermissionDenied):
        services.reverse(reg.user("enterprise_a"), Transaction.objects.get(kind="issue").tx_id, reason="x")
    assert verify().ok


def test_idempotency_replays_the_first_result_and_refuses_a_changed_request(reg):
    user = reg.user("enterprise_a")
    first = services.transfer(user, reg.a.pk, reg.b.number, "SZA-2024", 10, key="k-1")
    again = services.transfer(user, reg.a.pk, reg.b.number, "SZA-2024", 10, key="k-1")
    assert again["tx_id"] == first["tx_id"] and again["replayed"] and not first["replayed"]
    assert bal(reg.b) == (10, 0)
    with pytest.raises(Conflict):
        services.transfer(user, reg.a.pk, reg.b.number, "SZA-2024", 11, key="k-1")


def test_entries_are_append_only_in_the_database(reg):
    for table in ("registry_posting", "registry_journalentry", "registry_transaction"):
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(f"UPDATE {table} SET id = id")
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {table}")


def _disable_trigger(cursor) -> None:
    """What an attacker with DDL rights would do first (rolled back with the test transaction)."""
    if connection.vendor == "postgresql":
        cursor.execute("ALTER TABLE registry_journalentry DISABLE TRIGGER registry_journalentry_append_only")
    else:
        cursor.execute("DROP TRIGGER registry_journalentry_no_update")


def test_registry_verify_catches_one_flipped_byte_in_the_journal(reg):
    from django.core.management import CommandError, call_command

    services.transfer(reg.user("enterprise_a"), reg.a.pk, reg.b.number, "SZA-2024", 1200)
    anchor_day()
    call_command("registry_verify")
    entry = JournalEntry.objects.filter(kind="tx").order_by("seq")[1]
    tampered = entry.payload.replace('"quantity":5000', '"quantity":5001')
    assert tampered != entry.payload
    with connection.cursor() as cursor:
        _disable_trigger(cursor)
        cursor.execute("UPDATE registry_journalentry SET payload = %s WHERE id = %s", [tampered, entry.pk])
    report = verify()
    assert not report.ok
    assert any("hash chain broken" in p for p in report.problems)
    with pytest.raises(CommandError):
        call_command("registry_verify")


def test_projection_drift_is_reported(reg):
    Balance.objects.filter(account=reg.a).update(quantity=4999)
    report = verify()
    assert not report.ok and any("drift" in p for p in report.problems)


def test_a_statement_with_differences_opens_a_case_and_blocks_the_account(reg):
    admin = reg.user("bureau_admin")
    statement = "external_account,instrument,balance\nEXT-A,SZA-2024,4800\nEXT-B,SZA-2024,0\n"
    case = services.import_statement(admin, reg.a.jurisdiction_id, "exchange 2024-06-30", statement)
    assert case is not None and case.discrepancies.count() == 1
    reg.a.refresh_from_db()
    assert reg.a.blocked
    with pytest.raises(DomainError) as exc:
        services.transfer(reg.user("enterprise_a"), reg.a.pk, reg.b.number, "SZA-2024", 1)
    assert exc.value.code == "account_blocked"
    services.resolve_case(admin, case.pk, "exchange corrected its statement")
    reg.a.refresh_from_db()
    assert not reg.a.blocked
    services.transfer(reg.user("enterprise_a"), reg.a.pk, reg.b.number, "SZA-2024", 1)


def test_a_statement_with_an_unknown_account_is_refused_whole(reg):
    statement = "external_account,instrument,balance\nEXT-A,SZA-2024,5000\nEXT-ZZZ,SZA-2024,1\n"
    with pytest.raises(DomainError) as exc:
        services.import_statement(reg.user("bureau_admin"), reg.a.jurisdiction_id, "s", statement)
    assert exc.value.code == "statement_rejected"
    assert exc.value.details["rows"][0]["code"] == "unknown_account"


def test_a_matching_statement_opens_no_case(reg):
    statement = "external_account,instrument,balance\nEXT-A,SZA-2024,5000\n"
    assert services.import_statement(reg.user("bureau_admin"), reg.a.jurisdiction_id, "s", statement) is None


def test_bulk_allocation_is_all_or_nothing_with_a_row_report(reg):
    admin = reg.user("bureau_admin")
    bad = [
        {"account": reg.a.number, "instrument": "SZA-2024", "quantity": "100"},
        {"uscc": reg.b.owner.uscc, "instrument": "SZA-2024", "quantity": "1.5"},
        {"account": "NOPE", "instrument": "XYZ", "quantity": "5"},
    ]
    with pytest.raises(DomainError) as exc:
        services.bulk_allocate(admin, reg.a.jurisdiction_id, bad, "pre_allocation", reason="2024 table")
    codes = {(r["line"], r["code"]) for r in exc.value.details["rows"]}
    assert codes == {(3, "bad_quantity"), (4, "unknown_account"), (4, "bad_instrument")}
    assert bal(reg.a) == (5000, 0)
    good = [bad[0], {"uscc": reg.b.owner.uscc, "instrument": "SZA-2024", "quantity": "250"}]
    result = services.bulk_allocate(admin, reg.a.jurisdiction_id, good, "true_up", reason="2024 true-up")
    assert result["rows"] == 2 and bal(reg.a) == (5100, 0) and bal(reg.b) == (250, 0)
    assert verify().ok


def test_bulk_allocation_reads_xlsx(reg):
    import io

    from openpyxl import Workbook

    from tanxin.registry.bulk import read_table

    wb = Workbook()
    wb.active.append(["account", "instrument", "quantity"])
    wb.active.append([reg.b.number, "SZA-2024", 7])
    buffer = io.BytesIO()
    wb.save(buffer)
    rows = read_table(buffer.getvalue())
    assert rows == [{"_row": 2, "account": reg.b.number, "instrument": "SZA-2024", "quantity": "7"}]


def test_a_bulk_allocation_large_enough_for_the_copy_path_verifies(reg):
    from tanxin.common.identifiers import make_uscc
    from tanxin.orgs.models import Organisation

    orgs = Organisation.objects.bulk_create([
        Organisation(kind="enterprise", uscc=make_uscc("91", "440305", f"K{i:07d}"), name_zh=f"批量{i}",
                     jurisdiction=reg.a.jurisdiction)
        for i in range(250)
    ])  # fmt: skip
    rows = [{"uscc": o.uscc, "instrument": "SZA-2024", "quantity": "3"} for o in orgs]
    result = services.bulk_allocate(reg.user("bureau_admin"), reg.a.jurisdiction_id, rows, "pre_allocation",
                                    reason="large table")  # fmt: skip
    assert result["rows"] == 250
    assert Balance.objects.filter(account__owner__in=orgs, quantity=3).count() == 250
    assert verify().ok
