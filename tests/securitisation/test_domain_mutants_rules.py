"""Securitisation reading rules that generated mutants showed untested: trigger formulas, structure limits and
defaults, the standard template, eligibility and the two number backends agreeing."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from tanxin.securitisation.domain import formula, structure, templates
from tanxin.securitisation.domain.eligibility import Candidate, Rules, concentration, months_between
from tanxin.securitisation.domain.errors import StructureError
from tanxin.securitisation.domain.ops import ArrayOps, ExactOps
from tanxin.securitisation.domain.structure import Structure, Tranche


def refused(code, fn, *args, **kw):
    with pytest.raises(StructureError) as caught:
        fn(*args, **kw)
    assert caught.value.code == code
    return caught.value


def metrics(**values):
    base = {name: Decimal(1) for name in formula.METRICS}
    return base | {k: Decimal(str(v)) for k, v in values.items()}


# -- trigger formulas ------------------------------------------------------------------------------------------
def test_a_trigger_formula_of_two_hundred_characters_is_read_and_one_more_is_refused():
    at_limit = "oc < 1." + "0" * 193  # 7 + 193 = 200 characters
    assert len(at_limit) == 200
    formula.check(at_limit)
    error = refused("bad_trigger", formula.check, at_limit + "0")
    assert error.details["formula"] == at_limit[:40]


def test_a_formula_dividing_two_metrics_is_exact_and_gives_a_plain_yes_or_no():
    tree = formula.check("cdr_cum / pool_factor > 0.5")
    # 0.3 / 0.5 = 0.6 > 0.5; 0.2 / 0.5 = 0.4 is not.
    assert formula.evaluate(tree, metrics(cdr_cum="0.3", pool_factor="0.5"), ExactOps()) is True
    assert formula.evaluate(tree, metrics(cdr_cum="0.2", pool_factor="0.5"), ExactOps()) is False


def test_in_the_exact_backend_something_over_zero_is_infinite_and_nothing_over_zero_is_zero():
    tree = formula.check("cdr_cum / pool_factor > 1000")
    assert formula.evaluate(tree, metrics(cdr_cum="0.5", pool_factor=0), ExactOps()) is True
    assert formula.evaluate(tree, metrics(cdr_cum=0, pool_factor=0), ExactOps()) is False
    negative = formula.check("(0 - cdr_cum) / pool_factor < 0 - 1000")  # -0.5 / 0 is 0, not minus infinity
    assert formula.evaluate(negative, metrics(cdr_cum="0.5", pool_factor=0), ExactOps()) is False


def test_a_dividing_formula_gives_the_same_answer_on_paths_as_in_the_base_case_even_over_zero():
    # Three paths: 0.3 / 0.5 = 0.6, 0.5 / 0 (infinite), 0 / 0 (zero, as ExactOps and the OC ratio say).
    tree = formula.check("cdr_cum / pool_factor > 0.5")
    ops = ArrayOps(3)
    vector = {name: np.ones(3) for name in formula.METRICS}
    vector |= {"cdr_cum": np.array([0.3, 0.5, 0.0]), "pool_factor": np.array([0.5, 0.0, 0.0])}
    on_paths = formula.evaluate(tree, vector, ops)
    exact = [formula.evaluate(tree, metrics(cdr_cum=c, pool_factor=p), ExactOps())
             for c, p in (("0.3", "0.5"), ("0.5", 0), (0, 0))]  # fmt: skip
    assert on_paths.tolist() == exact == [True, True, False]
    # and a path divided by one is the number itself, not infinity
    assert formula.evaluate(formula.check("cdr_cum / period < 1"), vector | {"period": np.ones(3)}, ops).tolist() == [
        True, True, True]


def test_a_formula_gated_by_a_condition_is_exact_at_its_boundary():
    # Dividing by "period > 6" switches the test off until month 7 (x / 0 is infinite). From then on it is OC < 1.15,
    # compared exactly: 1.15 is not below 1.15 (as a float, 1.15 is 1.1499999999999999 and would be).
    tree = formula.check("oc / (period > 6) < 1.15")
    assert formula.evaluate(tree, metrics(oc="1.15", period=7), ExactOps()) is False
    assert formula.evaluate(tree, metrics(oc="1.149", period=7), ExactOps()) is True
    assert formula.evaluate(tree, metrics(oc="0.5", period=6), ExactOps()) is False


# -- structure limits and defaults -----------------------------------------------------------------------------
def test_a_reserve_may_step_down_after_month_six_hundred_at_the_latest():
    data = templates.standard(100_000)
    data["reserve"] = {"initial_fen": 0, "step_down_after": 600}
    assert structure.read(data).reserve.step_down_after == 600
    data["reserve"]["step_down_after"] = 601
    assert refused("out_of_range", structure.read, data).details == {"field": "step_down_after", "value": 601}


def test_a_trigger_is_curable_unless_it_says_otherwise():
    data = templates.standard(100_000)
    data["triggers"] = [{"name": "ic", "formula": "ic < 1"}]
    assert structure.read(data).triggers[0].curable is True


def test_a_structure_without_a_normal_waterfall_is_refused():
    data = templates.standard(100_000)
    data["waterfalls"] = {"sequential": data["waterfalls"]["sequential"]}
    data["triggers"] = []
    refused("bad_waterfall", structure.read, data)


@pytest.mark.parametrize("name", ["", "   ", "x" * 41])
def test_a_blank_or_over_long_name_is_refused(name):
    data = templates.standard(100_000)
    data["tranches"][0]["name"] = name
    refused("bad_name", structure.read, data)


def test_a_name_of_forty_characters_is_kept_without_its_surrounding_spaces():
    data = templates.standard(100_000)
    data["fees"][0]["name"] = " " + "f" * 39 + " "  # 41 characters with the spaces: the rule counts them
    refused("bad_name", structure.read, data)
    data["fees"][0]["name"] = " " + "f" * 38 + " "
    data["waterfalls"]["normal"]["interest"][0]["fee"] = "f" * 38
    data["waterfalls"]["sequential"]["interest"][0]["fee"] = "f" * 38
    assert structure.read(data).fees[0].name == "f" * 38


def test_a_tranche_built_without_a_retained_share_keeps_none():
    # 10,000 fen senior with no retention and 10,000 fen kept whole: (0 + 10,000 × 10,000) / 20,000 = 5,000 bp.
    alone = Structure(tranches=(Tranche("A", 10_000),), waterfalls={})
    assert alone.retention_bp == 0
    both = Structure(tranches=(Tranche("A", 10_000), Tranche("S", 10_000, retained_bp=10_000)), waterfalls={})
    assert both.retention_bp == 5_000


# -- the standard template ---------------------------------------------------------------------------------------
def test_the_standard_deal_is_due_from_month_36_and_its_oc_trigger_is_not_curable():
    s = structure.read(templates.standard(1_000_000))
    # senior 1,000,000 × 8,700 / 10,000 = 870,000; the subordinated tranche keeps the other 130,000.
    assert [(t.name, t.balance_fen, t.coupon_bp, t.expected_maturity) for t in s.tranches] == [
        ("A", 870_000, 380, 36), ("S", 130_000, 0, None)]
    (trigger,) = s.triggers
    assert (trigger.formula, trigger.curable, trigger.switch_to) == ("oc < 1.05", False, "sequential")


@pytest.mark.parametrize("mode", ["sequential", "pro_rata"])
def test_the_standard_principal_account_pays_the_senior_in_the_chosen_mode(mode):
    s = structure.read(templates.standard(1_000_000, principal_mode=mode))
    steps = [(x.pay, x.tranches, x.mode) for x in s.waterfalls["normal"]["principal"] if x.pay == "principal"]
    if mode == "pro_rata":
        assert steps == [("principal", ("A", "S"), "pro_rata")]
    else:
        assert steps == [("principal", ("A",), "sequential"), ("principal", ("S",), "sequential")]
    # the waterfall an OC breach switches to is always sequential
    assert [(x.tranches, x.mode) for x in s.waterfalls["sequential"]["principal"] if x.pay == "principal"] == [
        (("A",), "sequential"), (("S",), "sequential")]


# -- eligibility ---------------------------------------------------------------------------------------------------
def test_the_default_eligibility_rules_are_the_documented_ones():
    assert Rules().as_json() == {
        "bands": ["A", "B", "C"], "min_remaining_months": 3, "max_remaining_months": 60, "max_obligor_bp": 5000,
        "max_instrument_bp": 10_000, "max_industry_bp": 6000, "guarantee_cover_ppm": 500_000}  # fmt: skip


def test_rules_read_from_json_keep_in_range_numbers_and_refuse_others():
    rules = Rules.of({"bands": ["A"], "max_industry_bp": 0, "guarantee_cover_ppm": 1_000_000})
    assert (rules.bands, rules.max_industry_bp, rules.guarantee_cover_ppm) == (("A",), 0, 1_000_000)
    for bad in ({"max_industry_bp": -1}, {"guarantee_cover_ppm": 1_000_001}, {"bands": "AB"}):
        with pytest.raises(TypeError):
            Rules.of(bad)


@pytest.mark.parametrize("start,end,months", [
    (date(2026, 1, 15), date(2026, 4, 15), 3),    # three whole months
    (date(2026, 1, 15), date(2026, 4, 16), 4),    # a day more starts a fourth
    (date(2025, 11, 30), date(2026, 2, 1), 3),    # 12 × 1 + 2 − 11 = 3, the day is not later
    (date(2025, 12, 31), date(2026, 1, 1), 1),    # 12 + 1 − 12 = 1
    (date(2026, 6, 10), date(2029, 6, 10), 36),
])  # fmt: skip
def test_the_remaining_term_counts_whole_months_and_a_part_month_as_one(start, end, months):
    assert months_between(start, end) == months


def candidate(id, enterprise, balance, industry="C26", instrument="CEA"):
    return Candidate(id=id, enterprise_id=enterprise, industry_code=industry, instrument_code=instrument, live=True,
                     band="A", registered=True, rate_known=True, balance_fen=balance, maturity_on=date(2027, 1, 1))


def test_a_loan_that_is_the_whole_pool_passes_the_obligor_and_industry_limits_however_small():
    # 1 fen of 1 fen is 10,000 bp: above 5,000 (obligor) and 6,000 (industry), not above 10,000 (instrument).
    assert concentration([candidate(1, 7, 1)], Rules()) == {1: ("obligor", "industry")}


def test_concentration_flags_only_the_shares_above_their_limit():
    # 600 + 400 of 1,000: obligor 7 holds 60 % (> 50 %), obligor 8 40 %; both in industry C26 (100 % > 60 %).
    pool = [candidate(1, 7, 600), candidate(2, 8, 400, industry="D44")]
    assert concentration(pool, Rules()) == {1: ("obligor",)}  # C26 holds 60 %: at the limit, not above
    assert concentration([], Rules()) == {}
    assert concentration([candidate(1, 7, 0)], Rules()) == {}


# -- the two backends agree ----------------------------------------------------------------------------------------
@pytest.mark.parametrize("total,part,whole,share",
                         [(5, 1, 1, 5), (5, 0, 1, 0), (7, 1, 2, 3), (9, 0, 0, 0), (10, 2, 3, 6)])
def test_both_backends_share_cash_rounding_down_even_over_a_whole_of_one_fen(total, part, whole, share):
    # floor(total × part / whole): 5 × 1 / 1 = 5, 7 × 1 / 2 = 3.5 -> 3, 10 × 2 / 3 = 6.67 -> 6; nothing of a zero whole.
    assert ExactOps().share(total, part, whole) == share
    assert ArrayOps(1).share(np.array([float(total)]), np.array([float(part)]), np.array([float(whole)]))[0] == share


@given(total=st.integers(0, 10**9), whole=st.integers(0, 10**6), data=st.data())
def test_the_vector_backend_shares_like_the_exact_one(total, whole, data):
    part = data.draw(st.integers(0, whole))
    vector = ArrayOps(1).share(np.array([float(total)]), np.array([float(part)]), np.array([float(whole)]))
    assert vector[0] == ExactOps().share(total, part, whole)


@pytest.mark.parametrize("a,b", [(0, 0), (5, 0), (0, 1), (7, 1), (3, 4), (10**12, 8)])
def test_the_vector_backend_gives_the_same_ratio_as_the_exact_one_including_over_zero(a, b):
    exact = ExactOps().ratio(a, b)
    vector = ArrayOps(2).ratio(np.full(2, float(a)), np.full(2, float(b)))
    assert vector.tolist() == [float(exact)] * 2


def test_the_vector_backend_combines_conditions_like_the_exact_one():
    exact, vector = ExactOps(), ArrayOps(4)
    a, b = np.array([True, True, False, False]), np.array([True, False, True, False])
    pairs = list(zip(a.tolist(), b.tolist(), strict=True))
    assert vector.lor(a, b).tolist() == [exact.lor(x, y) for x, y in pairs] == [True, True, True, False]
    assert vector.land(a, b).tolist() == [exact.land(x, y) for x, y in pairs] == [True, False, False, False]
    assert vector.lnot(a).tolist() == [exact.lnot(x) for x in a.tolist()] == [False, False, True, True]
    assert vector.number(Decimal("1.05")) == 1.05 and exact.number(1.05) == Decimal("1.05")
