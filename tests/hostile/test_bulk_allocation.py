"""Bulk allocation under hostile files: capped like every import, all or nothing including the accounts it
opens, and a bounded report however bad the file."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tanxin.common.errors import DomainError
from tanxin.common.identifiers import make_uscc
from tanxin.orgs.models import Organisation
from tanxin.registry import services
from tanxin.registry.bulk import MAX_REPORTED, read_table
from tanxin.registry.models import Account, Transaction
from tanxin.registry.verification import verify
from tests.hostile.workbooks import far_reaching, honest, rewrite_sheet
from tests.registry.fixtures import build_registry


@pytest.fixture
def reg(world):
    return build_registry(world)


def _newcomers(reg, n: int) -> list[Organisation]:
    """Enterprises of the bureau's district without a registry account yet."""
    return Organisation.objects.bulk_create([
        Organisation(kind="enterprise", uscc=make_uscc("91", "440305", f"H{i:07d}"), name_zh=f"新企业{i}",
                     jurisdiction=reg.a.jurisdiction)
        for i in range(n)
    ])  # fmt: skip


def _allocate(reg, rows, **kwargs):
    return services.bulk_allocate(reg.user("bureau_admin"), reg.a.jurisdiction_id, rows, "pre_allocation",
                                  reason="2024 table", **kwargs)  # fmt: skip


def _refusal(fn, *args, **kwargs) -> DomainError:
    with pytest.raises(DomainError) as caught:
        fn(*args, **kwargs)
    return caught.value


def test_a_refused_table_opens_no_account(reg):
    new = _newcomers(reg, 2)
    accounts = Account.objects.count()
    rows = [{"uscc": new[0].uscc, "instrument": "SZA-2024", "quantity": "10"},
            {"uscc": new[1].uscc, "instrument": "SZA-2024", "quantity": "abc"}]  # fmt: skip
    error = _refusal(_allocate, reg, rows)
    assert error.code == "allocation_rejected"
    assert Account.objects.count() == accounts
    assert not Account.history.filter(owner__in=new).exists()


def test_a_table_that_fails_while_writing_leaves_no_account_behind(reg):
    """Validation passes, then the management account runs dry half-way: the accounts opened go back too."""
    new = _newcomers(reg, 3)
    accounts, transactions = Account.objects.count(), Transaction.objects.count()
    rows = [{"uscc": o.uscc, "instrument": "SZA-2024", "quantity": "40000"} for o in new]  # cap 100,000 − 5,000
    error = _refusal(_allocate, reg, rows)
    assert error.code == "insufficient_available"
    assert (Account.objects.count(), Transaction.objects.count()) == (accounts, transactions)
    assert not Account.history.filter(owner__in=new).exists()
    assert verify().ok


def test_accounts_opened_by_an_allocation_have_their_history_record(reg):
    new = _newcomers(reg, 2)
    result = _allocate(reg, [{"uscc": o.uscc, "instrument": "SZA-2024", "quantity": "5"} for o in new])
    assert result["rows"] == 2 and result["opened"] == 2
    for org in new:
        account = Account.objects.get(owner=org, kind="holding")
        record = account.history.get()
        assert record.history_type == "+" and record.history_user == reg.user("bureau_admin")
    assert verify().ok


def test_a_replayed_allocation_opens_nothing_twice(reg):
    new = _newcomers(reg, 1)
    rows = [{"uscc": new[0].uscc, "instrument": "SZA-2024", "quantity": "5"}]
    first = _allocate(reg, rows, key="table-1")
    again = _allocate(reg, rows, key="table-1")
    assert again["replayed"] and again["rows"] == first["rows"]
    assert Account.objects.filter(owner=new[0]).count() == 1 and Account.history.filter(owner=new[0]).count() == 1


def test_a_hopeless_file_gets_a_bounded_report_that_counts_the_rest(reg):
    rows = [{"account": reg.b.number, "instrument": "SZA-2024", "quantity": "x"} for _ in range(250)]
    error = _refusal(_allocate, reg, rows)
    listed = error.details["rows"]
    assert len(listed) == MAX_REPORTED + 1 and error.details["errors"] == 250 * 2 - 1  # bad quantity + duplicates
    assert listed[-1]["code"] == "more_errors" and listed[-1]["value"] == str(250 * 2 - 1 - MAX_REPORTED)


