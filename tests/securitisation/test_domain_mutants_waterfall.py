"""Waterfall rules worked by hand where generated mutants showed no test: the reserve's release, step-down and
top-up, fixed fees while something is outstanding, supported fees, scheduled principal, exact coupons on a
large deal, and mixed paths each matching their own base case."""

from __future__ import annotations

from decimal import Decimal

import numpy as np

from tanxin.securitisation.domain import base, montecarlo, structure
from tanxin.securitisation.domain.pool import Assumptions, Loan, smm


def deal(tranches, interest=(), principal=(), **extra):
    return structure.read({"tranches": list(tranches), "retention_min_bp": 0,
                           "waterfalls": {"normal": {"interest": list(interest), "principal": list(principal)}},
                           **extra})  # fmt: skip


def column(result, name, key):
    return [row["tranches"][name][key] for row in result.rows]


PAY_A = {"pay": "principal", "tranches": ["A"], "from": "principal"}
RESIDUAL_A = {"pay": "residual", "tranches": ["A"], "from": "interest"}


def test_at_the_last_period_the_reserve_is_released_and_pays_interest_before_the_sweep():
    # One month, no pool interest. A is owed 100,000 × 1 % = 1,000 fen; the 1,000 fen reserve's target is 0 in the
    # last period, so it is released into the interest account and pays that interest.
    s = deal([{"name": "A", "balance_fen": 100_000, "coupon_bp": 1200}],
             interest=[{"pay": "interest", "tranches": ["A"], "from": "interest"}], principal=[PAY_A],
             reserve={"initial_fen": 1_000, "target_fen": 1_000})  # fmt: skip
    r = base.run([Loan("x", 100_000, 0, 1)], Assumptions(recovery_lag=0), s)
    assert column(r, "A", "interest_paid") == [1_000]
    assert column(r, "A", "residual_paid") == [0]
    assert [row["reserve"] for row in r.rows] == [0]
    assert r.measures[0].loss_fen == 0


def test_the_reserve_steps_down_only_after_the_named_period():
    # Target 1,000 fen, stepping down to 400 after period 1: period 1 keeps 1,000, period 2 releases 600,
    # period 3 (the last) releases the remaining 400. Released cash pays A's residual.
    s = deal([{"name": "A", "balance_fen": 90_000}], interest=[RESIDUAL_A], principal=[PAY_A],
             reserve={"initial_fen": 1_000, "target_fen": 1_000, "step_down_after": 1, "step_down_target_fen": 400})
    r = base.run([Loan("x", 90_000, 0, 3)], Assumptions(recovery_lag=0), s)
    assert [row["reserve"] for row in r.rows] == [1_000, 400, 0]
    assert column(r, "A", "residual_paid") == [0, 600, 400]


def test_the_reserve_is_topped_up_to_its_target_and_no_further():
    # 1,000 fen of interest a month (100,000 at 12 %). Period 1: 300 fen tops the empty reserve up, 700 go on.
    # Period 2: the reserve is full, all 1,000 go on. Period 3 (last): the 300 are released too.
    s = deal([{"name": "A", "balance_fen": 100_000}],
             interest=[{"pay": "reserve", "from": "interest"}, RESIDUAL_A], principal=[PAY_A],
             reserve={"initial_fen": 0, "target_fen": 300})  # fmt: skip
    r = base.run([Loan("x", 100_000, 120_000, 3)], Assumptions(recovery_lag=0), s)
    assert [row["reserve"] for row in r.rows] == [300, 300, 0]
    assert column(r, "A", "residual_paid") == [700, 1_000, 1_300]


FIXED_FEE = {"pay": "fee", "fee": "admin", "from": "interest"}


def test_a_fixed_fee_stops_once_the_pool_and_every_tranche_are_repaid():
    # 100,000 fen repaid in period 1, 50,000 of it to A; nothing is outstanding in periods 2 and 3 (a two-month
    # recovery lag keeps the deal open). The 100 fen fee of period 1 stays unpaid until the reserve's 1,000 fen
    # are released in the last period; periods 2 and 3 add nothing. The sweep gives A 50,000 + 900.
    s = deal([{"name": "A", "balance_fen": 50_000}], interest=[FIXED_FEE], principal=[PAY_A],
             fees=[{"name": "admin", "fixed_fen": 100}], reserve={"initial_fen": 1_000, "target_fen": 1_000})
    r = base.run([Loan("x", 100_000, 0, 1)], Assumptions(recovery_lag=2), s)
    assert [row["fees"]["admin"] for row in r.rows] == [0, 0, 100]
    assert column(r, "A", "residual_paid") == [0, 0, 50_900]


