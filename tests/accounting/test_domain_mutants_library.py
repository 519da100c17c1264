"""The factor library's lookups and refusals, and the ranking of sources by how official they are (generated
mutants over all of ``accounting/domain`` showed these untested)."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from tanxin.accounting.domain.calc import CalcContext, calculate_lines_in_views, china_regulatory, ghg_protocol
from tanxin.accounting.domain.errors import AccountingError
from tanxin.accounting.domain.factors import (
    Factor,
    GwpSet,
    Level,
    Parameter,
    make_snapshot,
    select_by_place,
    select_factor,
)
from tanxin.accounting.domain.lines import Heat

GD = Level("provincial", "grid_provincial", "GD")
CN = Level("national", "grid_average", "CN")


def factor(fid: str, year: int | None, confidence: str = "V", family: str = "grid_provincial",
           subject: str = "GD") -> Factor:  # fmt: skip
    return Factor(fid, family, subject, year, D("0.5"), "tCO2/MWh", "test", confidence)


@pytest.mark.parametrize(("better", "worse"), [("V", "V-3p"), ("V-3p", "M"), ("M", "unrecognised")])
def test_at_the_same_vintage_and_level_the_more_official_source_wins(better, worse):
    # "a" sorts first by id, so only the confidence rank can put "b" first
    choice = select_by_place([(0, GD, factor("a", 2024, worse)), (0, GD, factor("b", 2024, better))], (GD,), 2024)
    assert choice.factor.id == "b"
    assert [(p.factor_id, p.reason) for p in choice.passed_over] == [("a", "less_official")]


@pytest.mark.parametrize("confidence", ["V", "unrecognised"])
def test_a_tie_in_vintage_level_and_source_is_settled_by_id_as_a_lower_preference(confidence):
    choice = select_by_place([(0, GD, factor("b", 2024, confidence)), (0, GD, factor("a", 2024, confidence))],
                             (GD,), 2024)
    assert choice.factor.id == "a"
    assert [(p.factor_id, p.reason) for p in choice.passed_over] == [("b", "lower_preference")]


def test_later_vintages_are_listed_most_local_level_first():
    candidates = [(1, CN, factor("a-cn-2026", 2026, family="grid_average", subject="CN")),
                  (0, GD, factor("z-gd-2025", 2025)), (0, GD, factor("gd-2024", 2024))]
    choice = select_by_place(candidates, (GD, CN), 2024)
    assert choice.factor.id == "gd-2024"
    assert [(p.factor_id, p.level, p.reason) for p in choice.passed_over] == [
        ("z-gd-2025", "provincial", "later_vintage"), ("a-cn-2026", "national", "later_vintage")]


def test_a_lookup_with_nothing_published_names_the_first_level_it_tried():
    with pytest.raises(AccountingError) as refused:
        select_by_place([(0, GD, factor("gd-2025", 2025))], (GD, CN), 2024)
    assert (refused.value.code, refused.value.details["family"], refused.value.details["subject"]) == (
        "unknown_factor", "grid_provincial", "GD")
    with pytest.raises(AccountingError) as refused:
        select_by_place([], (), 2024)
    assert refused.value.details["family"] == ""


def test_one_family_and_subject_is_picked_out_of_a_mixed_list():
    factors = [factor("diesel", 2023, family="fuel_ncv", subject="DIESEL"),
               factor("gasoline", 2024, family="fuel_ncv", subject="GASOLINE"),
               factor("diesel-cc", 2024, family="fuel_cc", subject="DIESEL")]
    choice = select_factor(factors, "fuel_ncv", "DIESEL", 2024)
    assert (choice.factor.id, choice.passed_over) == ("diesel", ())


LIBRARY = make_snapshot([factor("gd-2024", 2024), Factor("heat", "heat", "HEAT", None, D("0.11"), "tCO2/GJ", "t", "V")],
                        [GwpSet("SAR", {"CO2": D(1)}), GwpSet("AR5", {"CO2": D(1)})],
                        parameters=[Parameter("steam.reference_enthalpy", D("83.74"), "kJ/kg", "t", "V")])


def test_a_factor_and_a_parameter_are_found_by_id_and_an_unknown_one_is_refused():
    assert LIBRARY.factor("gd-2024").year == 2024
    assert LIBRARY.parameter("steam.reference_enthalpy").value == D("83.74")
    with pytest.raises(AccountingError) as refused:
        LIBRARY.factor("gd-2099")
    assert (refused.value.code, refused.value.details) == ("unknown_factor_id", {"factor_id": "gd-2099"})
    with pytest.raises(AccountingError) as refused:
        LIBRARY.parameter("hot_water.base_temperature")
    assert (refused.value.code, refused.value.details) == ("unknown_parameter",
                                                           {"parameter_id": "hot_water.base_temperature"})


def test_several_views_refuse_a_line_id_given_twice():
    lines = [Heat("h", D(1), "GJ"), Heat("h", D(2), "GJ")]
    with pytest.raises(AccountingError) as refused:
        calculate_lines_in_views(lines, LIBRARY, (china_regulatory(), ghg_protocol()), CalcContext(2024))
    assert refused.value.code == "duplicate_line_id"
