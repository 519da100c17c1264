"""Stress statistics, break-even searches, path limits, calibration and the number backends, where generated mutants
showed figures no test pinned: the loss share's cap and bins, the median price, the break-even grids' precision,
the run-size limit, the default model's defaults, part-months in calibration and division by an empty whole."""

from __future__ import annotations

import math
from decimal import Decimal

import numpy as np
import pytest

from tanxin.securitisation.domain import montecarlo, paths, structure, templates
from tanxin.securitisation.domain.errors import StructureError
from tanxin.securitisation.domain.ops import INF, ArrayOps, ExactOps
from tanxin.securitisation.domain.pool import Assumptions, Loan

PAY_A = {"pay": "principal", "tranches": ["A"], "from": "principal"}
INTEREST_A = {"pay": "interest", "tranches": ["A"], "from": "interest"}
FLAT = {"price_model": paths.PriceModel(sigma=0.0), "default_model": paths.DefaultModel()}


def lone_senior(coupon_bp):
    """A single 100-fen tranche paid interest, then principal, by a pool paying no interest."""
    return structure.read({"tranches": [{"name": "A", "balance_fen": 100, "coupon_bp": coupon_bp}],
                           "retention_min_bp": 0,
                           "waterfalls": {"normal": {"interest": [INTEREST_A], "principal": [PAY_A]}}})  # fmt: skip


def senior_over_equity(equity_fen):
    """100,000 fen in A and S (first loss), paid principal in order from a one-month pool of 100,000 fen."""
    return structure.read({"tranches": [{"name": "A", "balance_fen": 100_000 - equity_fen},
                                        {"name": "S", "balance_fen": equity_fen, "subordinated": True,
                                         "retained_bp": 10_000}],
                           "waterfalls": {"normal": {"principal": [
                               {"pay": "principal", "tranches": ["A", "S"], "from": "principal"}]}}})  # fmt: skip


ONE_MONTH = [Loan("x", 100_000, 0, 1)]


def break_even_of_a(equity_fen):
    # A loses a fen once more than equity + 0.5 fen of the 100,000 default (the default is rounded half-even to the
    # fen): MDR > (equity + 0.5) / 100,000, CDR = 1 - (1 - MDR)^12.
    return 1 - (1 - (Decimal(equity_fen) + Decimal("0.5")) / 100_000) ** 12


def carbon_deal():
    loans = [Loan(str(i), 300_000, 40_000, 12, "linear", 300) for i in range(8)]
    s = structure.read(templates.standard(sum(x.balance_fen for x in loans), senior_share_bp=9000, guarantor=False))
    a = Assumptions(cdr=Decimal("0.5"), recovery_lag=3, price_fen=Decimal(20_000), slippage=Decimal(0))
    return loans, s, a


# -- stress statistics -----------------------------------------------------------------------------------------------
def test_a_tranche_owed_more_than_its_balance_counts_a_loss_of_at_most_all_of_it():
    # A (100 fen at 1,200 bp: 1 fen a month) on a 12-month bullet at a 99.99 % CDR: the loan defaults away and pays no
    # interest, so A never receives its 100 fen nor the interest owed on top, more than its balance. Its loss share
    # is capped at 100 %: expected loss, VaR and ES are 1 and every path falls in the 95-100 % bin.
    loans, s = [Loan("x", 100, 0, 12, "bullet")], lone_senior(1200)
    a = Assumptions(cdr=Decimal("0.9999"), recovery_lag=0)
    mdr = np.full((1, 12), float(1 - Decimal("0.0001") ** (Decimal(1) / 12)))
    assert montecarlo.run_paths(loans, a, s, mdr, np.full((1, 13), 100.0)).loss("A")[0] > 100
    (stats,) = montecarlo.simulate(loans, a, s, paths=4, seed=1, **FLAT).tranches
    assert (stats.expected_loss, stats.var99, stats.es99) == (1.0, 1.0, 1.0)
    assert stats.histogram == [0] * 19 + [4]


def test_a_seven_percent_loss_is_counted_in_the_five_to_ten_percent_bin():
    # A (100 fen at 8,400 bp: 7 fen of interest in its one month) is paid its principal but no interest: 7 % lost.
    # The 20 bins are 5 % wide from 0 to 100 %, so every path counts in the second one.
    (stats,) = montecarlo.simulate([Loan("x", 100, 0, 1)], Assumptions(recovery_lag=0), lone_senior(8400), paths=4,
                                   seed=1, **FLAT).tranches  # fmt: skip
    assert stats.expected_loss == pytest.approx(0.07)
    assert stats.histogram == [0, 4] + [0] * 18


