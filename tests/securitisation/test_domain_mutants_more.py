"""More securitisation rules pinned after a 600-mutant sample: pool bounds and defaults, amortisation with a rate,
trigger formula operators, stress validation and statistics, price paths, calibration limits, structure defaults."""

from __future__ import annotations

import math
from decimal import Decimal

import numpy as np
import pytest

from tanxin.securitisation.domain import formula, montecarlo, paths, pool, roots, structure, templates
from tanxin.securitisation.domain.errors import StructureError
from tanxin.securitisation.domain.ops import ArrayOps, ExactOps
from tanxin.securitisation.domain.pool import Assumptions, Loan, smm
from tanxin.securitisation.domain.structure import Fee, Structure, Tranche, Trigger

FLAT = {"price_model": paths.PriceModel(sigma=0.0), "default_model": paths.DefaultModel()}


def refused(code, fn, *args, **kw):
    with pytest.raises(StructureError) as caught:
        fn(*args, **kw)
    assert caught.value.code == code
    return caught.value


# -- the pool ------------------------------------------------------------------------------------------------------
def test_an_annuity_repays_a_rising_share_of_a_level_payment():
    # 100,000 fen at 12 % over 12 months: principal share r / ((1 + r)^12 - 1) = 0.01 / 0.126825 = 7,884.88 -> 7,885;
    # then 92,115.12 × 0.01 / ((1.01)^11 - 1) = 7,963.73 -> 7,964.
    flows = pool.project([Loan("x", 100_000, 120_000, 12, "annuity")], Assumptions(recovery_lag=0))
    assert flows.scheduled[:2] == [7_885, 7_964]
    assert flows.interest[:2] == [1_000, 921]


def test_a_linear_loan_with_interest_repays_equal_principal():
    # 120,000 fen at 12 % over 12 months: 10,000 a month, interest 1,200 then 1,100.
    flows = pool.project([Loan("x", 120_000, 120_000, 12, "linear")], Assumptions(recovery_lag=0))
    assert (flows.scheduled[:2], flows.interest[:2]) == ([10_000, 10_000], [1_200, 1_100])


def test_period_totals_are_rounded_half_to_even():
    # 250 fen at 1 % a month: 2.5 -> 2; 350 fen: 3.5 -> 4.
    assert pool.project([Loan("x", 250, 120_000, 1)], Assumptions(recovery_lag=0)).interest == [2]
    assert pool.project([Loan("x", 350, 120_000, 1)], Assumptions(recovery_lag=0)).interest == [4]


def test_a_thirty_percent_guarantee_on_a_million_yuan_pays_three_hundred_thousand_to_the_fen():
    a = Assumptions(recovery_lag=1, defaults=(("x", 1),))
    assert pool.project([Loan("x", 10**8, 0, 1, guarantee_ppm=300_000)], a).recovered == [0, 30_000_000]
    assert pool.project([Loan("x", 10**8, 0, 1)], a).recovered == [0, 0]  # no guarantee, no pledge: nothing


def test_by_default_a_default_is_recovered_six_months_later():
    assert Assumptions().recovery_lag == 6
    assert pool.project([Loan("x", 100, 0, 1)], Assumptions()).periods == 7


def test_a_hundred_percent_annual_rate_is_a_hundred_percent_monthly_rate():
    assert smm(Decimal(1)) == 1 and smm(Decimal(0)) == 0


@pytest.mark.parametrize("loans,code", [
    ([], "empty_pool"), ([Loan("x", 0, 0, 1)], "negative_rate"), ([Loan("x", 1, 0, 0)], "bad_term"),
    ([Loan("x", 1, 0, 361)], "bad_term"), ([Loan("x", 1, 0, 1, "balloon")], "bad_loan"),
])  # fmt: skip
def test_a_pool_that_cannot_be_projected_is_refused(loans, code):
    refused(code, pool.check_loans, loans)


def test_the_pool_bounds_are_accepted_up_to_their_limits():
    pool.check_loans([Loan("x", 1, 0, 360)])
    pool.check_assumptions(Assumptions(recovery_lag=60, price_fen=Decimal(10**9)))
    refused("bad_lag", pool.check_assumptions, Assumptions(recovery_lag=61))
    refused("bad_price", pool.check_assumptions, Assumptions(price_fen=Decimal(10**9 + 1)))


