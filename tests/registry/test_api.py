"""The registry and market API: idempotency keys, status codes, the error format, and who may call what."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tanxin.registry import services
from tanxin.registry.models import Balance
from tests.personas import PERSONAS, check_matrix

from .fixtures import build_registry

pytestmark = pytest.mark.django_db
BUREAU = {"bureau_admin", "bureau_officer"}


@pytest.fixture
def reg(world):
    return build_registry(world)


def post(client, url, body, key=None):
    headers = {"HTTP_IDEMPOTENCY_KEY": key} if key else {}
    return client.post(url, data=json.dumps(body), content_type="application/json", **headers)


def test_a_transfer_without_an_idempotency_key_is_refused(reg):
    client = reg.world.client("enterprise_a")
    body = {"from_account_id": reg.a.pk, "to_account": reg.b.number, "instrument": "SZA-2024", "quantity": 5}
    response = post(client, "/api/v1/registry/transfers", body)
    assert response.status_code == 400 and response.json()["code"] == "idempotency_key_required"


def test_replay_returns_the_first_result_and_a_changed_body_is_a_409(reg):
    client = reg.world.client("enterprise_a")
    body = {"from_account_id": reg.a.pk, "to_account": reg.b.number, "instrument": "SZA-2024", "quantity": 5}
    first = post(client, "/api/v1/registry/transfers", body, "key-1")
    assert first.status_code == 201, first.content
    again = post(client, "/api/v1/registry/transfers", body, "key-1")
    assert again.status_code == 200 and again.json()["tx_id"] == first.json()["tx_id"] and again.json()["replayed"]
    changed = post(client, "/api/v1/registry/transfers", {**body, "quantity": 6}, "key-1")
    assert changed.status_code == 409 and changed.json()["code"] == "idempotency_key_reused"
    assert Balance.objects.get(account=reg.b).quantity == 5


def test_a_transfer_of_more_than_available_is_a_clear_400(reg):
    client = reg.world.client("enterprise_a")
    body = {"from_account_id": reg.a.pk, "to_account": reg.b.number, "instrument": "SZA-2024", "quantity": 999999}
    response = post(client, "/api/v1/registry/transfers", body, "k")
    assert response.status_code == 400 and response.json()["code"] == "insufficient_available"


def test_enterprise_a_account_is_visible_to_a_bureau_and_consenting_bank_only(reg):
    url = f"/api/v1/registry/accounts/{reg.a.pk}"
    check_matrix(reg.world, url, BUREAU | {"enterprise_a", "bank_with_consent"}, api=True, secret="EXT-A")
    check_matrix(reg.world, url + "/transactions", BUREAU | {"enterprise_a", "bank_with_consent"}, api=True)


def test_only_the_bureau_may_allocate_through_the_api(reg):
    body = {"account_id": reg.b.pk, "instrument": "SZA-2024", "quantity": 1, "subtype": "pre_allocation",
            "reason": "r"}  # fmt: skip
    check_matrix(reg.world, "/api/v1/registry/allocations", BUREAU, api=True, ok_status=(201,),
                 make_request=lambda c: post(c, "/api/v1/registry/allocations", body, "alloc-1"))  # fmt: skip


def test_the_pledgee_bank_releases_its_pledge_through_the_api(reg):
    bank = reg.world.orgs["bank_with_consent"]
    hold = services.place_hold(reg.world.users["bureau_admin"], reg.a.pk, "SZA-2024", 100, "pledge",
                               pledgee_id=bank.pk)  # fmt: skip
    url = f"/api/v1/registry/holds/{hold['hold_ref']}/release"
    bureau = post(reg.world.client("bureau_admin"), url, {}, "r1")
    assert bureau.status_code == 403 and bureau.json()["code"] == "not_pledgee"
    assert post(reg.world.client("bank_without_consent"), url, {}, "r1").status_code == 404
    assert post(reg.world.client("bank_with_consent"), url, {}, "r1").status_code == 201


def test_holds_register_lists_a_pledge_to_its_pledgee_without_consent(reg):
    other = reg.world.orgs["bank_without_consent"]
    services.place_hold(reg.world.users["bureau_admin"], reg.a.pk, "SZA-2024", 100, "pledge", pledgee_id=other.pk)
    refs = [h["ref"] for h in reg.world.client("bank_without_consent").get("/api/v1/registry/holds").json()["items"]]
    assert len(refs) == 1
    assert reg.world.client("enterprise_b").get("/api/v1/registry/holds").json()["items"] == []
    # ...but the pledgee still cannot read the enterprise's whole account without consent.
    assert reg.world.client("bank_without_consent").get(f"/api/v1/registry/accounts/{reg.a.pk}").status_code == 404


def test_certificates_and_statistics_are_public(reg):
    result = services.cancel(reg.world.users["enterprise_a"], reg.a.pk, "SZA-2024", 10, purpose="会议碳中和")
    url = f"/api/v1/registry/public/certificates/{result['certificate_code']}"
    check_matrix(reg.world, url, set(PERSONAS), api=True)
    assert reg.world.client("anonymous").get(url).json()["quantity"] == 10
    assert reg.world.client("anonymous").get("/api/v1/registry/public/certificates/TXC-NOPE").status_code == 404
    stats = reg.world.client("anonymous").get("/api/v1/registry/public/statistics").json()
    assert stats["cancelled"] == 10


def test_compliance_board_api_is_for_the_bureau_and_the_enterprise_itself(reg):
    services.set_obligation(reg.world.users["bureau_admin"], reg.a.owner_id, 2025, 4000, reason="manual")
    check_matrix(reg.world, "/api/v1/registry/compliance?year=2025", BUREAU | {"enterprise_a", "enterprise_b"},
                 api=True)  # fmt: skip
    page = reg.world.client("bureau_officer").get("/api/v1/registry/compliance?year=2025").json()
    assert [r["obligation_t"] for r in page["items"]] == [4000]
    assert page["count"] == len(page["items"]) and page["limit"] == 100 and page["offset"] == 0
    assert reg.world.client("enterprise_b").get("/api/v1/registry/compliance?year=2025").json()["items"] == []


def test_bulk_allocation_upload_through_the_api(reg):
    content = f"uscc,instrument,quantity\n{reg.b.owner.uscc},SZA-2024,70\n".encode()
    client = reg.world.client("bureau_officer")
    response = client.post("/api/v1/registry/allocations/bulk",
                           {"file": SimpleUploadedFile("t.csv", content), "subtype": "pre_allocation",
                            "reason": "2024 table"}, HTTP_IDEMPOTENCY_KEY="bulk-1")  # fmt: skip
    assert response.status_code == 201, response.content
    assert response.json()["rows"] == 1


def test_a_statement_import_opens_a_case_through_the_api(reg):
    content = b"external_account,instrument,balance\nEXT-A,SZA-2024,1\n"
    client = reg.world.client("bureau_admin")
    response = client.post("/api/v1/registry/reconciliation", {"file": SimpleUploadedFile("s.csv", content)})
    assert response.status_code == 201 and response.json()["discrepancies"] == 1
    assert reg.world.client("enterprise_a").get("/api/v1/registry/reconciliation").json()["items"] == []


def test_market_figures_and_import(world):
    csv_text = "date,instrument,open,close,volume,turnover\n2025-01-02,SZA,40,41,100,4050\n"
    client = world.client("bureau_admin")
    response = client.post("/api/v1/market/prices/import",
                           {"file": SimpleUploadedFile("p.csv", csv_text.encode()), "source": "exchange"})  # fmt: skip
    assert response.status_code == 201 and response.json()["imported"] == 1
    denied = world.client("enterprise_a").post("/api/v1/market/prices/import",
                                               {"file": SimpleUploadedFile("p.csv", csv_text.encode()),
                                                "source": "x"})  # fmt: skip
    assert denied.status_code == 403
    figures = world.client("enterprise_a").get("/api/v1/market/figures?instrument=SZA&on=2025-01-03&n=1").json()
    assert figures["close"] == "41.00" and figures["vwap_n"] == "40.50" and figures["valuation"] == "40.50"
    bad = client.post("/api/v1/market/prices/import",
                      {"file": SimpleUploadedFile("p.csv", b"date,instrument\nx,y\n"), "source": "x"})  # fmt: skip
    assert bad.status_code == 400 and bad.json()["code"] == "import_rejected"


def test_a_large_transfer_waits_for_approval_through_the_api(reg):
    from tanxin.orgs.models import Membership, User
    from tanxin.registry.models import Controls

    Controls.objects.create(jurisdiction=reg.a.jurisdiction, second_approval_above_t=100)
    second = User.objects.create_user("second_admin", password="x" * 12)
    Membership.objects.create(user=second, organisation=reg.a.owner, role="admin")
    body = {"from_account_id": reg.a.pk, "to_account": reg.b.number, "instrument": "SZA-2024", "quantity": 500}
    pending = post(reg.world.client("enterprise_a"), "/api/v1/registry/transfers", body, "big-1")
    assert pending.status_code == 202 and pending.json()["status"] == "pending"
    from django.test import Client

    client = Client()
    client.force_login(second)
    listed = client.get("/api/v1/registry/transfers/pending").json()["items"]
    assert [p["quantity"] for p in listed] == [500]
    assert reg.world.client("enterprise_b").get("/api/v1/registry/transfers/pending").json()["items"] == []
    url = f"/api/v1/registry/transfers/{listed[0]['id']}/approve"
    assert post(reg.world.client("enterprise_a"), url, {"approve": True}, "ap-1").status_code == 403
    done = post(client, url, {"approve": True}, "ap-1")
    assert done.status_code == 201 and done.json()["status"] == "executed"
    assert Balance.objects.get(account=reg.b).quantity == 500


def test_reversal_through_the_api_is_for_the_bureau(reg):
    from tanxin.registry.models import Transaction

    tx = Transaction.objects.get(kind="allocate")
    url = f"/api/v1/registry/transactions/{tx.tx_id}/reverse"
    outsider = post(reg.world.client("enterprise_a"), url, {"reason": "x"}, "rv")
    unknown = post(reg.world.client("enterprise_a"), "/api/v1/registry/transactions/T0/reverse", {"reason": "x"}, "rv")
    # An outsider cannot tell an existing transaction from an unknown one.
    assert outsider.status_code == unknown.status_code == 404 and outsider.json() == unknown.json()
    response = post(reg.world.client("bureau_admin"), url, {"reason": "wrong account"}, "rv")
    assert response.status_code == 201 and response.json()["kind"] == "reversal"


def test_the_hot_path_change_rule_agrees_with_the_gate_for_every_persona(reg):
    from tanxin.orgs.gate import principal_for
    from tanxin.registry.gate import can_change
    from tanxin.registry.models import Account

    accounts = list(Account.objects.all())
    for persona, user in reg.world.users.items():
        gated = set(Account.objects.visible_to(user, "change").values_list("pk", flat=True))
        fast = {a.pk for a in accounts if can_change(principal_for(user), a.kind, a.owner_id)}
        assert fast == gated, persona
