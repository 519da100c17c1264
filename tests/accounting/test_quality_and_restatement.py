"""Quality flags reach the stored inventory and the report inputs; library changes propose restatements."""

from __future__ import annotations

import pytest

from tanxin.accounting import library, services
from tanxin.accounting.models import FactorRecord, Inventory
from tests.accounting.factories import standard_ledger

pytestmark = pytest.mark.django_db


def test_a_spike_and_missing_months_are_flagged_and_lower_the_score(world):
    sources = standard_ledger(world)
    user, ent = world.users["enterprise_a"], world.orgs["enterprise_a"]
    clean = Inventory.objects.get(enterprise=ent, year=2024).quality_score
    july = sources["grid"].lines.get(month=7)
    services.save_line(user, sources["grid"].pk, {"year": 2024, "month": 7, "quantity": "900000", "unit": "kWh"},
                       line_id=july.pk)  # fmt: skip
    services.delete_line(user, sources["vehicles"].lines.get(month=12).pk)
    inventory = Inventory.objects.get(enterprise=ent, year=2024)
    codes = {f["code"] for f in inventory.flags}
    assert {"month_jump", "missing_months"} <= codes
    assert inventory.quality_score < clean
    flags = services.report_inputs(ent.pk, 2024)["quality"]["flags"]
    assert any(f["code"] == "month_jump" and f["line_id"] == str(july.pk) for f in flags)


def test_a_new_grid_year_proposes_a_restatement_and_a_correction_too(world):
    standard_ledger(world)
    inputs = services.report_inputs(world.orgs["enterprise_a"].pk, 2024)
    pinned = [f for line in inputs["views"]["ghg_protocol"]["lines"] for f in line["factors"]]
    enterprise_id = world.orgs["enterprise_a"].pk
    assert services.restatement_proposals(pinned, 2024, enterprise_id) == []
    library.add_factor(world.users["bureau_officer"], {
        "factor_id": "grid.cn.guangdong.2024", "family": "grid_provincial", "subject": "GD", "year": 2024,
        "value": "0.4100", "unit": "tCO2/MWh", "publisher": "GD DRC", "source_ref": "notice 2026", "confidence": "V"})
    diesel = FactorRecord.objects.get(factor_id="fuel.diesel.ncv")
    library.supersede(world.users["bureau_admin"], diesel.pk, {"factor_id": "fuel.diesel.ncv.r1", "value": "43.30"},
                      "transcription error")  # fmt: skip
    proposals = {p["used"]: p for p in services.restatement_proposals(pinned, 2024, enterprise_id)}
    # the 2024 inventory used the South China grid 2023 (no level had 2024); Guangdong 2024 now outranks it
    assert proposals["grid.cn.south.2023"]["now"] == "grid.cn.guangdong.2024"
    assert proposals["grid.cn.south.2023"]["reason"] == "newer_year"
    assert proposals["fuel.diesel.ncv"] == {"used": "fuel.diesel.ncv", "now": "fuel.diesel.ncv.r1",
                                            "reason": "corrected"}
    # the next report uses the new values, and pins a different library digest
    assert services.report_inputs(world.orgs["enterprise_a"].pk, 2024)["snapshot_digest"] != inputs["snapshot_digest"]


def test_stored_inventories_follow_a_library_change(world):
    standard_ledger(world)
    ent = world.orgs["enterprise_a"]
    before = Inventory.objects.get(enterprise=ent, year=2024)
    diesel = FactorRecord.objects.get(factor_id="fuel.diesel.cc")
    library.supersede(world.users["bureau_admin"], diesel.pk, {"factor_id": "fuel.diesel.cc.r1", "value": "0.0250"},
                      "lab campaign")  # fmt: skip
    trend = services.emission_trend(ent.pk, [2024])
    after = Inventory.objects.get(enterprise=ent, year=2024)
    assert after.snapshot_digest != before.snapshot_digest
    assert trend[2024] == after.total_china_kg > before.total_china_kg


def test_adding_a_factor_recomputes_stored_inventories_after_commit(world, django_capture_on_commit_callbacks):
    standard_ledger(world)
    ent = world.orgs["enterprise_a"]
    before = Inventory.objects.get(enterprise=ent, year=2024).snapshot_digest
    with django_capture_on_commit_callbacks(execute=True):
        library.add_factor(world.users["bureau_officer"], {
            "factor_id": "grid.cn.guangdong.2024", "family": "grid_provincial", "subject": "GD", "year": 2024,
            "value": "0.4100", "unit": "tCO2/MWh", "publisher": "GD DRC", "source_ref": "notice", "confidence": "V"})
    assert Inventory.objects.get(enterprise=ent, year=2024).snapshot_digest != before


def test_a_line_the_library_can_no_longer_calculate_is_reported_not_a_500(world):
    sources = standard_ledger(world)
    ent = world.orgs["enterprise_a"]
    line = sources["boiler"].lines.first()
    line.unit = "MWh"  # corrupted behind the service's back
    line.save()
    response = world.client("bureau_officer").get(f"/accounting/e/{ent.pk}/inventory/2024/")
    assert response.status_code == 200
    services.recompute_all()  # does not raise: the broken enterprise-year is skipped and logged
    assert world.client("bureau_officer").get(f"/accounting/lines/{line.pk}/explain/").status_code == 400
    api = world.client("bureau_officer").get(f"/api/v1/accounting/enterprises/{ent.pk}/inventory/2024")
    assert api.status_code == 400 and api.json()["code"] == "dimension_mismatch"
