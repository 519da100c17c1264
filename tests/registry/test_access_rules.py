"""Object-level decisions come from the gate, and a page read never writes."""

from __future__ import annotations

import pytest

from tanxin.orgs.gate import principal_for
from tanxin.registry import services
from tanxin.registry.gate import may_act_on_hold
from tanxin.registry.models import Account, Hold

from .fixtures import build_registry

pytestmark = pytest.mark.django_db


def test_opening_the_allocation_page_creates_no_account(world):
    assert not Account.objects.exists()
    response = world.client("bureau_admin").get("/registry/allocation/")
    assert response.status_code == 200
    assert not Account.objects.exists()


def test_the_allocation_page_shows_the_management_account_through_the_gate(world):
    build_registry(world, cap=70_000, allocate_a=0)
    page = world.client("bureau_admin").get("/registry/allocation/").content.decode()
    assert "SZA-2024" in page and "70,000" in page.replace("70000", "70,000")


def test_who_may_act_on_a_hold_is_the_pledgee_for_a_pledge_and_the_bureau_for_a_freeze(world):
    reg = build_registry(world, allocate_a=1_000)
    admin, bank = world.users["bureau_admin"], world.orgs["bank_with_consent"]
    services.place_hold(admin, reg.a.pk, "SZA-2024", 100, "pledge", pledgee_id=bank.pk)
    services.place_hold(admin, reg.a.pk, "SZA-2024", 100, "judicial_freeze", reason="court order",
                        legal_basis="(2026) 粤0305执1号")  # fmt: skip
    pledge, freeze = Hold.objects.get(kind="pledge"), Hold.objects.get(kind="judicial_freeze")
    decide = {p: (may_act_on_hold(principal_for(world.users[p]), pledge),
                  may_act_on_hold(principal_for(world.users[p]), freeze))
              for p in ("bank_with_consent", "bureau_officer", "enterprise_a", "bank_without_consent")}  # fmt: skip
    assert decide == {"bank_with_consent": (True, False), "bureau_officer": (False, True),
                      "enterprise_a": (False, False), "bank_without_consent": (False, False)}  # fmt: skip
    bank_page = world.client("bank_with_consent").get("/registry/holds/").content.decode()
    assert f"/holds/{pledge.ref}/release/" in bank_page and f"/holds/{freeze.ref}/release/" not in bank_page
    staff_page = world.client("bureau_officer").get("/registry/holds/").content.decode()
    assert f"/holds/{freeze.ref}/release/" in staff_page and f"/holds/{pledge.ref}/release/" not in staff_page
