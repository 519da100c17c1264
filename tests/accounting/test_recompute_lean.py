"""The bulk recompute's lean calculation (no traces) gives exactly what the full per-line calculation gives:
every line's emissions in every view, per gas and per enterprise, the quality report; and the trace a user
opens (built on demand by ``calculate_line``) is the one the full calculation builds eagerly."""

from __future__ import annotations

import random
from dataclasses import replace
from decimal import Decimal, InvalidOperation

import pytest

from tanxin.accounting.calculation import (
    LeanYearResult,
    compute_lean,
    compute_lines,
    compute_stored,
    compute_year,
    context_for,
    policies_for,
)
from tanxin.accounting.domain.calc import calculate_line
from tanxin.accounting.domain.errors import AccountingError
from tanxin.accounting.domain.lean import LeanCalculator
from tanxin.accounting.domain.place import Place
from tanxin.accounting.ledger import Refused, lean_line, to_domain
from tests.accounting.support import snapshot

FUELS_BY_MASS = ["ANTHRACITE", "BITUMINOUS", "COKE", "CRUDE_OIL", "DIESEL", "FUEL_OIL", "GASOLINE", "KEROSENE",
                 "LIGNITE", "LPG", "WASHED_COAL"]  # fmt: skip
LIQUIDS = ["DIESEL", "GASOLINE", "KEROSENE", "FUEL_OIL"]
GASES = ["NATURAL_GAS", "COKE_OVEN_GAS"]
CARBONATES = ["CaCO3", "MgCO3", "CaMg(CO3)2", "Na2CO3", "FeCO3", "BaCO3", "Li2CO3"]
REFRIGERANTS = ["R-404A", "R-407C", "R-410A", "HFC-134a", "HCFC-22", "HFC-32"]
PLACES = [Place("GD", "SOUTH", "440305"), Place(None, "EAST", ""), Place(None, None, "")]


def _q(rng: random.Random, low: float = 0.5, high: float = 5000) -> str:
    return f"{rng.uniform(low, high):.3f}"


def _sources(rng: random.Random) -> list[tuple[str, str, str, dict]]:
    """(kind, subject, unit, data template) covering every line kind and calculation method."""
    sources: list[tuple[str, str, str, dict]] = []
    for fuel in FUELS_BY_MASS:
        sources.append(("fuel", fuel, rng.choice(["t", "kg", "吨"]), {}))
    for fuel in LIQUIDS:
        sources.append(("fuel", fuel, "L", {"density_kg_per_l": "0.84"}))
    for fuel in GASES:
        sources.append(("fuel", fuel, rng.choice(["万Nm3", "Nm3", "m3"]), {}))
    # measured values (lab reports): NCV and carbon content near and far from the default, oxidation in and out
    # of the plausible range, a contractor's fuel in scope 3
    sources += [
        ("fuel", "BITUMINOUS", "t", {"measured_ncv": "23.1", "measured_cc": "0.0262", "measured_oxidation": "0.93"}),
        ("fuel", "ANTHRACITE", "t", {"measured_ncv": "30.5", "measured_oxidation": "0.7"}),
        ("fuel", "NATURAL_GAS", "万Nm3", {"measured_cc": "0.01532"}),
        ("fuel", "DIESEL", "t", {"measured_oxidation": "1", "scope": "3"}),
        ("electricity", "", "kWh", {"green_quantity": "0"}),
        ("electricity", "", "MWh", {"green_quantity": "1.5"}),
        ("electricity", "", "万kWh", {"direction": "exported"}),
        ("electricity", "", "kWh", {"scope": "3"}),
        ("heat", "", "GJ", {}),
        ("heat", "", "GJ", {"direction": "exported"}),
        ("steam", "", "t", {"enthalpy_kj_per_kg": "2780.5"}),
        ("steam", "", "t", {"pressure_mpa": "0.8"}),
        ("steam", "", "t", {"pressure_mpa": "0.6", "pressure_is_gauge": True, "temperature_c": "160"}),
        ("steam", "", "t", {"pressure_mpa": "1.0", "direction": "exported"}),
        ("hot_water", "", "t", {"temperature_c": "95"}),
    ]
    for substance in REFRIGERANTS:
        sources.append(("refrigerant_leak", substance, "kg", {"leak_rate": rng.choice(["0.05", "0.4"])}))
        sources.append(("refrigerant_balance", substance, "kg", {"stock_start": "40", "stock_end": "35",
                                                                  "recovered": "1"}))
    for carbonate in CARBONATES:
        sources.append(("carbonate", carbonate, rng.choice(["t", "kg"]), {"purity": rng.choice(["0.95", "0.4"])}))
    return sources


