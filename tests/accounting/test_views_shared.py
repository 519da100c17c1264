"""Computing several views at once gives exactly what computing each view alone gives."""

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from tanxin.accounting.domain.calc import CalcContext, china_regulatory, ghg_protocol
from tanxin.accounting.domain.inventory import build_inventories, build_inventory, inventory_payload
from tanxin.accounting.domain.lines import (
    Carbonate,
    Direction,
    Electricity,
    FuelCombustion,
    Heat,
    RefrigerantLeakRate,
    Steam,
)
from tests.accounting.support import snapshot

CTX = CalcContext(reporting_year=2024)
POLICIES = (china_regulatory(True), ghg_protocol("AR5"), ghg_protocol("AR6"))
amounts = st.decimals(min_value=Decimal("0.001"), max_value=Decimal(100000), places=3)


@settings(max_examples=40, deadline=None)
@given(amounts, amounts, amounts, st.booleans())
def test_shared_calculation_equals_one_view_at_a_time(fuel, power, heat, exported):
    direction = Direction.EXPORTED if exported else Direction.PURCHASED
    lines = [
        FuelCombustion("f", "DIESEL", fuel, "t"), Electricity("e", power, "MWh", direction=direction),
        Heat("h", heat, "GJ", direction=direction), Steam("s", heat, "t", pressure_mpa=Decimal("0.8")),
        RefrigerantLeakRate("r", "R-410A", fuel, "kg", Decimal("0.05"), scope=3), Carbonate("c", "CaCO3", fuel, "t"),
    ]  # fmt: skip
    together = build_inventories(lines, snapshot(), POLICIES, CTX)
    for policy, inventory in zip(POLICIES, together, strict=True):
        alone = build_inventory(lines, snapshot(), policy, CTX)
        assert inventory_payload(inventory) == inventory_payload(alone)
        assert [r.trace.as_dict() for r in inventory.lines] == [r.trace.as_dict() for r in alone.lines]
