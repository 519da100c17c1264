"""The registry's other writes and reads over the API, as every persona: issuing, cancelling, releasing and
enforcing holds, reversing, setting obligations, opening accounts, trusting counterparties; refused personas
get 403/404 and nothing moves."""

from __future__ import annotations

import itertools
import json

import pytest

from tanxin.common.identifiers import make_uscc
from tanxin.orgs.models import Organisation
from tanxin.registry import services
from tanxin.registry.models import Account, Hold, TrustedCounterparty
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


def _post(url_of, body):
    def send(client, target):
        return client.post(url_of(target), data=json.dumps(body), content_type="application/json",
                           HTTP_IDEMPOTENCY_KEY=f"m-{next(KEYS)}")  # fmt: skip

    return send


def test_only_the_bureau_issues_into_its_cap(reg):
    cap = reg.bureau[Account.Kind.MANAGEMENT]  # issuing moves new units from issuance into management
    check_write_matrix(reg.world, BUREAU, lambda: _tonnes(cap), _post(lambda t: f"{API}/issuances",
                       {"instrument": "SZA-2024", "quantity": 9, "reason": "top-up"}),
                       lambda before: _tonnes(cap) - before, 9, ok_status=(201,))  # fmt: skip


def test_only_enterprise_a_admin_cancels_from_its_account(reg):
    check_write_matrix(reg.world, ["enterprise_a"], lambda: _tonnes(reg.a), _post(lambda t: f"{API}/cancellations",
                       {"account_id": reg.a.pk, "instrument": "SZA-2024", "quantity": 4, "purpose": "neutral event"}),
                       lambda before: before - _tonnes(reg.a), 4, ok_status=(201,))  # fmt: skip


def _hold(reg):
    admin = reg.user("bureau_admin")
    services.place_hold(admin, reg.a.pk, "SZA-2024", 50, "admin_hold", reason="check", legal_basis="rules",
                        key=f"h-{next(KEYS)}")  # fmt: skip
    return Hold.objects.filter(account=reg.a).latest("pk")


def _hold_status(hold):
    hold.refresh_from_db()
    return hold.status


def test_only_the_bureau_releases_and_enforces_its_administrative_hold(reg):
    check_write_matrix(reg.world, BUREAU, lambda: _hold(reg), _post(lambda h: f"{API}/holds/{h.ref}/release",
                       {"reason": "cleared"}), _hold_status, "released", ok_status=(201,))  # fmt: skip
    check_write_matrix(reg.world, BUREAU, lambda: _hold(reg), _post(lambda h: f"{API}/holds/{h.ref}/enforce",
                       {"quantity": 50, "reason": "penalty", "legal_basis": "rules"}), _hold_status, "enforced",
                       ok_status=(201,))  # fmt: skip


def test_only_the_bureau_reverses_a_transaction(reg):
    def prepare():
        result = services.allocate(reg.user("bureau_admin"), reg.b.pk, "SZA-2024", 6, "pre_allocation", reason="r",
                                   key=f"a-{next(KEYS)}")  # fmt: skip
        return result["tx_id"], _tonnes(reg.b)

    check_write_matrix(reg.world, BUREAU, prepare, _post(lambda t: f"{API}/transactions/{t[0]}/reverse",
                       {"reason": "allocated to the wrong account"}), lambda t: t[1] - _tonnes(reg.b), 6,
                       ok_status=(201,))  # fmt: skip


def test_only_the_bureau_sets_an_obligation(reg):
    years = itertools.count(2030)

    def send(client, year):
        return client.put(f"{API}/obligations", data=json.dumps({"enterprise_id": reg.a.owner_id, "year": year,
                          "tonnes": 1234, "reason": "verified report"}), content_type="application/json")  # fmt: skip

    def observe(year):
        from tanxin.registry.models import Obligation

        row = Obligation.objects.filter(enterprise_id=reg.a.owner_id, year=year).first()
        return None if row is None else row.verified_emissions_t

    check_write_matrix(reg.world, BUREAU, lambda: next(years), send, observe, 1234)


def test_the_bureau_opens_holding_accounts(reg):
    bodies = itertools.count(100)

    def prepare():
        nanshan = reg.world.orgs["enterprise_a"].jurisdiction
        return Organisation.objects.create(kind="enterprise", name_zh=f"新企业{next(bodies)}", jurisdiction=nanshan,
                                           uscc=make_uscc("91", nanshan.code, f"MA5N{next(bodies):04d}"))  # fmt: skip

    def send(client, org):
        return client.post(f"{API}/accounts", {"organisation_id": org.pk}, content_type="application/json")

    check_write_matrix(reg.world, BUREAU, prepare, send, lambda o: Account.objects.filter(owner=o).count(), 1,
                       ok_status=(201,))  # fmt: skip


def test_only_enterprise_a_admin_trusts_a_counterparty_for_its_account(reg):
    def prepare():
        TrustedCounterparty.objects.all().delete()
        return reg.a

    check_write_matrix(reg.world, ["enterprise_a"], prepare,
                       lambda client, a: client.post(f"{API}/accounts/{a.pk}/trusted", {"counterparty": reg.b.number},
                                                     content_type="application/json"),
                       lambda a: TrustedCounterparty.objects.count(), 1, ok_status=(201,))  # fmt: skip


def test_registry_reads_follow_the_one_access_rule(reg):
    w, a = reg.world, reg.a.owner_id
    insiders = ["bureau_admin", "bureau_officer", "enterprise_a", "enterprise_a_member", "bank_with_consent"]
    check_matrix(w, f"{API}/compliance/{a}", insiders, api=True)
    check_matrix(w, f"{API}/enterprises/{a}/pledgeable", insiders, api=True)
    check_matrix(w, f"{API}/public/statistics", list(PERSONAS), api=True)
    for url in (f"{API}/accounts", f"{API}/holds", f"{API}/transfers/pending", f"{API}/reconciliation"):
        check_matrix(w, url, [p for p in PERSONAS if p != "anonymous"], api=True)