def test_a_fixed_fee_is_due_while_a_single_fen_is_outstanding():
    # A 1 fen loan defaults at once and nothing is recovered; A's 1 fen stays outstanding for three periods, so the
    # 5 fen fee is due each period (15 fen), paid from the 100 fen reserve released at the end; 1 fen repays A and
    # the remaining 84 fen go to A as residual.
    s = deal([{"name": "A", "balance_fen": 1}], interest=[FIXED_FEE], principal=[PAY_A],
             fees=[{"name": "admin", "fixed_fen": 5}], reserve={"initial_fen": 100, "target_fen": 100})
    r = base.run([Loan("x", 1, 0, 1)], Assumptions(recovery_lag=2, defaults=(("x", 1),)), s)
    assert [row["fees"]["admin"] for row in r.rows] == [0, 0, 15]
    assert column(r, "A", "principal_paid") == [0, 0, 1]
    assert column(r, "A", "residual_paid") == [0, 0, 84]


def test_a_fee_backed_by_the_reserve_is_paid_from_it_when_the_interest_account_is_empty():
    # No pool interest: period 1's 200 fen fee comes from the 500 fen reserve (300 left); in period 2 (last) the
    # 300 are released, the fee takes 200 and A gets the last 100 as residual.
    s = deal([{"name": "A", "balance_fen": 100_000}], interest=[FIXED_FEE | {"support": ["reserve"]}],
             principal=[PAY_A], fees=[{"name": "admin", "fixed_fen": 200}],
             reserve={"initial_fen": 500, "target_fen": 500})  # fmt: skip
    r = base.run([Loan("x", 100_000, 0, 2)], Assumptions(recovery_lag=0), s)
    assert [(row["fees"]["admin"], row["draw_reserve"], row["reserve"]) for row in r.rows] == [
        (200, 200, 300), (200, 0, 0)]
    assert column(r, "A", "residual_paid") == [0, 100]


def test_scheduled_principal_pays_a_tranche_down_to_its_target_balance_and_the_rest_goes_on():
    # 20,000 fen a month. A (60,000) targets 50,000 / 40,000 / 10,000, then nothing once its schedule ends: it takes
    # 10,000, 10,000, then all 20,000 (its target gap is 30,000), then its last 20,000; B takes what is left.
    s = deal([{"name": "A", "balance_fen": 60_000, "schedule": [50_000, 40_000, 10_000]},
              {"name": "B", "balance_fen": 40_000, "subordinated": True}],
             principal=[{"pay": "principal", "tranches": ["A"], "mode": "scheduled", "from": "principal"},
                        {"pay": "principal", "tranches": ["B"], "from": "principal"}])  # fmt: skip
    r = base.run([Loan("x", 100_000, 0, 5, "linear")], Assumptions(recovery_lag=0), s)
    assert column(r, "A", "principal_paid") == [10_000, 10_000, 20_000, 20_000, 0]
    assert column(r, "B", "principal_paid") == [10_000, 10_000, 0, 0, 20_000]


def test_principal_paid_from_interest_to_cover_a_deficiency_pays_nothing_without_one():
    # No default: the tranche balance equals the pool's, so there is no deficiency and the month's 1,000 fen of
    # interest all go on as residual; the pool's principal repays A in month 2.
    s = deal([{"name": "A", "balance_fen": 100_000}],
             interest=[{"pay": "principal", "tranches": ["A"], "from": "interest", "cover": "deficiency"}, RESIDUAL_A],
             principal=[PAY_A])  # fmt: skip
    r = base.run([Loan("x", 100_000, 120_000, 2)], Assumptions(recovery_lag=0), s)
    assert column(r, "A", "principal_paid") == [0, 100_000]
    assert column(r, "A", "residual_paid") == [1_000, 1_000]


def liquidity_deal():
    # A (100,000 fen at 12 %) is owed 1,000 fen a month; the pool pays no interest; a 300 fen liquidity facility.
    return deal([{"name": "A", "balance_fen": 100_000, "coupon_bp": 1200}],
                interest=[{"pay": "interest", "tranches": ["A"], "from": "interest", "support": ["liquidity"]}],
                principal=[PAY_A], liquidity_limit_fen=300)  # fmt: skip


def test_the_liquidity_facility_lends_up_to_its_limit_and_no_further():
    # Period 1: 300 fen drawn (the whole limit), 700 left short. Period 2: 1,700 due, nothing left to draw.
    r = base.run([Loan("x", 100_000, 0, 2)], Assumptions(recovery_lag=0), liquidity_deal())
    assert [row["draw_liquidity"] for row in r.rows] == [300, 0]
    assert column(r, "A", "interest_paid") == [300, 0]
    assert [row["liquidity"] for row in r.rows] == [300, 300]
    assert r.liquidity_drawn_fen == 300
    assert r.measures[0].loss_fen == 1_700