def test_a_default_naming_a_loan_outside_the_pool_is_refused():
    refused("unknown_loan", pool.project, [Loan("x", 100, 0, 1)], Assumptions(defaults=(("y", 1),)))


# -- formulas --------------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("text", ["oc ** 2 > 1", "oc % 2 > 0", "oc == 1", "oc // 2 > 0", "oc < 1 if ic else 2"])
def test_operators_outside_the_formula_language_are_refused(text):
    refused("bad_trigger", formula.check, text)


def test_and_or_combine_conditions_in_both_backends():
    exact = {name: Decimal(1) for name in formula.METRICS} | {"oc": Decimal("0.9"), "ic": Decimal("1.1")}
    assert formula.evaluate(formula.check("oc < 1 or ic < 1"), exact, ExactOps()) is True
    assert formula.evaluate(formula.check("oc < 1 and ic < 1"), exact, ExactOps()) is False
    assert formula.evaluate(formula.check("ic < 1 or oc < 1 or period > 5"), exact, ExactOps()) is True
    vector = {"oc": np.array([0.9, 1.1]), "ic": np.array([1.1, 0.9])}
    assert formula.evaluate(formula.check("oc < 1 or ic < 1"), vector, ArrayOps(2)).tolist() == [True, True]
    assert formula.evaluate(formula.check("oc < 1 and ic < 1"), vector, ArrayOps(2)).tolist() == [False, False]


def test_both_backends_round_down_to_the_fen():
    assert [ExactOps().floor(Decimal(x)) for x in ("2.7", "-2.5", "3")] == [2, -3, 3]
    assert ArrayOps(3).floor(np.array([2.7, -2.5, 3.0])).tolist() == [2.0, -3.0, 3.0]


# -- stress ----------------------------------------------------------------------------------------------------------
def test_a_stress_run_on_a_pool_or_assumptions_that_cannot_be_projected_is_refused():
    s = structure.read(templates.standard(100_000))
    refused("empty_pool", montecarlo.simulate, [], Assumptions(), s, paths=10, seed=1, **FLAT)
    refused("negative_rate", montecarlo.scenario_losses, [Loan("x", 100_000, 0, 3)], Assumptions(cdr=Decimal(-1)), s,
            np.zeros(2), np.zeros(2))  # fmt: skip
    refused("defaults_base_only", montecarlo.simulate, [Loan("x", 100_000, 0, 3)],
            Assumptions(defaults=(("x", 1),)), s, paths=10, seed=1, **FLAT)  # fmt: skip


def test_a_guarantor_paying_a_single_fen_counts_as_called():
    # A (100 fen at 1,200 bp) is owed 1 fen of interest the pool never pays; the guarantor pays it on every path.
    s = structure.read({"tranches": [{"name": "A", "balance_fen": 100, "coupon_bp": 1200, "retained_bp": 10_000}],
                        "guarantor_limit_fen": None,
                        "waterfalls": {"normal": {
                            "interest": [{"pay": "interest", "tranches": ["A"], "from": "interest",
                                          "support": ["guarantor"]}],
                            "principal": [{"pay": "principal", "tranches": ["A"], "from": "principal"}]}}})  # fmt: skip
    r = montecarlo.simulate([Loan("x", 100, 0, 1)], Assumptions(recovery_lag=0), s, paths=8, seed=3, **FLAT)
    assert (r.guarantor_mean_fen, r.p_guarantor_called, r.p_senior_loss) == (1.0, 1.0, 0.0)


def test_the_break_even_cdr_is_given_to_six_decimals_next_to_the_hand_computed_one():
    # One month, 100,000 fen, nothing recovered; A 90,000 before S 10,000. A loses once more than 10,000.5 fen
    # default: MDR > 0.100005, CDR > 1 - 0.899995^12 = 0.7175893.
    s = structure.read({"tranches": [{"name": "A", "balance_fen": 90_000},
                                     {"name": "S", "balance_fen": 10_000, "subordinated": True, "retained_bp": 10_000}],
                        "waterfalls": {"normal": {"principal": [
                            {"pay": "principal", "tranches": ["A", "S"], "from": "principal"}]}}})  # fmt: skip
    cdr = montecarlo.break_even_cdr([Loan("x", 100_000, 0, 1)], Assumptions(recovery_lag=0), s, tranche="A")
    assert cdr.as_tuple().exponent >= -6
    assert abs(cdr - (1 - Decimal("0.899995") ** 12)) <= Decimal("0.000001")


