"""Stress statistics, break-even searches, run-size limits, price-model calibration and default-rate paths, where
generated mutants showed no test. Every random draw is seeded; every run takes well under a second."""

from __future__ import annotations

import math
from decimal import Decimal

import numpy as np
import pytest

from tanxin.securitisation.domain import base, montecarlo, paths, structure, templates
from tanxin.securitisation.domain.errors import StructureError
from tanxin.securitisation.domain.pool import Assumptions, Loan

PAY_A = {"pay": "principal", "tranches": ["A"], "from": "principal"}
INTEREST_A = {"pay": "interest", "tranches": ["A"], "from": "interest"}
FLAT = {"price_model": paths.PriceModel(sigma=0.0), "default_model": paths.DefaultModel()}


def deal(tranches, interest=(), principal=()):
    return structure.read({"tranches": list(tranches), "retention_min_bp": 0,
                           "waterfalls": {"normal": {"interest": list(interest), "principal": list(principal)}}})


def one_fen_short():
    # A (100 fen at 1,200 bp) is owed 1 fen of interest; the pool pays none, only its 100 fen of principal.
    return [Loan("x", 100, 0, 1)], deal([{"name": "A", "balance_fen": 100, "coupon_bp": 1200}], [INTEREST_A], [PAY_A])


def test_a_senior_that_misses_a_single_fen_counts_as_a_senior_loss():
    loans, s = one_fen_short()
    r = montecarlo.simulate(loans, Assumptions(recovery_lag=0), s, paths=20, seed=1, **FLAT)
    (a,) = r.tranches
    assert r.p_senior_loss == 1.0 and a.p_loss == 1.0
    assert a.expected_loss == pytest.approx(0.01)  # 1 fen of 100
    assert a.var99 == pytest.approx(0.01) and a.es99 == pytest.approx(0.01)
    assert a.histogram == [20] + [0] * 19


def test_price_percentiles_are_reported_to_the_hundredth_of_a_fen():
    # No volatility and no drift: every path stays at 1,000.123 fen, reported as 1,000.12.
    loans, s = one_fen_short()
    r = montecarlo.simulate(loans, Assumptions(recovery_lag=0, price_fen=Decimal("1000.123")), s, paths=5, seed=2,
                            **FLAT)  # fmt: skip
    assert r.price_percentiles == {"p5": [1000.12, 1000.12], "p50": [1000.12, 1000.12], "p95": [1000.12, 1000.12]}


def test_expected_shortfall_is_the_mean_of_the_worst_one_percent_and_not_below_the_99_percent_quantile():
    loans = [Loan(str(i), 300_000, 40_000, 12, "linear", 300) for i in range(8)]
    total = sum(x.balance_fen for x in loans)
    s = structure.read(templates.standard(total, senior_share_bp=9200, guarantor=False))
    a = Assumptions(cdr=Decimal("0.25"), recovery_lag=3, price_fen=Decimal(2_000))
    r = montecarlo.simulate(loans, a, s, paths=400, seed=5, price_model=paths.PriceModel(sigma=0.8),
                            default_model=paths.DefaultModel(sigma=1.2, correlation=0.5))  # fmt: skip
    sub = r.tranches[1]
    assert 0 < sub.expected_loss < sub.var99 <= sub.es99 <= 1
    assert sub.es99 > sub.expected_loss
    assert sum(sub.histogram) == 400


def test_break_even_price_is_the_start_price_when_the_tranche_loses_a_fen_at_any_price():
    # A is owed 1 fen of interest the pool never pays (10,000 fen at 12 bp a year), so it loses at least 1 fen at
    # every carbon price: the highest losing price is the start price itself.
    loans = [Loan("x", 10_000, 0, 1, pledged_t=10)]
    s = deal([{"name": "A", "balance_fen": 10_000, "coupon_bp": 12}], [INTEREST_A], [PAY_A])
    a = Assumptions(cdr=Decimal("0.5"), recovery_lag=1, price_fen=Decimal("5000.567"))
    assert montecarlo.break_even_price(loans, a, s, tranche="A") == Decimal("5000.57")  # to the hundredth of a fen


def test_break_even_price_is_found_below_a_one_fen_start_price():
    # 1,000,000 t pledged on 100,000 fen; at CDR 50 % about 56,100 t default with 5,613 fen: a price of about
    # 0.1 fen a tonne already covers them, so the break-even lies between 0 and the 1 fen start price.
    s = deal([{"name": "A", "balance_fen": 100_000}], principal=[PAY_A])
    loans = [Loan("x", 100_000, 0, 1, pledged_t=1_000_000)]
    a = Assumptions(cdr=Decimal("0.5"), recovery_lag=1, price_fen=Decimal(1), slippage=Decimal(0))
    price = montecarlo.break_even_price(loans, a, s, tranche="A")
    assert price is not None and Decimal("0.09") < price < Decimal("0.11")


def test_a_tranche_that_loses_without_any_default_breaks_even_at_a_cdr_of_zero():
    loans, s = one_fen_short()
    assert montecarlo.break_even_cdr(loans, Assumptions(recovery_lag=0), s, tranche="A") == Decimal("0.0")


