"""The registry's main writes over the API, as every persona: the allowed persona gets the exact status and
the tonnes move; every refused persona gets 403/404 and no balance or hold changes."""

from __future__ import annotations

import itertools
import json
from dataclasses import dataclass

import pytest
from django.db.models import Sum

from tanxin.registry import services
from tanxin.registry.models import Balance, Hold
from tests.personas import check_write_matrix

from .fixtures import build_registry

pytestmark = pytest.mark.django_db
API = "/api/v1/registry"
BUREAU = {"bureau_admin", "bureau_officer"}
KEYS = itertools.count(1)


@dataclass(frozen=True)
class Target:
    key: str  # a fresh idempotency key: a replay can never pass for a second write
    baseline: int


def _tonnes(account) -> int:
    return Balance.objects.filter(account=account).aggregate(t=Sum("quantity"))["t"] or 0


def _post(url: str, body: dict):
    def send(client, target: Target):
        return client.post(url, data=json.dumps(body), content_type="application/json",
                           HTTP_IDEMPOTENCY_KEY=target.key)  # fmt: skip

    return send


@pytest.fixture
def reg(world):
    return build_registry(world, cap=100_000, allocate_a=20_000)


def _matrix(reg, allowed, url, body, measure, change, ok_status=(201,)):
    """``measure()`` is the figure the write changes by ``change`` (tonnes received, surrendered, held)."""
    def prepare() -> Target:
        return Target(f"matrix-{next(KEYS)}", measure())

    check_write_matrix(reg.world, allowed, prepare, _post(url, body), lambda t: measure() - t.baseline, change,
                       ok_status=ok_status)  # fmt: skip


def test_only_the_bureau_allocates(reg):
    body = {"account_id": reg.b.pk, "instrument": "SZA-2024", "quantity": 7, "subtype": "pre_allocation",
            "reason": "r"}  # fmt: skip
    _matrix(reg, BUREAU, f"{API}/allocations", body, lambda: _tonnes(reg.b), 7)


def test_only_enterprise_a_admin_transfers_out_of_its_account(reg):
    # A plain member of A enters data but does not move allowances: it is refused like any outsider.
    body = {"from_account_id": reg.a.pk, "to_account": reg.b.number, "instrument": "SZA-2024", "quantity": 5}
    _matrix(reg, {"enterprise_a"}, f"{API}/transfers", body, lambda: _tonnes(reg.b), 5)


def test_only_enterprise_a_admin_surrenders_from_its_account(reg):
    services.set_obligation(reg.world.users["bureau_admin"], reg.a.owner_id, 2026, 12_000, reason="manual")
    body = {"account_id": reg.a.pk, "instrument": "SZA-2024", "quantity": 3, "year": 2026}
    _matrix(reg, {"enterprise_a"}, f"{API}/surrenders", body, lambda: -_tonnes(reg.a), 3)


def test_only_the_bureau_places_a_hold(reg):
    body = {"account_id": reg.a.pk, "instrument": "SZA-2024", "quantity": 10, "kind": "admin_hold",
            "reason": "核查", "legal_basis": "管理办法"}  # fmt: skip
    _matrix(reg, BUREAU, f"{API}/holds", body, lambda: Hold.objects.filter(account=reg.a).count(), 1)
