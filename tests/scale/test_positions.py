"""Set-based compliance positions give exactly the numbers of the per-enterprise computation."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tanxin.orgs.models import Organisation
from tanxin.registry import positions, queries

from .reference import as_compared, reference_position

pytestmark = pytest.mark.django_db


def compare(orgs: list[Organisation], year: int, as_of: date) -> int:
    computed = positions.positions(orgs, year, as_of)
    assert list(computed) == [o.pk for o in orgs]
    mismatches = [o.pk for o in orgs if as_compared(computed[o.pk]) != reference_position(o, year, as_of)]
    assert mismatches == []
    return sum(1 for p in computed.values() if p.result is not None)


def test_one_position_is_the_set_based_one_for_a_single_enterprise(world):
    from tests.registry.fixtures import build_registry

    reg = build_registry(world, allocate_a=9_000)
    from tanxin.registry import services

    services.set_obligation(world.users["bureau_admin"], reg.a.owner_id, 2026, 10_000, reason="manual")
    services.place_hold(world.users["bureau_admin"], reg.a.pk, "SZA-2024", 2_000, "pledge",
                        pledgee_id=world.orgs["bank_with_consent"].pk, reason="loan")  # fmt: skip
    services.place_hold(world.users["bureau_admin"], reg.a.pk, "SZA-2024", 500, "judicial_freeze", reason="court")
    org = reg.a.owner
    one = queries.position(org, 2026)
    assert as_compared(one) == reference_position(org, 2026)
    assert (one.eligible_t, one.pledged_t, one.frozen_t, one.verified_emissions_t) == (9_000, 2_000, 500, 10_000)
    assert one.pledgeable_t == 0 and one.result.shortfall_t == 10_000
    other = queries.position(world.orgs["enterprise_b"], 2026)
    assert other.result is None and other.account_id is not None and other.pledgeable_t == 0


def test_positions_accept_ids_and_querysets_and_skip_unknown_ids(world):
    a, b = world.orgs["enterprise_a"], world.orgs["enterprise_b"]
    by_ids = positions.positions([b.pk, a.pk, 10**9], 2026)
    assert list(by_ids) == [b.pk, a.pk]
    by_qs = positions.positions(Organisation.objects.filter(pk__in=[a.pk, b.pk]).order_by("pk"), 2026)
    assert list(by_qs) == sorted([a.pk, b.pk])


def test_many_enterprises_cost_the_same_reads_as_one(world, monkeypatch):
    from tanxin.registry.obligations import rule_book

    rule_book()  # the rule book is read from a file once per process, not from the database
    orgs = list(Organisation.objects.filter(kind="enterprise"))
    with CaptureQueriesContext(connection) as few:
        positions.positions(orgs[:1], 2026)
    cache.clear()  # the price average the first call read is kept under the price stamp: start both from nothing
    with CaptureQueriesContext(connection) as more:
        positions.positions(orgs, 2026)
    assert len(few.captured_queries) == len(more.captured_queries) <= 12
