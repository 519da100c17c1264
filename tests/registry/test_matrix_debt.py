"""The registry's remaining routes as every persona: the public certificate check, the hold and transfer
buttons, reconciliation cases (page and API), the second approval of a transfer and bulk allocation. A refused
persona gets 403/404 and nothing moves."""

from __future__ import annotations

import itertools
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tanxin.orgs.models import Membership, User
from tanxin.registry import services
from tanxin.registry.models import Controls, Hold, ReconciliationCase, TransferRequest
from tests.personas import PERSONAS, check_matrix, check_write_matrix

from .fixtures import build_registry, tonnes

pytestmark = pytest.mark.django_db
API = "/api/v1/registry"
BUREAU = ["bureau_admin", "bureau_officer"]
KEYS = itertools.count(1)


@pytest.fixture
def reg(world):
    return build_registry(world, cap=100_000, allocate_a=20_000)


_tonnes = tonnes


def test_a_certificate_is_checked_by_anybody_and_an_unknown_code_is_not_found(reg):
    result = services.cancel(reg.user("enterprise_a"), reg.a.pk, "SZA-2024", 3, beneficiary="深圳湾马拉松",
                             purpose="neutral event", key="cert-1")  # fmt: skip
    code = result["certificate_code"]
    check_matrix(reg.world, f"/registry/public/certificate/?code={code}", PERSONAS)
    body = reg.world.client("anonymous").get(f"/registry/public/certificate/?code={code}").content.decode()
    assert code in body and "深圳湾马拉松" in body
    statuses = check_matrix(reg.world, "/registry/public/certificate/?code=TXC-0000-0000-0000", [], refused=PERSONAS)
    assert set(statuses.values()) == {404}


# ---------------------------------------------------------------- holds (page buttons)


def _hold(reg) -> Hold:
    services.place_hold(reg.user("bureau_admin"), reg.a.pk, "SZA-2024", 50, "admin_hold", reason="check",
                        legal_basis="rules", key=f"h-{next(KEYS)}")  # fmt: skip
    return Hold.objects.filter(account=reg.a).latest("pk")


def _hold_status(hold: Hold) -> str:
    hold.refresh_from_db()
    return hold.status


def test_only_the_bureau_releases_or_enforces_an_administrative_hold_from_its_page(reg):
    def press(action, body):
        return lambda client, h: client.post(f"/registry/holds/{h.ref}/{action}/",
                                             {**body, "idempotency_key": f"k-{next(KEYS)}"})  # fmt: skip

    check_write_matrix(reg.world, BUREAU, lambda: _hold(reg), press("release", {"reason": "cleared"}), _hold_status,
                       "released", ok_status=(302,), api=False)  # fmt: skip
    check_write_matrix(reg.world, BUREAU, lambda: _hold(reg),
                       press("enforce", {"quantity": 50, "reason": "penalty", "legal_basis": "rules"}), _hold_status,
                       "enforced", ok_status=(302,), api=False)  # fmt: skip


# ---------------------------------------------------------------- transfers waiting for a second approval


def _pending_transfer(reg) -> TransferRequest:
    """A 500 t transfer from A to B that a second administrator of A (not a persona) started; it waits for
    another authorised person of A."""
    Controls.objects.get_or_create(jurisdiction=reg.a.jurisdiction, defaults={"second_approval_above_t": 100})
    starter = User.objects.filter(username="second_admin").first()
    if starter is None:
        starter = User.objects.create_user("second_admin", password="x" * 12)
        Membership.objects.create(user=starter, organisation=reg.a.owner, role="admin")
    result = services.transfer(starter, reg.a.pk, reg.b.number, "SZA-2024", 500, key=f"t-{next(KEYS)}")
    assert result["status"] == "pending"
    return TransferRequest.objects.get(pk=result["transfer_request_id"])


def _decision(request: TransferRequest) -> tuple[str, int]:
    request.refresh_from_db()
    return request.status, _tonnes(request.to_account)


def _only_executed_requests_moved_tonnes(reg, before_b: int) -> None:
    """Every refused approval moved nothing: B holds 500 t more per executed request (the enterprise's, and the
    operator's own target), and every other request still waits."""
    executed = TransferRequest.objects.filter(status="executed").count()
    assert executed >= 1 and _tonnes(reg.b) == before_b + 500 * executed
    assert TransferRequest.objects.exclude(status__in=["executed", "pending"]).count() == 0


