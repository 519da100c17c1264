"""Which factor wins, why the others were passed over, and how a trace names its inputs (generated mutants
showed these untested)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal as D

from tanxin.accounting.domain import trace
from tanxin.accounting.domain.factors import Factor, Level, select_by_place

GD = Level("provincial", "grid_provincial", "GD")


def factor(fid: str, year: int | None, confidence: str = "V") -> Factor:
    return Factor(fid, "grid_provincial", "GD", year, D("0.5"), "tCO2/MWh", "test", confidence)


def test_an_official_value_beats_a_transcription_of_the_same_vintage_and_level():
    # "a" sorts first by id, so only the confidence rank (V = 0 before V-3p = 1) can put "b" first.
    choice = select_by_place([(0, GD, factor("a", 2022, "V-3p")), (0, GD, factor("b", 2022, "V"))], (GD,), 2022)
    assert choice.factor.id == "b"
    assert [(p.factor_id, p.reason) for p in choice.passed_over] == [("a", "less_official")]


def test_an_undated_default_is_passed_over_as_such_when_a_dated_factor_fits():
    choice = select_by_place([(0, GD, factor("dated", 2021)), (0, GD, factor("default", None))], (GD,), 2022)
    assert choice.factor.id == "dated"
    assert [(p.factor_id, p.reason) for p in choice.passed_over] == [("default", "undated_default")]


@dataclass(frozen=True)
class Parameter:
    id: str
    value: D
    unit: str
    confidence: str
    source: str


def test_a_trace_names_the_factor_with_its_vintage_and_an_undated_one_without():
    dated, undated = trace.from_factor("EF", factor("gd-2022", 2022)), trace.from_factor("EF", factor("gd", None))
    assert (dated.name, dated.value, dated.unit) == ("EF", D("0.5"), "tCO2/MWh")
    assert dated.source == "factor gd-2022, 2022 (V): test"
    assert undated.source == "factor gd (V): test"


def test_a_trace_names_the_parameter_it_used():
    used = trace.from_parameter("OF", Parameter("of-coal", D("0.98"), "1", "V", "GB/T 32151"))
    assert tuple(used) == ("OF", D("0.98"), "1", "parameter of-coal (V): GB/T 32151")