# -- price and default paths ---------------------------------------------------------------------------------------
def test_a_price_path_without_volatility_starts_at_the_shocked_price_and_drifts():
    # 6,000 fen shocked by -20 % = 4,800; μ = 12 % a year: after 12 months 4,800 × e^0.12 = 5,411.98.
    price, _ = paths.prices(paths.PriceModel(sigma=0.0, drift=0.12), 6000.0, -0.2, 12, np.random.default_rng(1), 3)
    assert price[:, 0].tolist() == [4800.0] * 3
    assert price[:, -1] == pytest.approx([4800 * math.exp(0.12)] * 3)


def test_a_default_rate_never_exceeds_one_hundred_percent():
    eps = np.random.default_rng(5).standard_normal((50, 12))
    mdr = paths.default_rates(0.5, paths.DefaultModel(sigma=3.0, correlation=0.9), eps, np.random.default_rng(6))
    assert mdr.max() == 1.0 and (mdr < 1.0).any()


def closes_from(daily_returns):
    return [Decimal(f"{60 * math.exp(x):.10f}") for x in np.concatenate([[0.0], np.cumsum(daily_returns)])]


def test_forty_closes_are_enough_to_calibrate_and_thirty_nine_are_not():
    r = np.random.default_rng(9).normal(0, 0.02, 39)
    assert paths.calibrate(closes_from(r)).sigma > 0  # 40 closes
    refused("too_few_prices", paths.calibrate, closes_from(r[:38]))  # 39 closes


def test_four_whole_months_are_enough_to_tell_calm_from_stressed():
    # 84 returns = 4 months of 21: two at 10 %, two at 80 % a year.
    rng = np.random.default_rng(21)
    r = np.concatenate([rng.normal(0, s / math.sqrt(250), 21) for s in (0.10, 0.80, 0.10, 0.80)])
    model = paths.calibrate(closes_from(r))
    assert model.sigma_calm < model.sigma < model.sigma_stressed


# -- structure defaults and limits -----------------------------------------------------------------------------------
def test_a_waterfall_may_have_sixty_steps_and_not_sixty_one():
    data = templates.standard(100_000)
    steps = data["waterfalls"]["normal"]
    transfer = {"pay": "transfer", "from": "principal", "to": "interest"}
    steps["principal"] += [transfer] * (60 - len(steps["interest"]) - len(steps["principal"]))
    assert sum(len(v) for v in structure.read(data).waterfalls["normal"].values()) == 60
    steps["principal"].append(transfer)
    refused("bad_waterfall", structure.read, data)


def test_two_tranches_with_the_same_name_are_refused():
    data = templates.standard(100_000)
    data["tranches"][1]["name"] = "A"
    assert refused("duplicate_name", structure.read, data).details == {"what": "tranche"}


def test_parts_built_without_their_options_take_the_documented_defaults():
    assert Fee("f") == Fee("f", rate_bp=0, fixed_fen=0, senior=True)
    assert Trigger("t", "oc < 1") == Trigger("t", "oc < 1", curable=True, switch_to=None)
    built = Structure(tranches=(Tranche("A", 100),), waterfalls={})
    assert (built.liquidity_limit_fen, built.guarantor_limit_fen, built.recoveries_to, built.retention_min_bp) == (
        0, 0, "principal", 500)


def test_brent_on_a_straight_line_finds_its_zero_not_an_end_of_the_bracket():
    assert roots.brent(lambda x: x, -1.0, 1.0) == 0.0


def test_a_structure_without_its_tranche_list_is_refused_as_malformed():
    data = templates.standard(100_000)
    del data["tranches"]
    assert refused("bad_structure", structure.read, data).details == {"field": "tranches"}


def test_a_waterfall_that_is_not_a_set_of_accounts_is_refused():
    data = templates.standard(100_000)
    data["waterfalls"]["sequential"] = [{"pay": "transfer", "from": "interest", "to": "principal"}]
    assert refused("bad_waterfall", structure.read, data).details == {"waterfall": "sequential"}


def test_a_trigger_switching_to_a_waterfall_that_does_not_exist_is_refused():
    data = templates.standard(100_000)
    data["triggers"][0]["switch_to"] = "turbo"
    assert refused("unknown_waterfall", structure.read, data).details == {"trigger": "oc_test", "waterfall": "turbo"}


