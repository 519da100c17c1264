"""Facts are read from their owners' public reads; an owner's refusal means "not available": no points.
A bug in an owner is not turned into "no points": it propagates."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tanxin.support import inputs
from tanxin.support.services import applications

from . import fake_owners
from .conftest import make_scheme


@pytest.fixture
def owners(monkeypatch):
    monkeypatch.setattr(inputs, "disclosure", fake_owners.disclosure)
    monkeypatch.setattr(inputs, "registry", fake_owners.registry)


def test_facts_come_from_the_owners_with_a_source_for_each(owners):
    snap = inputs.collect(7, 2024)
    assert snap["values"]["disclosure_verified"] is True and snap["values"]["intensity_last_year"] == "0.900"
    assert snap["sources"]["surplus_t"] == "tanxin.registry.facts.compliance(7, 2024)"
    domain = inputs.to_domain(7, snap)
    assert domain.surplus_t == 12_000 and domain.intensity_this_year == Decimal("0.800")


def test_a_refusing_owner_gives_not_available_never_an_error(monkeypatch):
    monkeypatch.setattr(inputs, "disclosure", fake_owners.refusing_disclosure)
    monkeypatch.setattr(inputs, "registry", fake_owners.registry)
    snap = inputs.collect(7, 2024)
    assert snap["sources"]["disclosure_published"] == inputs.NOT_AVAILABLE
    assert snap["values"]["intensity_this_year"] is None and snap["values"]["surplus_t"] == 12_000
    domain = inputs.to_domain(7, snap)
    assert domain.disclosure_published is False and domain.compliance_on_time is True


def test_a_bug_in_an_owner_is_not_turned_into_no_points(monkeypatch):
    monkeypatch.setattr(inputs, "disclosure", fake_owners.disclosure)
    monkeypatch.setattr(inputs, "registry", fake_owners.crashing_registry)
    with pytest.raises(RuntimeError):
        inputs.collect(7, 2024)


@pytest.mark.django_db
def test_real_owners_without_data_give_facts_that_earn_nothing(world):
    snap = inputs.collect(world.orgs["enterprise_a"].pk, 2024)
    assert snap["values"]["disclosure_published"] is False and snap["values"]["surplus_t"] is None
    assert snap["sources"]["surplus_t"].startswith("tanxin.registry.facts.compliance(")


@pytest.mark.django_db
def test_the_preview_shows_automatic_points_and_the_facts_behind_them(world, owners):
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
    assert snapshot["sources"]["disclosure_published"].startswith("tanxin.disclosure.facts.disclosure")
