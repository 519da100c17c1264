"""Properties that must hold for any ledger, not just the hand-worked ones."""

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from tanxin.accounting.domain.calc import CalcContext, calculate_line, china_regulatory, ghg_protocol
from tanxin.accounting.domain.inventory import build_inventory
from tanxin.accounting.domain.lines import (
    Carbonate,
    Direction,
    Electricity,
    FuelCombustion,
    Heat,
    RefrigerantLeakRate,
)
from tests.accounting.support import snapshot

CTX = CalcContext(reporting_year=2024)
TOLERANCE_KG = Decimal("1e-9")  # Decimal sums of 28-digit products may differ in the last digit

amounts = st.decimals(min_value=0, max_value=10**6, places=3, allow_nan=False, allow_infinity=False)
fractions = st.decimals(min_value=0, max_value=1, places=2)
fuels = st.sampled_from(["DIESEL", "GASOLINE", "BITUMINOUS", "ANTHRACITE", "LPG", "COKE"])
refrigerants = st.sampled_from(["R-410A", "R-407C", "R-404A", "HFC-134a", "HFC-32"])


@st.composite
def lines(draw, prefix: str):
    """A random ledger with unique line ids per ``prefix``."""
    makers = [
        lambda i: FuelCombustion(f"{prefix}{i}", draw(fuels), draw(amounts), "t"),
        lambda i: FuelCombustion(f"{prefix}{i}", "NATURAL_GAS", draw(amounts), "万Nm3"),
        lambda i: Electricity(f"{prefix}{i}", draw(amounts), "MWh",
                              direction=draw(st.sampled_from(list(Direction)))),
        lambda i: Heat(f"{prefix}{i}", draw(amounts), "GJ"),
        lambda i: RefrigerantLeakRate(f"{prefix}{i}", draw(refrigerants), draw(amounts), "kg",
                                      draw(fractions)),
        lambda i: Carbonate(f"{prefix}{i}", "CaCO3", draw(amounts), "t", purity=draw(fractions)),
    ]
    kinds = draw(st.lists(st.integers(0, len(makers) - 1), max_size=6))
    return [makers[k](i) for i, k in enumerate(kinds)]


def co2e(line, policy=None) -> list[Decimal]:
    return [r.co2e_kg for r in calculate_line(line, snapshot(), policy or ghg_protocol(), CTX)]


@given(fuel=fuels, tonnes=amounts)
def test_the_same_fuel_in_tonnes_or_kilograms_emits_the_same(fuel, tonnes):
    in_kg = co2e(FuelCombustion("b", fuel, tonnes * 1000, "kg"))
    assert co2e(FuelCombustion("a", fuel, tonnes, "t")) == in_kg


@given(mwh=amounts)
def test_electricity_in_kwh_mwh_or_wan_kwh_emits_the_same(mwh):
    in_mwh = co2e(Electricity("a", mwh, "MWh"))
    assert co2e(Electricity("b", mwh * 1000, "kWh")) == in_mwh
    assert co2e(Electricity("c", mwh / 10, "万kWh")) == in_mwh


@given(quantity=amounts)
def test_natural_gas_in_cubic_metres_or_ten_thousands_emits_the_same(quantity):
    assert co2e(FuelCombustion("a", "NATURAL_GAS", quantity, "万Nm3")) == co2e(
        FuelCombustion("b", "NATURAL_GAS", quantity * 10000, "m3"))


@settings(max_examples=60, deadline=None)
@given(a=lines("a"), b=lines("b"), policy=st.sampled_from([china_regulatory(), ghg_protocol("AR6")]))
def test_the_inventory_of_two_ledgers_is_the_sum_of_their_inventories(a, b, policy):
    whole = build_inventory(a + b, snapshot(), policy, CTX)
    part_a = build_inventory(a, snapshot(), policy, CTX)
    part_b = build_inventory(b, snapshot(), policy, CTX)
    for method in policy.scope2_methods:
        total, ta, tb = whole.totals(method), part_a.totals(method), part_b.totals(method)
        assert abs(total.total_co2e_kg - ta.total_co2e_kg - tb.total_co2e_kg) <= TOLERANCE_KG
        for scope in (1, 2, 3):
            assert abs(total.by_scope[scope] - ta.by_scope[scope] - tb.by_scope[scope]) <= TOLERANCE_KG


@settings(max_examples=60, deadline=None)
@given(ledger=lines("x"))
def test_changing_the_gwp_set_only_changes_non_co2_gases(ledger):
    ar5 = build_inventory(ledger, snapshot(), ghg_protocol("AR5"), CTX).totals()
    ar6 = build_inventory(ledger, snapshot(), ghg_protocol("AR6"), CTX).totals()
    assert ar5.by_gas_mass_kg == ar6.by_gas_mass_kg  # masses never depend on the GWP set
    assert ar5.by_gas_co2e_kg.get("CO2") == ar6.by_gas_co2e_kg.get("CO2")
    gwp5, gwp6 = snapshot().gwp_set("AR5"), snapshot().gwp_set("AR6")
    expected = sum((kg * (gwp6.gwp(g) - gwp5.gwp(g)) for g, kg in ar5.by_gas_mass_kg.items() if g != "CO2"),
                   Decimal(0))
    assert abs((ar6.total_co2e_kg - ar5.total_co2e_kg) - expected) <= TOLERANCE_KG


@given(mwh=amounts)
def test_exporting_what_was_purchased_nets_to_zero_in_the_china_view(mwh):
    ledger = [Electricity("in", mwh, "MWh"), Electricity("out", mwh, "MWh", direction=Direction.EXPORTED)]
    assert build_inventory(ledger, snapshot(), china_regulatory(), CTX).totals().by_scope[2] == 0


@given(ledger=lines("y"))
def test_every_counted_line_is_non_negative_in_the_ghg_view(ledger):
    for result in build_inventory(ledger, snapshot(), ghg_protocol(), CTX).lines:
        assert result.co2e_kg >= 0