def test_the_loss_grid_is_the_base_case_loss_at_each_cdr_and_price_shock():
    # Each cell runs one scenario on the base price path; it must lose what the exact base case loses, to the fen.
    loans = [Loan(str(i), 150_000 + 40_000 * i, 50_000, 6 + 2 * i, ("bullet", "linear", "annuity")[i % 3], 150)
             for i in range(5)]  # fmt: skip
    total = sum(x.balance_fen for x in loans)
    s = structure.read(templates.standard(total, senior_share_bp=9000, guarantor=False))
    a = Assumptions(recovery_lag=2, price_fen=Decimal(2_500), price_drift=Decimal("0.1"))
    cdrs, shocks = [0.0, 0.2, 0.6], [0.0, -0.5]
    grid = montecarlo.grid(loans, a, s, cdrs, shocks)
    assert grid["S"][2][1] > grid["S"][0][0] == 0
    # the assumptions' own shock of -20 % applies on top of each cell's: (1 - 0.5) × (1 - 0.2) = 0.4
    shocked = montecarlo.grid(loans, Assumptions(recovery_lag=2, price_fen=Decimal(2_500), price_drift=Decimal("0.1"),
                                                 price_shock=Decimal("-0.2")), s, cdrs, shocks)  # fmt: skip
    for i, cdr in enumerate(cdrs):
        for j, shock in enumerate(shocks):
            own = Decimal(str(shock))
            for cells, total_shock in ((grid, own), (shocked, Decimal("0.8") * (1 + own) - 1)):
                exact = Assumptions(cdr=Decimal(str(cdr)), recovery_lag=2, price_fen=Decimal(2_500),
                                    price_drift=Decimal("0.1"), price_shock=total_shock)  # fmt: skip
                for m in base.run(loans, exact, s).measures:
                    assert abs(cells[m.name][i][j] - m.loss_fen) <= 1, (cdr, shock, m.name)


@pytest.mark.parametrize("n,periods,ok", [
    (1, 1, True), (0, 12, False), (-5, 12, False), (100_000, 200, True), (100_001, 1, False), (100_000, 201, False),
])  # fmt: skip
def test_a_run_needs_one_to_100000_paths_and_at_most_20_million_cells(n, periods, ok):
    if ok:
        paths.check_size(n, periods)
        return
    with pytest.raises(StructureError) as caught:
        paths.check_size(n, periods)
    assert caught.value.code == "too_many_paths"


# -- calibration -------------------------------------------------------------------------------------------------
def closes_from(daily_returns):
    return [Decimal(f"{60 * math.exp(x):.6f}") for x in np.concatenate([[0.0], np.cumsum(daily_returns)])]


def test_84_closes_hold_three_whole_months_too_few_for_regimes():
    # 83 daily returns: months of 21 start at 0, 21 and 42; the 20 returns left are not a month.
    r = np.random.default_rng(8).normal(0, 0.02, 83)
    model = paths.calibrate(closes_from(r))
    assert model.sigma_calm == model.sigma_stressed == model.sigma
    assert (model.p_calm_to_stressed, model.p_stressed_to_calm) == (0.05, 0.20)


def test_calibration_separates_calm_and_stressed_months_and_counts_the_switches():
    # Eight months calm, calm, stressed, stressed, calm, calm, stressed, stressed (10 % and 80 % a year).
    # From a calm month: calm, stressed, calm, stressed -> 1/2 switch. From a stressed month: stressed, calm,
    # stressed -> stays 2/3, so 1/3 switch back to calm.
    rng = np.random.default_rng(21)
    sigmas = [0.10, 0.10, 0.80, 0.80, 0.10, 0.10, 0.80, 0.80]
    r = np.concatenate([rng.normal(0, s / math.sqrt(250), 21) for s in sigmas])
    model = paths.calibrate(closes_from(r))
    assert 0.06 < model.sigma_calm < 0.14 and 0.6 < model.sigma_stressed < 1.0
    assert model.sigma_calm < model.sigma < model.sigma_stressed
    assert model.p_calm_to_stressed == 0.5
    assert model.p_stressed_to_calm == pytest.approx(1 / 3)


# -- default rates -------------------------------------------------------------------------------------------------
def test_correlated_default_rates_follow_the_documented_formula():
    # Z = -ρ ε + √(1 - ρ²) η with η the generator's next normals; MDR = min(1, MDR₀ exp(σ Z - σ²/2)).
    eps = np.random.default_rng(3).standard_normal((4, 6))
    rho, sigma, mdr0 = 0.6, 0.5, 0.01
    eta = np.random.default_rng(4).standard_normal((4, 6))
    z = -0.6 * eps + 0.8 * eta  # √(1 - 0.36) = 0.8
    expected = np.minimum(1.0, mdr0 * np.exp(sigma * z - 0.125))  # σ²/2 = 0.125
    got = paths.default_rates(mdr0, paths.DefaultModel(sigma=sigma, correlation=rho), eps, np.random.default_rng(4))
    assert np.allclose(got, expected, rtol=1e-12, atol=0)


def test_default_volatility_leaves_the_mean_default_rate_unchanged():
    # E[exp(σ Z - σ²/2)] = 1 for a standard normal Z; 400,000 draws at σ = 0.5: standard error about 0.0009.
    eps = np.random.default_rng(6).standard_normal((400, 1_000))
    mdr = paths.default_rates(0.001, paths.DefaultModel(sigma=0.5, correlation=0.3), eps, np.random.default_rng(7))
    assert mdr.mean() / 0.001 == pytest.approx(1.0, abs=0.005)
    assert np.log(mdr).std() == pytest.approx(0.5, abs=0.005)  # Z has unit variance: 0.3² + (1 - 0.3²)
