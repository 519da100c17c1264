"""Facts are read from their owners' service APIs; a missing owner means "not available": no points."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tanxin.support import facts
from tanxin.support.services import applications

from .conftest import make_scheme

FAKE = "tests.support.fake_owners"


def test_facts_come_from_the_owners_with_a_source_for_each(monkeypatch):
    monkeypatch.setattr(facts, "DISCLOSURE", (FAKE, ("disclosure_facts",)))
    monkeypatch.setattr(facts, "REGISTRY", (FAKE, ("compliance_facts",)))
    snap = facts.collect(7, 2024)
    assert snap["values"]["disclosure_verified"] is True and snap["values"]["intensity_last_year"] == "0.900"
    assert snap["sources"]["surplus_t"] == f"{FAKE}.compliance_facts(7, 2024)"
    domain = facts.to_domain(7, snap)
    assert domain.surplus_t == 12_000 and domain.intensity_this_year == Decimal("0.800")


def test_a_missing_or_failing_owner_gives_not_available_never_an_error(monkeypatch):
    monkeypatch.setattr(facts, "DISCLOSURE", ("tanxin.nowhere.services", ("disclosure_facts",)))
    monkeypatch.setattr(facts, "REGISTRY", (FAKE, ("broken",)))
    snap = facts.collect(7, 2024)
    assert snap["sources"]["disclosure_published"] == facts.NOT_AVAILABLE
    assert snap["values"]["surplus_t"] is None
    domain = facts.to_domain(7, snap)
    assert domain.disclosure_published is False and domain.compliance_on_time is None


@pytest.mark.django_db
def test_the_preview_shows_automatic_points_and_the_facts_behind_them(world, monkeypatch):
    monkeypatch.setattr(facts, "DISCLOSURE", (FAKE, ("disclosure_facts",)))
    monkeypatch.setattr(facts, "REGISTRY", (FAKE, ("compliance_facts",)))
    scheme = make_scheme(world, facts_year=2024)
    app = applications.start_application(world.users["enterprise_a"], scheme.pk)
    breakdown, snapshot = applications.preview(app)
    points = {ln.item_code: ln.points for ln in breakdown.lines}
    # disclosure verified 15, intensity -11 % → 10, on time 5, surplus 12,000 t → 7 (2016 tier > 10,000 t)
    assert points == {
        "ENT-1": Decimal("15.00"),
        "MGT-1": Decimal("10.00"),
        "MGT-2": Decimal("5.00"),
        "MGT-3": Decimal("7.00"),
    }
    assert breakdown.automatic == Decimal("37.00")
    assert snapshot["sources"]["disclosure_published"].startswith(FAKE)
