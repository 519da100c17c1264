"""Contract with the real owners: the support fund reads disclosure and registry facts through
``tanxin.disclosure.facts`` and ``tanxin.registry.facts`` themselves (no fakes), from data built by the
owners' own services; and a failure inside an owner surfaces as an error, never as "no points"."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tanxin.disclosure import facts as disclosure_facts
from tanxin.disclosure import services as disclosure
from tanxin.registry import services as registry
from tanxin.support import inputs
from tanxin.support.services import applications
from tests.disclosure.support import PDF, make_inputs
from tests.registry.fixtures import build_registry

from .conftest import make_scheme

pytestmark = pytest.mark.django_db


def _publish(world, year: int, intensity: str) -> None:
    """Enterprise A's annual report of ``year``, taken to published by the personas who may."""
    users, org = world.users, world.orgs["enterprise_a"]
    data = make_inputs(org.pk, year)
    data["intensities"]["value_added"]["value"] = intensity
    version = disclosure.create_report(users["enterprise_a"], org.pk, year, inputs=data)
    disclosure.act(users["enterprise_a"], version.pk, "submit")
    disclosure.act(users["bureau_officer"], version.pk, "accept")
    disclosure.assign_verifier(users["bureau_officer"], version.pk, world.orgs["verifier_assigned"].pk)
    disclosure.upload_statement(users["verifier_assigned"], version.pk, "statement.pdf", PDF)
    disclosure.verify(users["verifier_assigned"], version.pk, 1_234_000, "合理保证")
    disclosure.act(users["bureau_officer"], version.pk, "publish")


def _comply(world, year: int) -> None:
    """Enterprise A surrenders its whole 12,000 t obligation with 24,000 t allocated: a 12,000 t surplus."""
    reg = build_registry(world, cap=100_000, allocate_a=24_000)
    registry.set_obligation(world.users["bureau_admin"], reg.a.owner_id, year, 12_000, reason="manual")
    registry.surrender(world.users["enterprise_a"], reg.a.pk, "SZA-2024", 12_000, year)


@pytest.fixture
def owners_data(world):
    _publish(world, 2025, "0.900")
    _publish(world, 2026, "0.800")
    _comply(world, 2026)
    return world


def test_the_real_owners_give_every_fact_with_its_source(owners_data):
    enterprise_id = owners_data.orgs["enterprise_a"].pk
    snap = inputs.collect(enterprise_id, 2026)
    # A published intensity is on the published (verified) basis: the verified 1,234,000 kg over the value added
    # the entry implies (calculated total ÷ entered intensity), so the entered 0.800 and 0.900 become these.
    assert snap["values"] == {
        "disclosure_published": True, "disclosure_verified": True, "intensity_this_year": "0.799633",
        "intensity_last_year": "0.899587", "compliance_on_time": True, "surplus_t": 12_000,
    }  # fmt: skip
    change = Decimal(snap["values"]["intensity_this_year"]) / Decimal(snap["values"]["intensity_last_year"]) - 1
    assert round(change, 3) == Decimal("-0.111")  # the same −11.1 % the entries give
    assert inputs.NOT_AVAILABLE not in snap["sources"].values()
    assert snap["sources"]["disclosure_published"] == f"{inputs.DISCLOSURE_SOURCE}({enterprise_id}, 2026)"
    assert snap["sources"]["surplus_t"] == f"{inputs.REGISTRY_SOURCE}({enterprise_id}, 2026)"


def test_a_support_score_from_the_real_owners_earns_the_automatic_points(owners_data):
    scheme = make_scheme(owners_data, facts_year=2026)
    app = applications.start_application(owners_data.users["enterprise_a"], scheme.pk)
    breakdown, snapshot = applications.preview(app)
    # Same facts as the fakes' case: verified 15, intensity −11.1 % → 10, on time 5, surplus 12,000 t → 7.
    assert {ln.item_code: ln.points for ln in breakdown.lines} == {
        "ENT-1": Decimal("15.00"), "MGT-1": Decimal("10.00"), "MGT-2": Decimal("5.00"), "MGT-3": Decimal("7.00"),
    }  # fmt: skip
    assert breakdown.automatic == Decimal("37.00")
    assert snapshot["values"]["surplus_t"] == 12_000


def test_the_sources_the_fund_names_are_the_functions_it_calls():
    assert inputs.DISCLOSURE_SOURCE == f"{disclosure_facts.__name__}.{disclosure_facts.disclosure.__name__}"
    assert inputs.disclosure is disclosure_facts
    from tanxin.registry import facts as registry_facts

    assert inputs.REGISTRY_SOURCE == f"{registry_facts.__name__}.{registry_facts.compliance.__name__}"
    assert inputs.registry is registry_facts


def test_a_failure_inside_the_real_disclosure_owner_surfaces_as_an_error(owners_data, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("disclosure query failed")

    monkeypatch.setattr(disclosure_facts, "latest_verified", broken)
    with pytest.raises(RuntimeError):
        inputs.collect(owners_data.orgs["enterprise_a"].pk, 2026)
