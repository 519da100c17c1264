"""The registry's public reads for other apps: typed positions (one or many) and the pledgeable quantity now."""

from __future__ import annotations

from datetime import date

import pytest

from tanxin.registry import facts, services

from .fixtures import build_registry

pytestmark = pytest.mark.django_db


def test_positions_for_many_enterprises_match_the_position_of_each(world):
    reg = build_registry(world, cap=100_000, allocate_a=20_000)
    services.set_obligation(world.users["bureau_admin"], reg.a.owner_id, 2026, 12_000, reason="manual")
    ids = [reg.a.owner_id, reg.b.owner_id, 999_999]
    many = facts.positions(ids, 2026, as_of=date(2027, 3, 1))
    assert set(many) == {reg.a.owner_id, reg.b.owner_id}  # an unknown id is simply absent
    assert many[reg.a.owner_id] == facts.position(reg.a.owner_id, 2026, as_of=date(2027, 3, 1))
    a = many[reg.a.owner_id]
    assert (a.status, a.obligation_t, a.obligation_source, a.eligible_t, a.pledgeable_t) == (
        "pending", 12_000, "manual", 20_000, 8_000)
    assert many[reg.b.owner_id].status == "no_obligation" and facts.position(999_999, 2026) is None


def test_pledgeable_now_uses_the_compliance_year_still_open_today(world):
    reg = build_registry(world, cap=100_000, allocate_a=20_000)
    admin = world.users["bureau_admin"]
    services.set_obligation(admin, reg.a.owner_id, 2026, 12_000, reason="manual")
    services.place_hold(admin, reg.a.pk, "SZA-2024", 3_000, "pledge", pledgee_id=world.orgs["bank_with_consent"].pk)
    # Before the 2026 deadline (2027-08-30) the 12,000 t still to surrender are not pledgeable.
    before = facts.pledgeable_now(reg.a.owner_id, as_of=date(2027, 5, 1))
    assert (before.compliance_year, before.instrument_kind) == (2026, "SZA")
    assert (before.pledgeable_t, before.remaining_surrender_t) == (5_000, 12_000)
    # After it, the open year is 2027, with no obligation yet: every free allowance counts.
    after = facts.pledgeable_now(reg.a.owner_id, as_of=date(2027, 9, 1))
    assert (after.compliance_year, after.pledgeable_t, after.remaining_surrender_t) == (2027, 17_000, 0)
    assert facts.pledgeable_now(999_999) is None