def test_the_middle_price_percentile_is_the_median_of_the_paths():
    # The p5/p50/p95 price bands are the 5th, 50th and 95th percentiles of the simulated prices in each month: the
    # same seed draws the same paths again, and p50 is their median.
    loans, s = [Loan("x", 100, 0, 3)], lone_senior(0)
    a = Assumptions(recovery_lag=0, price_fen=Decimal(5_000))
    model = paths.PriceModel(sigma=0.9)
    r = montecarlo.simulate(loans, a, s, paths=101, seed=7, price_model=model, default_model=paths.DefaultModel())
    price, _ = paths.prices(model, 5_000.0, 0.0, 3, np.random.default_rng(7), 101)
    assert r.price_percentiles["p50"] == [round(float(v), 2) for v in np.median(price, axis=0)]
    assert r.price_percentiles["p5"] == [round(float(v), 2) for v in np.percentile(price, 5, axis=0)]


def test_a_stress_run_keeps_no_per_period_rows_unless_asked():
    # Thousands of paths times every period would be held in memory for nothing: only the totals are kept.
    loans, s = [Loan("x", 100, 0, 2)], lone_senior(1200)
    mdr, price = np.zeros((3, 2)), np.full((3, 3), 100.0)
    assert montecarlo.run_paths(loans, Assumptions(recovery_lag=0), s, mdr, price).rows == []
    assert montecarlo.run_paths(loans, Assumptions(recovery_lag=0), s, mdr, price, keep_periods=True).rows != []


def test_a_loss_grid_without_any_scenario_is_refused():
    with pytest.raises(StructureError) as caught:
        montecarlo.grid(ONE_MONTH, Assumptions(recovery_lag=0), senior_over_equity(10_000), [], [0.0])
    assert caught.value.code == "too_many_paths"


# -- break-even searches ---------------------------------------------------------------------------------------------
def test_the_equity_piece_breaks_even_at_the_tiny_cdr_that_defaults_more_than_half_a_fen():
    # S loses a fen as soon as the month's default rounds to a fen: MDR > 0.5 / 100,000 = 5e-6, CDR = 1 - (1 -
    # 5e-6)^12 = 0.0000600. It lies below the first grid step (0.9999 / 63 = 0.0159), between the first two points.
    cdr = montecarlo.break_even_cdr(ONE_MONTH, Assumptions(recovery_lag=0), senior_over_equity(10_000), tranche="S")
    assert abs(cdr - (1 - (1 - Decimal("0.000005")) ** 12)) <= Decimal("0.000001")


@pytest.mark.parametrize("equity_fen", range(10_000, 10_200, 3))
def test_the_break_even_cdr_is_within_half_a_millionth_and_one_grid_step_of_the_hand_computed_one(equity_fen):
    # The search narrows [0, 0.9999] four times on 64 points, so its last grid step is 0.9999 / 63⁴ = 6.3e-8; the
    # answer, the first losing point rounded to six decimals, is within 5e-7 + 6.3e-8 of the true break-even.
    cdr = montecarlo.break_even_cdr(ONE_MONTH, Assumptions(recovery_lag=0), senior_over_equity(equity_fen),
                                    tranche="A")  # fmt: skip
    assert abs(cdr - break_even_of_a(equity_fen)) <= Decimal("0.0000005") + Decimal("0.9999") / 63**4


def test_the_break_even_cdr_search_takes_sixty_four_points_a_round_for_four_rounds():
    # The true break-even here is 0.71995244; the documented search (64 points, 4 rounds) answers 0.719953. A 65-point
    # grid or a fifth round would end on another point and round the last digit the other way.
    a, s = Assumptions(recovery_lag=0), senior_over_equity(10_063)
    found = montecarlo.break_even_cdr(ONE_MONTH, a, s, tranche="A")
    assert found == montecarlo.break_even_cdr(ONE_MONTH, a, s, tranche="A", width=64, rounds=4)
    assert abs(found - break_even_of_a(10_063)) <= Decimal("0.000001")


def test_at_the_break_even_price_the_senior_still_loses_a_fen():
    # The answer is the highest price (on the last grid, steps of 20,000 / 63⁴ = 0.0013 fen) at which A still loses.
    loans, s, a = carbon_deal()
    price = montecarlo.break_even_price(loans, a, s, tranche="A")
    losses = montecarlo.scenario_losses(loans, a, s, np.array([0.5]), np.array([float(price) / 20_000 - 1]))
    assert losses["A"][0] >= 1


def test_the_break_even_price_search_takes_sixty_four_points_a_round_for_four_rounds():
    # With a grid step of 0.0013 fen, another width or a fifth round changes the answer in its fourth decimal.
    loans, s, a = carbon_deal()
    found = montecarlo.break_even_price(loans, a, s, tranche="A")
    assert found == montecarlo.break_even_price(loans, a, s, tranche="A", width=64, rounds=4)
    assert 0 < found < 20_000