def test_only_another_administrator_of_the_owner_approves_a_transfer_on_the_page(reg):
    before_b = _tonnes(reg.b)

    def send(client, t):
        return client.post(f"/registry/transfers/{t.pk}/decide/",
                           {"decision": "approve", "idempotency_key": f"d-{next(KEYS)}"})  # fmt: skip

    check_write_matrix(reg.world, ["enterprise_a"], lambda: _pending_transfer(reg), send,
                       lambda t: _decision(t)[0], "executed", ok_status=(302,), api=False)  # fmt: skip
    _only_executed_requests_moved_tonnes(reg, before_b)


def test_only_another_administrator_of_the_owner_approves_a_transfer_in_the_api(reg):
    def send(client, t):
        return client.post(f"{API}/transfers/{t.pk}/approve", data=json.dumps({"approve": True}),
                           content_type="application/json", HTTP_IDEMPOTENCY_KEY=f"ap-{next(KEYS)}")  # fmt: skip

    before_b = _tonnes(reg.b)
    check_write_matrix(reg.world, ["enterprise_a"], lambda: _pending_transfer(reg), send,
                       lambda t: _decision(t)[0], "executed", ok_status=(201,))  # fmt: skip
    _only_executed_requests_moved_tonnes(reg, before_b)


# ---------------------------------------------------------------- reconciliation


STATEMENT = b"external_account,instrument,balance\nEXT-A,SZA-2024,1\n"


def _case(reg) -> ReconciliationCase:
    nanshan = reg.world.orgs["bureau"].jurisdiction_id
    case = services.import_statement(reg.user("bureau_admin"), nanshan, f"statement {next(KEYS)}",
                                     STATEMENT.decode())  # fmt: skip
    assert case is not None
    return case


def _case_state(case: ReconciliationCase) -> tuple[str, str]:
    case.refresh_from_db()
    return case.status, case.resolution


def test_a_reconciliation_case_page_is_for_bureau_staff(reg):
    case = _case(reg)
    check_matrix(reg.world, f"/registry/reconciliation/{case.pk}/", BUREAU, secret=case.statement_name)
    body = reg.world.client("bureau_officer").get(f"/registry/reconciliation/{case.pk}/").content.decode()
    assert case.statement_name in body and reg.a.number in body


def test_only_bureau_staff_resolve_a_case_on_its_page_and_in_the_api(reg):
    check_write_matrix(reg.world, BUREAU, lambda: _case(reg),
                       lambda client, c: client.post(f"/registry/reconciliation/{c.pk}/", {"resolution": "fixed"}),
                       _case_state, ("resolved", "fixed"), ok_status=(302,), api=False)  # fmt: skip
    check_write_matrix(reg.world, BUREAU, lambda: _case(reg),
                       lambda client, c: client.post(f"{API}/reconciliation/{c.pk}/resolve",
                                                     {"resolution": "fixed"}, content_type="application/json"),
                       _case_state, ("resolved", "fixed"))  # fmt: skip


def test_only_bureau_staff_import_a_statement_in_the_api(reg):
    def send(client, name):
        return client.post(f"{API}/reconciliation", {"file": SimpleUploadedFile("s.csv", STATEMENT), "name": name})

    check_write_matrix(reg.world, BUREAU, lambda: f"statement {next(KEYS)}", send,
                       lambda name: ReconciliationCase.objects.filter(statement_name=name).count(), 1,
                       ok_status=(201,))  # fmt: skip


# ---------------------------------------------------------------- bulk allocation


def test_only_bureau_staff_allocate_from_a_table_in_the_api(reg):
    table = f"uscc,instrument,quantity\n{reg.b.owner.uscc},SZA-2024,7\n".encode()

    def send(client, _before):
        return client.post(f"{API}/allocations/bulk", {"file": SimpleUploadedFile("t.csv", table),
                           "subtype": "pre_allocation", "reason": "2024 table"},
                           HTTP_IDEMPOTENCY_KEY=f"bulk-{next(KEYS)}")  # fmt: skip

    check_write_matrix(reg.world, BUREAU, lambda: _tonnes(reg.b), send, lambda before: _tonnes(reg.b) - before, 7,
                       ok_status=(201,))  # fmt: skip