@pytest.mark.parametrize("names", [["Z"], ["A", 3], "A"])
def test_a_step_naming_a_tranche_that_does_not_exist_is_refused(names):
    data = templates.standard(100_000)
    data["waterfalls"]["normal"]["interest"][1]["tranches"] = names
    refused("unknown_tranche", structure.read, data)


@pytest.mark.parametrize("where,key,limit", [("tranches", "coupon_bp", 10_000), ("tranches", "expected_maturity", 600),
                                             ("fees", "rate_bp", 10_000)])  # fmt: skip
def test_coupons_fee_rates_and_maturities_are_accepted_up_to_their_limit(where, key, limit):
    data = templates.standard(100_000)
    data[where][0][key] = limit
    assert getattr(structure.read(data), where)[0].__dict__[key] == limit
    data[where][0][key] = limit + 1
    assert refused("out_of_range", structure.read, data).details == {"field": key, "value": limit + 1}


def test_the_standard_deal_has_no_reserve_or_liquidity_unless_asked_and_pays_a_mezzanine_its_interest():
    s = structure.read(templates.standard(1_000_000))
    reserve, liquidity, guarantor = s.reserve, s.liquidity_limit_fen, s.guarantor_limit_fen
    assert (reserve.initial_fen, reserve.target_fen, liquidity, guarantor) == (0, 0, 0, None)
    m = structure.read(templates.standard(1_000_000, mezzanine_share_bp=800))
    # senior 870,000, mezzanine 80,000 at 500 bp, subordinated 50,000
    assert [(t.name, t.balance_fen, t.coupon_bp) for t in m.tranches] == [
        ("A", 870_000, 380), ("M", 80_000, 500), ("S", 50_000, 0)]
    for account in ("interest", "principal"):
        paid = [x.tranches for x in m.waterfalls["normal"][account] if x.pay == "interest"]
        assert paid == [("A",), ("M",)]


def test_on_paths_a_thirty_percent_guarantee_on_a_million_yuan_pays_three_hundred_thousand_to_the_fen():
    from tanxin.securitisation.domain import vectorpool

    loan = Loan("x", 10**8, 0, 1, guarantee_ppm=300_000)
    on_paths = vectorpool.project([loan], np.array([[1.0, 0.0]] * 2), 0.0, np.zeros((2, 3)), 0.0, 1)
    assert [x.tolist() for x in on_paths.recovered] == [[0.0, 0.0], [30_000_000.0, 30_000_000.0]]


def test_a_trigger_that_switches_no_waterfall_is_only_reported():
    # "pool_factor < 0.6" breaks in month 2 of a three-month linear pool (factor 2/3, then 1/3) and switches nothing.
    from tanxin.securitisation.domain import base

    data = {"tranches": [{"name": "A", "balance_fen": 90_000, "retained_bp": 10_000}],
            "triggers": [{"name": "watch", "formula": "pool_factor < 0.6"}],
            "waterfalls": {"normal": {"principal": [{"pay": "principal", "tranches": ["A"], "from": "principal"}]}}}
    r = base.run([Loan("x", 90_000, 0, 3, "linear")], Assumptions(recovery_lag=0), structure.read(data))
    assert [row["triggers"] for row in r.rows] == [[False], [True], [True]]
    assert [row["waterfall"] for row in r.rows] == ["normal"] * 3


def one_tranche(triggers=(), reserve=None, interest=(), principal=None, **extra):
    data = {"tranches": [{"name": "A", "balance_fen": 90_000, "retained_bp": 10_000}], "triggers": list(triggers),
            "waterfalls": {"normal": {"interest": list(interest), "principal": principal or [
                {"pay": "principal", "tranches": ["A"], "from": "principal"}]}}, **extra}
    if reserve:
        data["reserve"] = reserve
    return structure.read(data)


def test_a_curable_trigger_clears_when_its_test_passes_again_and_a_non_curable_one_stays_breached():
    from tanxin.securitisation.domain import base

    month_two = "period > 1 and period < 3"
    s = one_tranche([{"name": "cure", "formula": month_two}, {"name": "stay", "formula": month_two, "curable": False}])
    r = base.run([Loan("x", 90_000, 0, 3, "linear")], Assumptions(recovery_lag=0), s)
    assert [row["triggers"] for row in r.rows] == [[False, False], [True, True], [False, True]]