def test_a_table_longer_than_the_row_cap_is_refused_before_validation(reg, settings):
    settings.TANXIN_IMPORT_MAX_ROWS = 50
    body = "account,instrument,quantity\n" + f"{reg.b.number},SZA-2024,1\n" * 51
    assert _refusal(read_table, body.encode()).code == "too_many_rows"
    rows = [{"account": reg.b.number, "instrument": "SZA-2024", "quantity": "1"}] * 51
    assert _refusal(_allocate, reg, rows).code == "too_many_rows"


def test_a_table_over_the_byte_cap_is_refused_csv_and_workbook_alike(settings):
    settings.TANXIN_IMPORT_MAX_BYTES = 1_000
    assert _refusal(read_table, b"account,instrument,quantity\n" + b"X,SZA-2024,1\n" * 100).code == "too_large"
    workbook = honest([["account", "instrument", "quantity"]] + [["X", "SZA-2024", 1]] * 100)
    assert _refusal(read_table, workbook).code == "too_large"


@pytest.mark.parametrize("body", [b"account,instrument,quantity\n", b"account,instrument,quantity\n,,\n ,\n"])
def test_a_csv_with_no_data_rows_is_refused(body):
    assert _refusal(read_table, body).code == "empty_file"


def test_a_workbook_with_no_data_rows_is_refused():
    assert _refusal(read_table, honest([["account", "instrument", "quantity"]])).code == "empty_file"


MONSTER_FIELD = b'account,quantity\n"' + b"x" * 200_000 + b'",1\n'


@pytest.mark.parametrize("body", [b"account,quantity\nA\x00B,1\n", MONSTER_FIELD])
def test_a_csv_with_nul_or_a_monster_field_is_refused_as_invalid(body):
    assert _refusal(read_table, body).code == "invalid_file"


def test_a_workbook_cell_smuggling_nul_is_refused_as_damaged():
    workbook = rewrite_sheet(honest([["account", "instrument", "quantity"], ["AB", "SZA-2024", 1]]),
                             lambda xml: xml.replace("<t>AB</t>", "<t>A&#0;B</t>"))  # fmt: skip
    assert _refusal(read_table, workbook).code == "invalid_file"


def test_rows_are_reported_on_the_line_the_user_sees(reg):
    csv_rows = read_table(b"account,instrument,quantity\n\n" + f"{reg.b.number},SZA-2024,abc\n".encode())
    workbook = far_reaching([["account", "instrument", "quantity"], [reg.b.number, "SZA-2024", "-3"]],
                            last_row=1_048_576)  # fmt: skip
    for rows, line in ((csv_rows, 3), (read_table(workbook), 2)):
        error = _refusal(_allocate, reg, rows)
        assert [(r["line"], r["code"]) for r in error.details["rows"]] == [(line, "bad_quantity")]


def test_a_quantity_beyond_any_cap_is_a_bad_quantity_not_a_server_error(reg):
    error = _refusal(_allocate, reg, [{"account": reg.b.number, "instrument": "SZA-2024", "quantity": str(2**63)}])
    assert [r["code"] for r in error.details["rows"]] == ["bad_quantity"]


def test_the_allocation_page_lists_the_first_errors_and_says_more_exist(reg):
    content = b"account,instrument,quantity\n" + f"{reg.b.number},SZA-2024,x\n".encode() * 150
    response = reg.world.client("bureau_admin").post("/registry/allocation/", {
        "action": "bulk", "b-file": SimpleUploadedFile("t.csv", content), "b-subtype": "pre_allocation",
        "b-reason": "2024", "b-idempotency_key": "bulk-hostile",
    })  # fmt: skip
    page = response.content.decode()
    assert response.status_code == 400
    assert page.count('class="reason"') == MAX_REPORTED + 1 and "more_errors" not in page
    assert "还有更多行有错误" in page