def generated_rows(seed: int, year: int = 2024) -> list[dict]:
    """One enterprise-year: every source monthly, with gaps, jumps and zero months, as stored rows."""
    rng = random.Random(seed)
    rows = []
    next_id = 1
    for source_id, (kind, subject, unit, template) in enumerate(_sources(rng), start=1):
        template = {k: v for k, v in template.items() if k != "scope"}  # a source's scope is not stored data
        months = [m for m in range(1, 13) if rng.random() > 0.08]
        for month in months:
            data = {key: value for key, value in template.items()}
            amount = "0" if rng.random() < 0.03 else _q(rng)
            if kind == "refrigerant_leak":
                data["charge"] = amount
            elif kind == "refrigerant_balance":
                data["purchased"] = _q(rng, 2, 20)
            else:
                data["quantity"] = amount
            if "green_quantity" in data and data["green_quantity"] != "0":
                data["green_quantity"] = str(Decimal(amount) / 4)
            rows.append({"id": next_id, "enterprise_id": 1, "kind": kind, "unit": unit, "data": data, "year": year,
                         "month": month, "source_id": source_id, "source__subject": subject,
                         "source__facility": rng.choice(["", "Plant 1"]), "source__name": f"source {source_id}"})
            next_id += 1
    return rows


def domain_lines(rows: list[dict], seed: int) -> tuple:
    """The rows as domain lines; the lines of sources a template puts in scope 3 get that override."""
    scope3 = {i for i, (_k, _s, _u, t) in enumerate(_sources(random.Random(seed)), start=1) if t.get("scope")}
    return tuple(replace(to_domain(r), scope=3) if r["source_id"] in scope3 else to_domain(r) for r in rows)


def _strict(value: Decimal) -> tuple:
    """The Decimal itself (sign, digits, exponent), not only its numeric value."""
    return value.as_tuple()


def _strict_pairs(pairs) -> list[tuple[str, tuple]]:
    return [(gas, _strict(kg)) for gas, kg in pairs]


def _assert_same(full, lean: LeanYearResult) -> None:
    assert lean.total_kg() == full.total_kg()
    assert lean.summary() == full.summary()
    assert lean.line_results() == full.line_results()
    assert lean.quality == full.quality
    for key, totals in full.totals().items():
        mine = lean.totals()[key]
        assert _strict(mine.total_co2e_kg) == _strict(totals.total_co2e_kg)
        for name in ("by_scope", "by_source_type", "by_gas_mass_kg", "by_gas_co2e_kg", "memo_kg"):
            theirs = {str(k): _strict(v) for k, v in getattr(totals, name).items()}
            assert {str(k): _strict(v) for k, v in getattr(mine, name).items()} == theirs, (key, name)


def _full_slots(full) -> dict[tuple[str, str], tuple]:
    """Every full result per (line, view slot): scope, source type, gases, CO2e per gas, CO2e, memo."""
    slots = {}
    for r in full.china.lines:
        slots[(r.line_id, "china")] = r
    for r in full.ghg.lines:
        for method in ("location", "market"):
            if r.scope2_method in (None, method):
                slots[(r.line_id, method)] = r
    return {k: (r.scope, str(r.source_type), _strict_pairs(r.gases_kg.items()), _strict_pairs(
        r.co2e_by_gas_kg.items()), _strict(r.co2e_kg), _strict_pairs(r.memo_kg.items())) for k, r in slots.items()}


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("ets_covered", [True, False])
def test_the_lean_calculation_equals_the_full_one_for_every_line_kind(seed, ets_covered):
    rows = generated_rows(seed, year=2024 if seed % 2 else 2023)
    year = rows[0]["year"]
    place = PLACES[seed % len(PLACES)]
    lines = domain_lines(rows, seed)
    assert any(line.scope == 3 for line in lines)
    full = compute_lines(lines, snapshot(), year, ets_covered=ets_covered, place=place)
    lean = compute_lean(lines, snapshot(), year, ets_covered=ets_covered, place=place)
    _assert_same(full, lean)
    # per line, per view slot, per gas: the identical Decimals
    calculator = LeanCalculator(snapshot(), policies_for(ets_covered), context_for(year, place))
    mine = {}
    for line in lines:
        outcome = calculator.line(line)
        for name, slot in (("china", outcome.china), ("location", outcome.location), ("market", outcome.market)):
            if slot is not None:
                mine[(line.line_id, name)] = (slot.scope, slot.source_type, _strict_pairs(slot.gases_kg),
                                              _strict_pairs(slot.co2e_by_gas_kg), _strict(slot.co2e_kg),
                                              _strict_pairs(slot.memo_kg))  # fmt: skip
    assert mine == _full_slots(full)
    assert full.quality.flags, "the generated set exercises the quality checks"