@pytest.mark.parametrize("blocked,reserves", [(True, [1_000, 1_000, 0]), (False, [1_000, 400, 0])])
def test_a_breached_trigger_blocks_the_reserve_step_down_when_the_deal_says_so(blocked, reserves):
    from tanxin.securitisation.domain import base

    reserve = {"initial_fen": 1_000, "target_fen": 1_000, "step_down_after": 1, "step_down_target_fen": 400,
               "step_down_blocked_by_trigger": blocked}
    s = one_tranche([{"name": "late", "formula": "period > 1"}], reserve,
                    interest=[{"pay": "residual", "tranches": ["A"], "from": "interest"}])  # fmt: skip
    r = base.run([Loan("x", 90_000, 0, 3)], Assumptions(recovery_lag=0), s)
    assert [row["reserve"] for row in r.rows] == reserves


def test_on_paths_a_trigger_reading_no_path_metric_is_still_one_yes_or_no_per_path():
    s = one_tranche([{"name": "late", "formula": "period > 1"}])
    totals = montecarlo.run_paths([Loan("x", 90_000, 0, 2)], Assumptions(recovery_lag=0), s, np.zeros((3, 2)),
                                  np.zeros((3, 3)), keep_periods=True)  # fmt: skip
    assert [row["triggers"][0].tolist() for row in totals.rows] == [[False] * 3, [True] * 3]


def test_a_supported_fee_draws_only_what_the_interest_account_leaves_short():
    # 50 fen of pool interest a month (100,000 at 0.6 %); a 200 fen fee takes the 50 and 150 from the reserve.
    from tanxin.securitisation.domain import base

    s = one_tranche(interest=[{"pay": "fee", "fee": "admin", "from": "interest", "support": ["reserve"]}],
                    reserve={"initial_fen": 500, "target_fen": 500}, fees=[{"name": "admin", "fixed_fen": 200}])
    r = base.run([Loan("x", 90_000, 6_667, 2)], Assumptions(recovery_lag=0), s)
    first = r.rows[0]
    assert (first["pool"]["interest"], first["fees"]["admin"], first["draw_reserve"]) == (50, 200, 150)


def test_the_guarantor_tops_up_only_the_principal_the_senior_did_not_get_at_maturity():
    # 60,000 fen repaid and 40,000 defaulted in month 1; A (80,000, due at month 1) gets the 60,000 and the
    # guarantor pays the other 20,000; B gets nothing.
    from tanxin.securitisation.domain import base

    s = structure.read({"tranches": [{"name": "A", "balance_fen": 80_000, "expected_maturity": 1},
                                     {"name": "B", "balance_fen": 20_000, "subordinated": True, "retained_bp": 10_000}],
                        "guarantor_limit_fen": None,
                        "waterfalls": {"normal": {"principal": [
                            {"pay": "principal", "tranches": ["A"], "from": "principal", "support": ["guarantor"]},
                            {"pay": "principal", "tranches": ["B"], "from": "principal"}]}}})  # fmt: skip
    loans = [Loan("x", 60_000, 0, 1), Loan("y", 40_000, 0, 1)]
    r = base.run(loans, Assumptions(recovery_lag=0, defaults=(("y", 1),)), s)
    assert r.guarantor_paid_fen == 20_000
    assert [(row["tranches"]["A"]["principal_paid"], row["tranches"]["B"]["principal_paid"]) for row in r.rows] == [
        (80_000, 0)]


def test_liquidity_drawn_is_repaid_first_from_the_principal_account_and_supports_are_drawn_in_order():
    # A owes 1,000 fen a month; the pool pays 500 (100,000 fen at 6 %). Month 1: 300 from the
    # reserve, then the 200 still short from the liquidity facility (limit 300). Month 2: the reserve is empty, the
    # facility lends its last 100. Month 3: principal arrives and first repays the 300 lent.
    from tanxin.securitisation.domain import base

    support = {"pay": "interest", "tranches": ["A"], "from": "interest", "support": ["reserve", "liquidity"]}
    s = structure.read({"tranches": [{"name": "A", "balance_fen": 100_000, "coupon_bp": 1200, "retained_bp": 10_000}],
                        "liquidity_limit_fen": 300, "reserve": {"initial_fen": 300, "target_fen": 300},
                        "waterfalls": {"normal": {"interest": [support], "principal": [
                            {"pay": "liquidity", "from": "principal"},
                            {"pay": "principal", "tranches": ["A"], "from": "principal"}]}}})  # fmt: skip
    r = base.run([Loan("x", 100_000, 60_000, 3)], Assumptions(recovery_lag=0), s)
    rows = [(row["draw_reserve"], row["draw_liquidity"], row["repay_liquidity"], row["liquidity"]) for row in r.rows]
    assert rows == [(300, 200, 0, 200), (0, 100, 0, 300), (0, 0, 300, 0)]
    assert [row["tranches"]["A"]["principal_paid"] for row in r.rows] == [0, 0, 99_700]


