from decimal import Decimal

import pytest

from tanxin.accounting.domain import units
from tanxin.accounting.domain.errors import UnitError
from tanxin.accounting.domain.loaders import load_parameters
from tests.accounting.support import DATA_DIR


@pytest.mark.parametrize(
    ("value", "unit", "target", "expected"),
    [
        ("3", "万kWh", "MWh", "30"),
        ("1", "kWh", "MWh", "0.001"),
        ("2", "10^4 Nm³", "Nm3", "20000"),
        ("2", "万Nm3", "m³", "20000"),
        ("1500", "kg", "t", "1.5"),
        ("1", "tce", "GJ", "29.3076"),
        ("1000", "kgce", "tce", "1"),
        ("2", "万元", "元", "20000"),
        ("1", "m3", "L", "1000"),
        ("12", "度", "kWh", "12"),
        ("5", "万吨", "t", "50000"),
    ],
)
def test_conversions_are_exact_decimals(value, unit, target, expected):
    result = units.convert(Decimal(value), unit, target)
    assert isinstance(result, Decimal)
    assert result == Decimal(expected)


def test_conversion_factor_between_powers_of_ten_has_no_float_residue():
    assert str(units.conversion_factor("kWh", "MWh").normalize()) == "0.001"


def test_full_width_and_spaced_spellings_are_the_same_unit():
    assert units.canonical_unit("１０^４ Ｎm³") == units.canonical_unit("万Nm3")


def test_unknown_unit_is_refused_with_a_stable_code():
    with pytest.raises(UnitError) as err:
        units.convert(Decimal(1), "furlong", "m3")
    assert err.value.code == "unknown_unit"
    assert "furlong" in err.value.message


def test_megawatt_hours_cannot_be_converted_to_tonnes():
    with pytest.raises(UnitError) as err:
        units.convert(Decimal(1), "MWh", "t")
    assert err.value.code == "dimension_mismatch"


def test_floats_are_refused():
    with pytest.raises(TypeError):
        units.convert(0.1, "kWh", "MWh")  # type: ignore[arg-type]


def test_dimensions_have_readable_names():
    assert [units.dimension_of(u) for u in ("MWh", "t", "L", "万元", "m2")] == [
        "energy", "mass", "volume", "currency", "area"]


def test_kgce_definition_matches_the_parameter_table():
    kgce = {p.id: p for p in load_parameters(DATA_DIR / "parameters.csv")}["energy.kgce"]
    assert kgce.unit == "MJ/kgce"
    assert kgce.value == units.KGCE_MJ
