"""An integrator's script mints its token with the person's user name and password (HTTP Basic): no browser
needed, never with another token, and every wrong password counts toward the login lockout."""

from __future__ import annotations

import base64

import pytest
from django.test import Client, override_settings

from tanxin.orgs.models import ApiToken
from tanxin.orgs.services import create_token
from tests.personas import PASSWORD

pytestmark = pytest.mark.django_db


def basic(username: str, password: str) -> dict[str, str]:
    raw = base64.b64encode(f"{username}:{password}".encode()).decode()
    return {"Authorization": f"Basic {raw}", "Accept-Language": "en"}


def mint(headers: dict[str, str], scope: str = "read"):
    return Client().post("/api/v1/tokens", {"name": "core banking sync", "scope": scope, "days": 30},
                         content_type="application/json", headers=headers)  # fmt: skip


def test_a_bank_officer_mints_a_token_with_a_password_and_the_token_then_reads(world):
    response = mint(basic("bank_with_consent", PASSWORD))
    assert response.status_code == 201, response.content
    token = response.json()["token"]
    assert ApiToken.objects.get(pk=response.json()["id"]).user.username == "bank_with_consent"
    me = Client().get("/api/v1/me", headers={"Authorization": f"Bearer {token}"})
    assert me.status_code == 200 and me.json()["username"] == "bank_with_consent"


def test_a_wrong_password_is_a_401_with_a_reason_and_mints_nothing(world):
    response = mint(basic("bank_with_consent", "not-the-password"))
    assert response.status_code == 401
    assert response.json()["code"] == "invalid_credentials" and "password" in response.json()["message"]
    assert not ApiToken.objects.exists()


def test_a_token_cannot_mint_a_token_even_next_to_a_password_route(world):
    _record, token = create_token(world.users["bureau_officer"], "sync", "write", 10)
    response = mint({"Authorization": f"Bearer {token}"})
    assert response.status_code == 401
    assert ApiToken.objects.count() == 1


def test_the_seat_rules_still_apply_to_a_password(world):
    response = mint(basic("bank_with_consent", PASSWORD), scope="write")
    assert response.status_code in (201, 403)
    roles = set(world.users["bank_with_consent"].memberships.values_list("role", flat=True))
    assert (response.status_code == 201) == bool(roles & {"admin", "officer"})


@override_settings(AXES_FAILURE_LIMIT=3)
def test_wrong_passwords_lock_the_account_and_then_even_the_right_one_is_refused(world):
    statuses = [mint(basic("bureau_officer", "guess")).status_code for _ in range(3)]
    assert statuses[:2] == [401, 401] and statuses[2] == 429
    locked = mint(basic("bureau_officer", PASSWORD))
    assert locked.status_code == 429
    assert locked.json()["code"] == "locked_out" and "locked" in locked.json()["message"]
    assert not ApiToken.objects.exists()