def test_on_paths_a_senior_paid_in_full_has_no_short_period():
    s = one_tranche()
    totals = montecarlo.run_paths([Loan("x", 90_000, 0, 2)], Assumptions(recovery_lag=0), s, np.zeros((2, 2)),
                                  np.zeros((2, 3)))  # fmt: skip
    assert totals.senior_short_periods.tolist() == [0.0, 0.0]


def test_pro_rata_principal_is_shared_among_three_tranches_by_balance():
    # 10,000 fen of principal a month over 50,000 / 30,000 / 20,000: 5,000, 3,000 and 2,000.
    from tanxin.securitisation.domain import base

    s = structure.read({"tranches": [{"name": "A", "balance_fen": 50_000}, {"name": "M", "balance_fen": 30_000},
                                     {"name": "S", "balance_fen": 20_000, "subordinated": True, "retained_bp": 10_000}],
                        "waterfalls": {"normal": {"principal": [
                            {"pay": "principal", "tranches": ["A", "M", "S"], "mode": "pro_rata",
                             "from": "principal"}]}}})  # fmt: skip
    r = base.run([Loan("x", 100_000, 0, 10, "linear")], Assumptions(recovery_lag=0), s)
    assert [r.rows[0]["tranches"][n]["principal_paid"] for n in ("A", "M", "S")] == [5_000, 3_000, 2_000]


def test_price_percentiles_follow_the_lognormal_law_of_the_gbm():
    # σ = 30 %, no drift, two years: ln(P/P0) ~ N(-σ²T/2, σ²T) = N(-0.09, 0.4243²). p5 = 1,000 × e^(-0.09 - 1.6449
    # × 0.4243) = 454.8; p50 = 1,000 × e^-0.09 = 913.9; p95 = 1,000 × e^(-0.09 + 0.6979) = 1,836.5 (20,000 paths:
    # sampling error well under 1 %).
    s = structure.read({"tranches": [{"name": "A", "balance_fen": 100, "retained_bp": 10_000}],
                        "waterfalls": {"normal": {"principal": [
                            {"pay": "principal", "tranches": ["A"], "from": "principal"}]}}})  # fmt: skip
    r = montecarlo.simulate([Loan("x", 100, 0, 24)], Assumptions(recovery_lag=0, price_fen=Decimal(1000)), s,
                            paths=20_000, seed=4, price_model=paths.PriceModel(sigma=0.3),
                            default_model=paths.DefaultModel())  # fmt: skip
    last = {k: v[-1] for k, v in r.price_percentiles.items()}
    assert last == pytest.approx({"p5": 454.8, "p50": 913.9, "p95": 1836.5}, rel=0.02)
    assert [v[0] for v in r.price_percentiles.values()] == [1000.0, 1000.0, 1000.0]


def test_a_floating_margin_may_go_down_to_minus_one_hundred_percent_and_not_below():
    data = templates.standard(100_000)
    data["tranches"][0].update(rate_type="floating", coupon_bp=-10_000)
    assert structure.read(data).tranches[0].coupon_bp == -10_000
    data["tranches"][0]["coupon_bp"] = -10_001
    assert refused("out_of_range", structure.read, data).details == {"field": "coupon_bp", "value": -10_001}


def test_a_tranche_that_gets_back_half_its_money_in_a_month_yields_minus_fifty_percent_a_month():
    # -100 now, 50 in a month: 50 / (1 + r) = 100 at r = -0.5, i.e. -6,000,000 ppm a year; it lost 50 %.
    assert roots.irr([-100.0, 50.0]) == pytest.approx(-0.5, abs=1e-12)
    from tanxin.securitisation.domain.analytics import measure

    m = measure("B", 100, [(1, 0, 50, 0)], 50)
    assert (m.yield_ppm, m.loss_ppm) == (-6_000_000, 500_000)