def test_the_periods_with_senior_interest_left_short_are_counted_on_each_path():
    # The same deal on two paths: A's interest is short in both periods.
    totals = montecarlo.run_paths([Loan("x", 100_000, 0, 2)], Assumptions(recovery_lag=0), liquidity_deal(),
                                  np.zeros((2, 2)), np.zeros((2, 3)))  # fmt: skip
    assert totals.senior_short_periods.tolist() == [2.0, 2.0]
    assert totals.liquidity_drawn.tolist() == [300.0, 300.0]


def test_a_large_deal_owes_its_coupons_to_the_fen():
    # 10^10 fen at 1,200 bp: 10^10 × 1,200 / 120,000 = 10^8 fen a month, exactly what the pool pays at 12 %.
    # A floating tranche at LPR 300 bp minus 100 bp owes 10^10 × 200 / 120,000 = 16,666,666.67 -> 16,666,667.
    interest = [{"pay": "interest", "tranches": ["A"], "from": "interest"}, RESIDUAL_A]
    s = deal([{"name": "A", "balance_fen": 10**10, "coupon_bp": 1200}], interest=interest, principal=[PAY_A])
    r = base.run([Loan("x", 10**10, 120_000, 1)], Assumptions(recovery_lag=0), s)
    assert (column(r, "A", "interest_paid"), column(r, "A", "residual_paid")) == ([10**8], [0])
    floating = deal([{"name": "A", "balance_fen": 10**10, "coupon_bp": -100, "rate_type": "floating"}],
                    interest=interest, principal=[PAY_A])  # fmt: skip
    r = base.run([Loan("x", 10**10, 120_000, 1)], Assumptions(recovery_lag=0, lpr_bp=300), floating)
    assert (column(r, "A", "interest_paid"), column(r, "A", "residual_paid")) == ([16_666_667], [83_333_333])


def switching_deal(total):
    # Normal: A's interest, the rest of the interest account to S, principal pro rata. Once 5 % of the pool has
    # defaulted (not curable): A's interest, the rest of the interest to principal, principal sequential with A's
    # principal backed by an unlimited guarantor.
    senior = total * 8 // 10
    interest_a = {"pay": "interest", "tranches": ["A"], "from": "interest"}
    return structure.read({
        "tranches": [{"name": "A", "balance_fen": senior, "coupon_bp": 500},
                     {"name": "S", "balance_fen": total - senior, "subordinated": True, "retained_bp": 10_000}],
        "triggers": [{"name": "defaults", "formula": "cdr_cum > 0.05", "curable": False, "switch_to": "sequential"}],
        "waterfalls": {
            "normal": {"interest": [interest_a, {"pay": "residual", "tranches": ["S"], "from": "interest"}],
                       "principal": [{"pay": "principal", "tranches": ["A", "S"], "mode": "pro_rata",
                                      "from": "principal"}]},
            "sequential": {"interest": [interest_a, {"pay": "transfer", "from": "interest", "to": "principal"}],
                           "principal": [PAY_A | {"support": ["guarantor"]},
                                         {"pay": "principal", "tranches": ["S"], "from": "principal"}]}},
        "guarantor_limit_fen": None,
    })  # fmt: skip


def test_on_mixed_paths_each_path_pays_what_its_own_base_case_pays():
    # Path 0 has no defaults and keeps the normal waterfall; path 1 defaults at a 60 % CDR, passes 5 % cumulative
    # defaults and switches to sequential. Each path must match the exact base case of its own CDR: a waterfall a
    # path does not use pays it nothing.
    loans = [Loan(str(i), 200_000 + 50_000 * i, 60_000, 6 + 3 * i, ("bullet", "linear", "annuity")[i % 3],
                  200 * i) for i in range(6)]  # fmt: skip
    s = switching_deal(sum(x.balance_fen for x in loans))
    cdrs = [Decimal(0), Decimal("0.6")]
    periods = max(x.months for x in loans) + 2
    mdr = np.array([[float(smm(c))] * periods for c in cdrs])
    totals = montecarlo.run_paths(loans, Assumptions(recovery_lag=2, price_fen=Decimal(3_000)), s, mdr,
                                  np.full((2, periods + 1), 3_000.0))  # fmt: skip
    for k, cdr in enumerate(cdrs):
        exact = base.run(loans, Assumptions(cdr=cdr, recovery_lag=2, price_fen=Decimal(3_000)), s)
        assert [row["waterfall"] for row in exact.rows][-1] == ("normal", "sequential")[k]
        for m in exact.measures:
            on_path = (totals.interest_paid[m.name][k], totals.principal_paid[m.name][k],
                       totals.residual_paid[m.name][k])  # fmt: skip
            assert np.abs(np.array(on_path) - [m.interest_fen, m.principal_fen, m.residual_fen]).max() <= 1, (k, m.name)
