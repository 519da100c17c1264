"""The service API disclosure codes against: report_inputs and emission_trend."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from tanxin.accounting import services
from tanxin.accounting.domain.calc import CalcContext, china_regulatory
from tanxin.accounting.domain.inventory import build_inventory, to_kg_int
from tanxin.accounting.domain.lines import Electricity, FuelCombustion
from tanxin.accounting.models import Inventory
from tanxin.common.errors import DomainError
from tests.accounting.factories import standard_ledger
from tests.accounting.support import snapshot

pytestmark = pytest.mark.django_db


def test_report_inputs_match_a_hand_built_inventory_in_the_china_view(world):
    standard_ledger(world)
    inputs = services.report_inputs(world.orgs["enterprise_a"].pk, 2024)
    lines = [FuelCombustion("g", "NATURAL_GAS", Decimal(12), "万Nm3"), FuelCombustion("d", "DIESEL", Decimal(24), "t"),
             Electricity("e", Decimal(1200), "MWh")]
    expected = build_inventory(lines, snapshot(), china_regulatory(True), CalcContext(2024)).totals()
    assert inputs["total_kg"]["china_regulatory"] == to_kg_int(expected.total_co2e_kg)
    assert inputs["activity_line_count"] == 37
    assert inputs["snapshot_digest"] == snapshot().digest
    assert inputs["previous_year_total_kg"] is None


def test_report_inputs_are_json_with_integer_kilograms_and_both_views(world):
    standard_ledger(world)
    inputs = services.report_inputs(world.orgs["enterprise_a"].pk, 2024)
    json.dumps(inputs)  # serialisable as is
    assert set(inputs["total_kg"]) == {"china_regulatory", "ghg_protocol_location", "ghg_protocol_market"}
    assert all(isinstance(v, int) for v in inputs["total_kg"].values())
    assert inputs["views"]["ghg_protocol"]["gwp_set"] == "AR5"
    assert set(inputs["views"]["ghg_protocol"]["totals"]) == {"location", "market"}
    # green power lowers the market-based figure only; refrigerant counts only in the GHG view
    assert inputs["total_kg"]["ghg_protocol_market"] != inputs["total_kg"]["ghg_protocol_location"]
    assert "HFCs" not in inputs["by_gas_co2e_kg"]["china_regulatory"]
    assert {s["name"] for s in inputs["sources"]} == {"Gas boiler", "Diesel trucks", "Grid supply", "Chiller"}
    assert 0 <= inputs["quality"]["score"] <= 100
    for flag in inputs["quality"]["flags"]:
        assert {"code", "severity", "reason", "line_id"} <= set(flag)


def test_report_inputs_without_data_is_a_domain_error(world):
    with pytest.raises(DomainError):
        services.report_inputs(world.orgs["enterprise_a"].pk, 2024)


def test_intensities_use_the_annual_statistics(world):
    standard_ledger(world)
    ent = world.orgs["enterprise_a"]
    services.set_statistics(world.users["enterprise_a"], ent.pk, 2024, {"revenue_wan": "10000", "employees": "100",
                                                                         "floor_area_m2": "5000"})
    inputs = services.report_inputs(ent.pk, 2024)
    total_t = Decimal(inputs["total_kg"]["china_regulatory"]) / 1000
    assert set(inputs["intensities"]) == {"revenue", "employees", "floor_area"}
    assert abs(Decimal(inputs["intensities"]["revenue"]["value"]) - total_t / 10000) < Decimal("0.00001")
    assert inputs["intensities"]["revenue"]["unit"] == "tCO2e/10^4 CNY"


def test_emission_trend_lists_only_years_with_data_and_previous_year_is_filled(world):
    standard_ledger(world, 2023)
    ent = world.orgs["enterprise_a"]
    source = ent.emission_sources.get(name="Diesel trucks")
    services.save_line(world.users["enterprise_a"], source.pk, {"year": 2024, "month": 1, "quantity": "2", "unit": "t"})
    trend = services.emission_trend(ent.pk, [2022, 2023, 2024])
    assert set(trend) == {2023, 2024}
    assert trend[2023] == Inventory.objects.get(enterprise=ent, year=2023).total_china_kg
    assert services.report_inputs(ent.pk, 2024)["previous_year_total_kg"] == trend[2023]