def test_a_shared_calculator_serves_many_enterprise_years_unchanged():
    place = PLACES[0]
    calculator = LeanCalculator(snapshot(), policies_for(False), context_for(2024, place))
    for seed in range(10, 14):
        rows = generated_rows(seed)
        full = compute_year(rows, snapshot(), 2024, ets_covered=False, place=place)
        stored = compute_stored(rows, snapshot(), 2024, ets_covered=False, place=place, calculator=calculator)
        assert isinstance(stored, LeanYearResult)
        _assert_same(full, stored)


def test_the_trace_opened_on_demand_is_the_one_the_full_calculation_builds():
    rows = generated_rows(3)
    place = PLACES[0]
    full = compute_year(rows, snapshot(), 2024, ets_covered=True, place=place)
    eager = {}
    for view, inventory in (("china", full.china), ("ghg", full.ghg)):
        for r in inventory.lines:
            eager[(view, r.line_id, r.scope2_method)] = (r.trace.as_dict(), r.factor_choices, r.gwp_set)
    on_demand = {}
    context = context_for(2024, place)
    china, ghg = policies_for(True)
    for line in full.lines:
        for view, policy in (("china", china), ("ghg", ghg)):
            for r in calculate_line(line, snapshot(), policy, context):
                on_demand[(view, r.line_id, r.scope2_method)] = (r.trace.as_dict(), r.factor_choices, r.gwp_set)
    assert on_demand == eager
    steps = [step for trace, _c, _g in eager.values() for step in trace]
    assert any("chosen at" in s["label"] for s in steps), "the trace names the factor and its level"
    assert any("GWP" in s["formula"] for s in steps), "the trace names the GWP set"


@pytest.mark.parametrize("bad", [
    {"kind": "fuel", "source__subject": "UNOBTAINIUM"},  # no factor in the library
    {"kind": "fuel", "source__subject": "NATURAL_GAS", "unit": "L"},  # a gas by liquid volume
    {"kind": "electricity", "data": {"quantity": "10", "green_quantity": "20"}},
    {"kind": "refrigerant_balance", "source__subject": "R-410A", "data": {"stock_start": "1", "stock_end": "9"}},
    {"kind": "carbonate", "source__subject": "CaCO3", "data": {"quantity": "-1"}},
])
def test_a_line_the_library_cannot_compute_fails_the_same_way_in_both(bad):
    rows = generated_rows(1)
    broken = {**rows[0], **bad}
    broken.setdefault("data", rows[0]["data"])
    rows[0] = broken
    with pytest.raises(AccountingError) as full:
        compute_year(rows, snapshot(), 2024, ets_covered=False)
    with pytest.raises(AccountingError) as stored:
        compute_stored(rows, snapshot(), 2024, ets_covered=False)
    assert (stored.value.code, stored.value.details) == (full.value.code, full.value.details)


def _fields(line) -> dict:
    return {k: (v.as_tuple() if isinstance(v, Decimal) else (type(v), v)) for k, v in vars(line).items()}


@pytest.mark.parametrize("seed", range(3))
def test_the_bulk_line_builder_builds_the_same_lines_as_to_domain(seed):
    for row in generated_rows(seed):
        lean, full = lean_line(row), to_domain(row)
        assert type(lean) is type(full)
        assert lean == full
        assert _fields(lean) == _fields(full)


@pytest.mark.parametrize("data", [
    {"quantity": "-1"}, {"quantity": "NaN"}, {"quantity": "abc"}, {"quantity": 1.5}, {"quantity": True},
    {"quantity": "1", "purity": "1.2"}, {"quantity": "1", "colour": "red"}, {"quantity": "1", "unit": "t"}, {},
])
def test_the_bulk_line_builder_leaves_every_doubtful_row_to_to_domain(data):
    row = {**generated_rows(0)[0], "kind": "carbonate", "source__subject": "CaCO3", "data": data}
    with pytest.raises((AccountingError, TypeError)):
        to_domain(row)
    with pytest.raises((Refused, InvalidOperation)):
        lean_line(row)