# -- paths -----------------------------------------------------------------------------------------------------------
def test_paths_times_periods_may_reach_twenty_million_but_not_one_more():
    paths.check_size(2, 10_000_000)
    with pytest.raises(StructureError) as caught:
        paths.check_size(3, 6_666_667)  # 20,000,001 cells
    assert caught.value.code == "too_many_paths"


def test_the_default_model_leaves_every_path_at_the_base_default_rate():
    eps = np.random.default_rng(3).standard_normal((5, 4))
    rates = paths.default_rates(0.01, paths.DefaultModel(), eps, np.random.default_rng(4))
    assert (rates == 0.01).all()


def test_without_a_correlation_the_default_rates_ignore_the_price_shocks():
    # DefaultModel(sigma=0.5) leaves ρ at 0: Z = -0 × ε + √1 × η, so MDR × exp(0.5 η - 0.125) with η the generator's
    # own draws, the same whatever the price shocks ε were.
    eps = np.random.default_rng(3).standard_normal((4, 3))
    rates = paths.default_rates(0.01, paths.DefaultModel(sigma=0.5), eps, np.random.default_rng(9))
    eta = np.random.default_rng(9).standard_normal((4, 3))
    assert rates == pytest.approx(np.minimum(1.0, 0.01 * np.exp(0.5 * eta - 0.125)), rel=1e-12)


def closes_from(daily_returns, start=60.0):
    return [Decimal(f"{start * math.exp(x):.10f}") for x in np.concatenate([[0.0], np.cumsum(daily_returns)])]


def test_calibration_keeps_closes_below_one():
    # Returns are ratios of closes, so a series quoted at 0.6 calibrates like the same series quoted at 60.
    r = np.random.default_rng(8).normal(0, 0.02, 60)
    small, large = paths.calibrate(closes_from(r, 0.6)), paths.calibrate(closes_from(r, 60.0))
    assert small.sigma == pytest.approx(large.sigma, rel=1e-6) and small.drift == pytest.approx(large.drift, rel=1e-5)


def test_a_trailing_part_month_of_returns_is_not_counted_as_a_month():
    # 105 closes give 104 daily returns: four whole months of 21 and 20 returns left over. The regimes come from the
    # four months only, so a wild last 20 days changes σ and μ but not the regime figures of the first 85 closes.
    r = np.random.default_rng(11).normal(0, 0.02, 104)
    r[84:] *= 5
    closes = closes_from(r)
    whole, cut = paths.calibrate(closes), paths.calibrate(closes[:85])
    assert whole.sigma > cut.sigma
    assert (whole.sigma_calm, whole.sigma_stressed, whole.p_calm_to_stressed, whole.p_stressed_to_calm) == (
        cut.sigma_calm, cut.sigma_stressed, cut.p_calm_to_stressed, cut.p_stressed_to_calm)


def test_a_months_volatility_is_the_sample_deviation_of_its_returns():
    # Four months of 21 daily returns alternating +a, -a (11 up, 10 down), calm with a = 1 %, stressed with a = 3 %.
    # Mean a/21; squares 21a² - 21 (a/21)² = 440a²/21; sample variance over 20: 22a²/21. Calm σ = 1 % × √(22/21)
    # × √250 = 0.161835, stressed three times that; every calm month is followed by a stressed one and back.
    def month(a):
        return [a if i % 2 == 0 else -a for i in range(21)]

    model = paths.calibrate(closes_from(np.array(month(0.01) + month(0.03) + month(0.01) + month(0.03))))
    calm = 0.01 * math.sqrt(22 / 21) * math.sqrt(250)
    assert model.sigma_calm == pytest.approx(calm, rel=1e-6)
    assert model.sigma_stressed == pytest.approx(3 * calm, rel=1e-6)
    assert (model.p_calm_to_stressed, model.p_stressed_to_calm) == (1.0, 1.0)


# -- number backends -------------------------------------------------------------------------------------------------
def test_a_single_fen_over_nothing_is_an_infinite_ratio_in_both_backends():
    assert ExactOps().ratio(1, 0) == INF and ExactOps().ratio(0, 0) == 0
    assert ArrayOps(2).ratio(np.array([1.0, 0.0]), 0.0).tolist() == [math.inf, 0.0]


def test_a_share_of_an_empty_whole_is_nothing_in_both_backends_whatever_the_part():
    # floor(total × part / whole), 0 when whole is 0: the vector backend must agree with the exact one.
    assert ExactOps().share(100, 5, 0) == 0
    assert ArrayOps(2).share(np.array([100.0, 100.0]), np.array([5.0, 0.0]), np.array([0.0, 0.0])).tolist() == [0, 0]


def test_false_is_a_yes_or_no_value_of_each_backend():
    no = ArrayOps(3).false()
    assert ArrayOps(3).is_bool(no) and no.tolist() == [False, False, False]
    assert ExactOps().is_bool(ExactOps().false()) and ExactOps().false() is False
