"""The two accounting views' choices (which policy, which gases, which scope) and the figure bundle a published
number is recomputed from outside the platform (generated mutants showed these untested)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from decimal import Decimal as D

import pytest

from tanxin.accounting.domain import bundle, units
from tanxin.accounting.domain.calc import (
    CalcContext,
    calculate_line,
    calculate_line_in_views,
    calculate_lines,
    china_regulatory,
    ghg_protocol,
    source_type_of,
    view_policy,
)
from tanxin.accounting.domain.errors import AccountingError
from tanxin.accounting.domain.factors import Factor, GwpSet, Parameter, make_snapshot
from tanxin.accounting.domain.lines import Direction, Electricity, FuelCombustion, Heat, RefrigerantLeakRate

YEAR = 2024
CONTEXT = CalcContext(YEAR, province="GD", region="SOUTH")


def factor(fid: str, family: str, subject: str, value: str, unit: str) -> Factor:
    return Factor(fid, family, subject, YEAR, D(value), unit, "test", "V")


LIBRARY = make_snapshot(
    [factor("diesel-ncv", "fuel_ncv", "DIESEL", "40", "GJ/t"), factor("diesel-cc", "fuel_cc", "DIESEL", "0.02",
                                                                       "tC/GJ"),
     factor("diesel-of", "fuel_of", "DIESEL", "0.9", "fraction"), factor("ets", "grid_ets", "CN", "0.5", "tCO2/MWh"),
     factor("avg", "grid_average", "CN", "0.6", "tCO2/MWh"), factor("gd", "grid_provincial", "GD", "0.4",
                                                                     "tCO2/MWh"),
     factor("residual", "grid_residual", "CN", "0.8", "tCO2/MWh"), factor("heat", "heat", "HEAT", "0.11",
                                                                         "tCO2/GJ")],
    [GwpSet("SAR", {"CO2": D(1), "HFC-32": D(650), "HCFC-22": D(1500)}),
     GwpSet("AR5", {"CO2": D(1), "HFC-32": D(677), "HCFC-22": D(1760)}),
     GwpSet("AR6", {"CO2": D(1), "HFC-32": D(771), "HCFC-22": D(1960)})],
    parameters=[Parameter("chem.molar_mass_co2", D(44), "g/mol", "t", "V"),
                Parameter("chem.molar_mass_c", D(12), "g/mol", "t", "V")],
)
DIESEL = FuelCombustion("f", "DIESEL", D(10), "t")  # 10 × 40 × 0.02 × 0.9 × 44 / 12 = 26.4 t


def test_a_view_is_named_and_may_take_another_gwp_set():
    assert view_policy("china_regulatory") == china_regulatory()
    assert view_policy("china_regulatory", ets_covered=False) == china_regulatory(False)
    assert view_policy("ghg_protocol") == ghg_protocol()
    assert view_policy("ghg_protocol", gwp_set="AR6").gwp_set == "AR6"
    assert view_policy("ghg_protocol", gwp_set="AR6").name == "ghg_protocol"
    with pytest.raises(AccountingError) as refused:
        view_policy("iso_14064")
    assert refused.value.code == "unknown_view"


@dataclass(frozen=True)
class Biomass:
    line_id: str
    scope: int | None = None
    period: str | None = None


def test_a_line_kind_the_calculators_do_not_know_is_refused():
    for call in (lambda: source_type_of(Biomass("b")),
                 lambda: calculate_line(Biomass("b"), LIBRARY, ghg_protocol(), CONTEXT)):
        with pytest.raises(AccountingError) as refused:
            call()
        assert refused.value.code == "unknown_line_type"


def test_a_line_list_gives_every_lines_results_and_refuses_a_repeated_id():
    results = calculate_lines([DIESEL, Heat("h", D(100), "GJ")], LIBRARY, ghg_protocol(), CONTEXT)
    assert [(r.line_id, r.co2e_kg) for r in results] == [("f", D(26400)), ("h", D(11000))]  # 100 GJ × 0.11
    with pytest.raises(AccountingError) as refused:
        calculate_lines([DIESEL, Heat("f", D(1), "GJ")], LIBRARY, ghg_protocol(), CONTEXT)
    assert refused.value.code == "duplicate_line_id"


def test_a_scope_3_line_is_kept_by_the_ghg_protocol_only_and_keeps_its_scope():
    line = FuelCombustion("f", "DIESEL", D(10), "t", scope=3)
    assert calculate_line(line, LIBRARY, china_regulatory(), CONTEXT) == []
    china, ghg = calculate_line_in_views(line, LIBRARY, (china_regulatory(), ghg_protocol()), CONTEXT)
    assert china == []
    assert [(r.scope, r.co2e_kg) for r in ghg] == [(3, D(26400))]
    # without an override each source keeps its default scope
    china, ghg = calculate_line_in_views(DIESEL, LIBRARY, (china_regulatory(), ghg_protocol()), CONTEXT)
    assert [r.scope for r in china + ghg] == [1, 1]


def test_china_counts_only_the_co2_and_the_ghg_protocol_sets_a_non_kyoto_gas_apart():
    leak = RefrigerantLeakRate("r", "HFC-32", D(10), "kg", D("0.5"))  # 5 kg HFC-32
    [china] = calculate_line(leak, LIBRARY, china_regulatory(), CONTEXT)
    assert (dict(china.gases_kg), china.co2e_kg) == ({}, D(0))
    assert ("HFC-32 not counted", "china_regulatory counts only CO2 for refrigerant") in [
        (s.label, s.note) for s in china.trace.steps]
    [ghg] = calculate_line(leak, LIBRARY, ghg_protocol(), CONTEXT)
    assert (dict(ghg.gases_kg), ghg.co2e_kg) == ({"HFC-32": D(5)}, D(3385))  # 5 × 677
    hcfc = RefrigerantLeakRate("r", "HCFC-22", D(10), "kg", D("0.5"))
    [memo] = calculate_line(hcfc, LIBRARY, ghg_protocol(), CONTEXT)
    assert (dict(memo.memo_kg), dict(memo.gases_kg), memo.co2e_kg) == ({"HCFC-22": D(5)}, {}, D(0))
    assert "HCFC-22 reported separately" in [s.label for s in memo.trace.steps]


def test_a_gwp_set_the_library_lacks_is_refused():
    with pytest.raises(AccountingError) as refused:
        LIBRARY.gwp_set("AR7")
    assert refused.value.code == "unknown_gwp_set"


@pytest.mark.parametrize(("unit", "known"), [("kWh", True), ("万 kWh", True), ("furlong", False), ("", False)])
def test_a_unit_is_known_only_when_it_is_in_the_alias_table(unit, known):
    assert units.is_known_unit(unit) is known


# --- the figure bundle ---------------------------------------------------------------------------------------


def _bundle(**changes) -> dict:
    # China: fuel 26,400 + heat 11,000 (100 GJ × 0.11) + electricity 200 MWh × 0.5 (ETS) = 137,400 kg.
    # GHG location: 26,400 + 11,000 + 200 × 0.4 (Guangdong) = 117,400; market: 200 × 0.8 residual -> 197,400.
    data = {
        "format": bundle.BUNDLE_FORMAT, "factor_library": bundle.snapshot_content(LIBRARY),
        "snapshot_digest": LIBRARY.digest, "year": YEAR, "place": {"province": "GD", "grid_region": "SOUTH"},
        "rules": {"ets_covered": True, "ghg_gwp_set": "AR5"},
        "activity_lines": [
            {"id": 1, "kind": "fuel", "unit": "t", "data": {"quantity": "10", "measured_cc": ""}, "year": YEAR,
             "month": 3, "subject": "DIESEL", "series": "Boiler 1"},
            {"id": 2, "kind": "heat", "unit": "GJ", "data": {"quantity": "100", "scope": None}, "year": YEAR,
             "month": 0, "subject": ""},
            {"id": 3, "kind": "electricity", "unit": "MWh", "data": {"quantity": "200", "direction": "purchased"},
             "year": YEAR, "month": 12, "subject": ""},
        ],
        "expected": {"total_kg": {"china_regulatory": 137400, "ghg_protocol_location": 117400,
                                  "ghg_protocol_market": 197400}},
    }
    data.update(changes)
    return json.loads(json.dumps(data))


def test_a_bundle_recomputes_to_its_expected_totals_with_the_library_it_names():
    result = bundle.recompute(_bundle())
    assert result.total_kg == {"china_regulatory": 137400, "ghg_protocol_location": 117400,
                               "ghg_protocol_market": 197400}
    assert (result.digest, result.digest_matches, result.matches) == (LIBRARY.digest, True, True)


def test_a_bundle_row_becomes_the_domain_line_it_was_stored_as():
    row = _bundle()["activity_lines"][0]
    assert bundle.line_from_row(row) == FuelCombustion("1", "DIESEL", D(10), "t", period="2024-03",
                                                       facility="Boiler 1")
    assert bundle.line_from_row(_bundle()["activity_lines"][1]).period is None  # an annual figure


def test_a_bundle_with_another_digest_or_another_total_does_not_match():
    other_digest = bundle.recompute(_bundle(snapshot_digest="0" * 64))
    assert (other_digest.digest_matches, other_digest.matches) == (False, False)
    expected = {"china_regulatory": 137401, "ghg_protocol_location": 117400, "ghg_protocol_market": 197400}
    other_total = bundle.recompute(_bundle(expected={"total_kg": expected}))
    assert (other_total.digest_matches, other_total.matches) == (True, False)


def test_a_file_that_is_not_a_figure_bundle_is_refused():
    with pytest.raises(AccountingError) as refused:
        bundle.recompute(_bundle(format="tanxin-figure-bundle/0"))
    assert refused.value.code == "unknown_bundle_format"


def test_the_command_line_prints_each_total_and_exits_1_on_a_mismatch(tmp_path, capsys):
    good, bad = tmp_path / "good.json", tmp_path / "bad.json"
    good.write_text(json.dumps(_bundle()), encoding="utf-8")
    bad.write_text(json.dumps(_bundle(snapshot_digest="0" * 64)), encoding="utf-8")
    assert bundle.main([str(good)]) == 0
    out = capsys.readouterr().out
    assert f"factor library digest {LIBRARY.digest} matches" in out
    assert "china_regulatory: 137400 kgCO2e (expected 137400) ok" in out
    assert bundle.main([str(bad)]) == 1
    assert "DIFFERS" in capsys.readouterr().out
    assert bundle.main([]) == 2


def test_the_ghg_protocol_notes_in_the_trace_that_it_does_not_net_exports():
    exported = Electricity("x", D(10), "MWh", direction=Direction.EXPORTED)
    results = calculate_line(exported, LIBRARY, ghg_protocol(), CONTEXT)
    assert [(r.scope2_method, r.co2e_kg) for r in results] == [("location", D(0)), ("market", D(0))]
    for r in results:
        assert [(s.label, s.note) for s in r.trace.steps][-2] == (
            "exported electricity", "not netted against purchases in this view")
    [heat] = calculate_line(Heat("h", D(10), "GJ", direction=Direction.EXPORTED), LIBRARY, ghg_protocol(), CONTEXT)
    assert heat.co2e_kg == 0 and "exported heat" in [s.label for s in heat.trace.steps]


def test_the_location_based_grid_factor_is_the_reporting_years_at_the_most_local_level_that_has_one():
    # Guangdong last published for 2022, the South grid for 2024: the place rule takes the South grid's 2024
    # factor (10 MWh × 0.5 = 5 t) over Guangdong's older one, where a prescription read in order would not.
    grid = [f for f in LIBRARY.factors.values() if f.id != "gd"]
    grid += [Factor("gd-2022", "grid_provincial", "GD", 2022, D("0.3"), "tCO2/MWh", "test", "V"),
             factor("south", "grid_regional", "SOUTH", "0.5", "tCO2/MWh")]
    snap = make_snapshot(grid, LIBRARY.gwp_sets.values())
    [location, _market] = calculate_line(Electricity("e", D(10), "MWh"), snap, ghg_protocol(), CONTEXT)
    assert (location.factor_choices[0].factor.id, location.co2e_kg) == ("south", D(5000))


@pytest.mark.parametrize("text", ["abc", "1,5", "NaN", "Infinity", True])
def test_a_quantity_that_is_not_a_finite_decimal_number_is_refused_when_the_line_is_built(text):
    with pytest.raises(AccountingError) as refused:
        Heat("h", text, "GJ")
    assert (refused.value.code, refused.value.details) == ("not_a_number", {"field": "quantity"})


def test_a_quantity_given_as_text_or_an_integer_becomes_a_decimal():
    assert Heat("h", "12.50", "GJ").quantity == D("12.50") and Heat("h", 3, "GJ").quantity == D(3)
