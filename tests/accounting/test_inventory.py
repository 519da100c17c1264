"""Hand-worked inventories for one Shenzhen enterprise, reporting year 2024."""

from decimal import Decimal

import pytest

from tanxin.accounting.domain.calc import CalcContext, china_regulatory, ghg_protocol
from tanxin.accounting.domain.inventory import (
    Denominators,
    build_inventory,
    change,
    intensities,
    inventory_payload,
    to_kg_int,
    year_on_year,
)
from tanxin.accounting.domain.lines import Direction, Electricity, FuelCombustion, RefrigerantLeakRate
from tanxin.common.hashing import canonical_json
from tanxin.disclosure.domain.diff import diff_reports
from tests.accounting.support import D, snapshot

CTX = CalcContext(reporting_year=2024, province="GD", region="SOUTH")

LEDGER = [
    FuelCombustion("diesel", "DIESEL", D(10), "t"),
    FuelCombustion("gas", "NATURAL_GAS", D(5), "万Nm3"),
    Electricity("grid", D(1000), "MWh", green_quantity=D(200)),
    Electricity("export", D(50), "MWh", direction=Direction.EXPORTED),
    RefrigerantLeakRate("ac", "R-410A", D(100), "kg", D("0.05")),
]

# diesel: 10 t × 43.33 × 0.0202 × 0.98 × 44/12            =  31.451224933… t
# gas:    5 × 389.31 × 0.0153 × 0.99 × 44/12               = 108.10944045 t
# R-410A: 100 kg × 5 % = 5 kg × 1923.5 (AR5)                =   9.6175 t  (GHG view only)


def test_china_view_nets_exports_and_counts_only_co2():
    # electricity: (1000 − 50) MWh × 0.5703 (ETS factor 2022) = 541.785 t
    # total: 31.451224933 + 108.10944045 + 541.785             = 681.345665383 t
    totals = build_inventory(LEDGER, snapshot(), china_regulatory(), CTX).totals()
    assert to_kg_int(totals.total_co2e_kg) == 681_346
    assert to_kg_int(totals.by_scope[1]) == 139_561  # 31 451.22 + 108 109.44 kg
    assert to_kg_int(totals.by_scope[2]) == 541_785
    assert set(totals.by_gas_mass_kg) == {"CO2"}


def test_ghg_view_reports_location_and_market_totals():
    inventory = build_inventory(LEDGER, snapshot(), ghg_protocol("AR5"), CTX)
    # location: no 2024 factor at any level, so the closest vintage (2023) at the most local level that has
    #   it: 1000 MWh × 0.4042 (South China grid 2023, official) = 404.2 t, exports not netted
    #   (Guangdong 2022, a transcription, is passed over as an older vintage)
    #   31.451224933 + 108.10944045 + 404.2 + 9.6175     = 553.378165383 t
    # market: (1000 − 200) MWh × 0.6096 (residual 2023)   = 487.68 t
    #   31.451224933 + 108.10944045 + 487.68 + 9.6175    = 636.858165383 t
    assert to_kg_int(inventory.totals("location").total_co2e_kg) == 553_378
    assert to_kg_int(inventory.totals("market").total_co2e_kg) == 636_858
    assert inventory.totals().total_co2e_kg == inventory.totals("location").total_co2e_kg
    assert inventory.totals().by_gas_co2e_kg["HFC-125"] == D("7925")  # 2.5 kg × 3170


def test_the_inventory_pins_its_snapshot_and_lists_provisional_factors():
    inventory = build_inventory(LEDGER, snapshot(), ghg_protocol("AR5"), CTX)
    assert inventory.snapshot_digest == snapshot().digest
    assert {c.factor.id for c in inventory.provisional_factors()} == {
        "grid.cn.south.2023", "grid.cn.national_excl_market_nonfossil.2023"}


@pytest.mark.parametrize(("value", "expected"), [
    ("0.5", 1), ("1.5", 2), ("2.4999", 2), ("-0.5", -1), ("123456.5", 123457),
])
def test_totals_are_stored_as_whole_kilograms_rounded_half_up(value, expected):
    assert to_kg_int(Decimal(value)) == expected


def test_intensities_per_revenue_value_added_output_area_and_employee():
    # 681 345.665… kg = 681.345665… t
    d = Denominators(revenue=D(50_000_000), revenue_unit="元", value_added=D(1200), output=D(300),
                     output_unit="t product", floor_area=D(20000), employees=250)
    result = intensities(D(681_345), d)
    assert result["revenue"].value == D("0.13626900")  # 681.345 t / 5000 万元
    assert result["value_added"].value == D("681.345") / 1200
    assert result["output"].unit == "tCO2e/t product"
    assert result["floor_area"].value == D("34.06725")  # kg/m²
    assert result["employees"].value == D("2.72538")


def test_missing_denominators_give_no_intensity():
    assert intensities(D(1000), Denominators()) == {}


def test_year_on_year_change_by_total_and_scope():
    this_year = build_inventory(LEDGER, snapshot(), china_regulatory(), CTX).totals()
    last_year = build_inventory(LEDGER[:1], snapshot(), china_regulatory(), CTX).totals()
    yoy = year_on_year(this_year, last_year)
    assert yoy.by_scope[2].previous == 0 and yoy.by_scope[2].ratio is None
    assert yoy.total.delta == this_year.total_co2e_kg - last_year.total_co2e_kg
    assert change(D(110), D(100)).ratio == D("0.1")


def test_the_payload_is_plain_data_that_the_restatement_diff_understands():
    before = inventory_payload(build_inventory(LEDGER, snapshot(), ghg_protocol("AR5"), CTX))
    canonical_json(before)  # serialisable: no Decimal-only or custom objects left in totals
    assert before["totals"]["location"]["total_co2e_kg"] == 553_378
    assert {line["line_id"] for line in before["lines"]} >= {"grid#location", "grid#market", "diesel"}
    after = inventory_payload(build_inventory(LEDGER[:-1], snapshot(), ghg_protocol("AR5"), CTX))
    diff = diff_reports(before, after)
    assert [line["line_id"] for line in diff.lines_removed] == ["ac"]
    assert {c.key for c in diff.totals_changed} >= {"location.total_co2e_kg", "market.total_co2e_kg"}
