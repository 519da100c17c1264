from decimal import Decimal

import pytest

from tanxin.accounting.domain.calc import CalcContext, calculate_line, calculate_lines, china_regulatory
from tanxin.accounting.domain.errors import ActivityError, FactorError, UnitError
from tanxin.accounting.domain.lines import (
    Electricity,
    FuelCombustion,
    HotWater,
    RefrigerantLeakRate,
    RefrigerantMassBalance,
    Steam,
)
from tests.accounting.support import D, snapshot

CTX = CalcContext(reporting_year=2024)


def run(line):
    return calculate_line(line, snapshot(), china_regulatory(), CTX)


def code_of(exc_info) -> str:
    return exc_info.value.code


def test_a_negative_quantity_is_refused_when_the_line_is_built():
    with pytest.raises(ActivityError) as err:
        FuelCombustion("f", "DIESEL", D(-1), "t")
    assert code_of(err) == "negative_quantity" and err.value.details["field"] == "quantity"


def test_a_float_quantity_is_refused():
    with pytest.raises(ActivityError) as err:
        Electricity("e", 0.1, "MWh")  # type: ignore[arg-type]
    assert code_of(err) == "not_a_number"


def test_a_leak_rate_above_one_is_refused():
    with pytest.raises(ActivityError) as err:
        RefrigerantLeakRate("r", "R-410A", D(10), "kg", D("1.5"))
    assert code_of(err) == "fraction_out_of_range"


def test_an_unknown_unit_is_refused():
    with pytest.raises(UnitError) as err:
        run(Electricity("e", D(1), "barrels"))
    assert code_of(err) == "unknown_unit"


def test_megawatt_hours_entered_as_tonnes_are_refused():
    with pytest.raises(UnitError) as err:
        run(Electricity("e", D(100), "t"))
    assert code_of(err) == "dimension_mismatch"


def test_natural_gas_in_tonnes_is_refused_because_its_ncv_is_per_volume():
    with pytest.raises(UnitError) as err:
        run(FuelCombustion("f", "NATURAL_GAS", D(1), "t"))
    assert code_of(err) == "dimension_mismatch"


def test_a_liquid_by_volume_without_density_is_refused():
    with pytest.raises(ActivityError) as err:
        run(FuelCombustion("f", "DIESEL", D(1000), "L"))
    assert code_of(err) == "density_required"


def test_an_unknown_fuel_is_refused():
    with pytest.raises(FactorError) as err:
        run(FuelCombustion("f", "UNOBTAINIUM", D(1), "t"))
    assert code_of(err) == "unknown_factor"


def test_more_green_electricity_than_purchased_is_refused():
    with pytest.raises(ActivityError) as err:
        run(Electricity("e", D(10), "MWh", green_quantity=D(11)))
    assert code_of(err) == "green_exceeds_purchased"


def test_superheated_steam_needs_an_explicit_enthalpy():
    with pytest.raises(ActivityError) as err:
        run(Steam("s", D(1), "t", pressure_mpa=D("1.0"), temperature_c=D(250)))
    assert code_of(err) == "superheated_needs_enthalpy"


def test_steam_without_any_state_is_refused():
    with pytest.raises(ActivityError) as err:
        run(Steam("s", D(1), "t"))
    assert code_of(err) == "steam_state_required"


def test_steam_pressure_outside_the_table_is_refused():
    with pytest.raises(ActivityError) as err:
        run(Steam("s", D(1), "t", pressure_mpa=D(10)))
    assert code_of(err) == "steam_out_of_table"


def test_hot_water_at_or_below_20_degrees_is_refused():
    with pytest.raises(ActivityError) as err:
        run(HotWater("w", D(1), "t", temperature_c=D(20)))
    assert code_of(err) == "water_below_base"


def test_a_negative_mass_balance_is_refused():
    with pytest.raises(ActivityError) as err:
        run(RefrigerantMassBalance("r", "HFC-134a", "kg", stock_start=D(0), stock_end=D(10)))
    assert code_of(err) == "negative_mass_balance"


def test_an_unknown_refrigerant_is_refused():
    with pytest.raises(FactorError) as err:
        run(RefrigerantLeakRate("r", "R-999", D(1), "kg", D("0.1")))
    assert code_of(err) == "unknown_substance"


def test_duplicate_line_ids_are_refused():
    line = Electricity("e", D(1), "MWh")
    with pytest.raises(ActivityError) as err:
        calculate_lines([line, line], snapshot(), china_regulatory(), CTX)
    assert code_of(err) == "duplicate_line_id"


def test_errors_carry_an_english_message_and_string_details():
    with pytest.raises(ActivityError) as err:
        FuelCombustion("f", "DIESEL", Decimal(-2), "t")
    assert err.value.message == "quantity must not be negative (got -2)."
    assert err.value.status == 400


@pytest.mark.parametrize("period", ["2024-13", "2024-3", "March 2024"])
def test_a_period_that_is_not_a_month_is_refused(period):
    with pytest.raises(ActivityError) as err:
        Electricity("e", D(1), "MWh", period=period)
    assert code_of(err) == "invalid_period"
