"""The pool projection, its vector twin, tranche measures and the root finders, where generated mutants showed
figures no test pinned: prepayment, price shock, guarantees, rounding, durations and convergence."""

from __future__ import annotations

import math
from decimal import Decimal

import numpy as np
import pytest

from tanxin.securitisation.domain import pool, roots, vectorpool
from tanxin.securitisation.domain.analytics import measure
from tanxin.securitisation.domain.errors import StructureError
from tanxin.securitisation.domain.pool import Assumptions, Loan, smm
from tests.securitisation.domain_builders import counted

CPR_SMM_10 = 1 - Decimal("0.9") ** 12  # 0.717570463519: a CPR whose monthly rate is exactly 10 %


def test_a_cpr_whose_twelfth_root_is_ninety_percent_prepays_ten_percent_a_month():
    assert abs(smm(CPR_SMM_10) - Decimal("0.1")) < Decimal("1e-30")


def test_prepayment_takes_its_share_of_the_balance_left_after_scheduled_principal():
    # Linear, three months, 120,000 fen. Month 1: 40,000 scheduled, 10 % of the 80,000 left prepays (8,000),
    # 72,000 remain. Month 2: 36,000 scheduled, 10 % of 36,000 = 3,600 prepays, 32,400 remain. Month 3: all due.
    flows = pool.project([Loan("x", 120_000, 0, 3, "linear")], Assumptions(cpr=CPR_SMM_10, recovery_lag=0))
    assert flows.scheduled == [40_000, 36_000, 32_400]
    assert flows.prepaid == [8_000, 3_600, 0]
    assert flows.closing == [72_000, 32_400, 0]


def test_pledged_tonnes_leave_the_pool_with_prepayments():
    # 100 t pledged; 10 % prepays in month 1, so 90 t are left when the loan defaults whole in month 2 (72,000 fen).
    # A month later the 90 t fetch 90 × 500 fen (no slippage) = 45,000 fen; 27,000 are lost.
    loan = Loan("x", 120_000, 0, 3, "linear", pledged_t=100)
    a = Assumptions(cpr=CPR_SMM_10, recovery_lag=1, price_fen=Decimal(500), slippage=Decimal(0), defaults=(("x", 2),))
    flows = pool.project([loan], a)
    assert flows.defaulted == [0, 72_000, 0, 0]
    assert flows.recovered == [0, 0, 45_000, 0]
    assert flows.loss == [0, 0, 27_000, 0]


def test_a_price_shock_moves_the_carbon_price_a_recovery_is_sold_at():
    # 10 t at 3,000 fen, shocked by -30 % to 2,100 fen, sold less 10 %: 10 × 2,100 × 0.9 = 18,900 fen.
    a = Assumptions(recovery_lag=1, price_fen=Decimal(3000), price_shock=Decimal("-0.30"), defaults=(("x", 1),))
    assert pool.price_at(a, 1) == Decimal(2100)
    flows = pool.project([Loan("x", 50_000, 0, 1, pledged_t=10)], a)
    assert flows.recovered == [0, 18_900]


def test_a_guarantee_pays_its_share_of_a_defaulted_exposure_and_never_more_than_the_exposure():
    # 30 % of 50,000 fen = 15,000 fen; with 100 % and 10 t at 3,000 fen on top, recovery stops at the 50,000.
    a = Assumptions(recovery_lag=1, price_fen=Decimal(3000), defaults=(("x", 1),))
    assert pool.project([Loan("x", 50_000, 0, 1, guarantee_ppm=300_000)], a).recovered == [0, 15_000]
    full = Loan("x", 50_000, 0, 1, pledged_t=10, guarantee_ppm=1_000_000)
    assert pool.project([full], a).recovered == [0, 50_000]


@pytest.mark.parametrize("name", ["cdr", "cpr", "slippage"])
def test_a_rate_of_one_hundred_percent_or_below_zero_is_refused_naming_it(name):
    for value in (Decimal(1), Decimal("-0.0001")):
        with pytest.raises(StructureError) as caught:
            pool.check_assumptions(Assumptions(**{name: value}))
        assert (caught.value.code, caught.value.details) == ("negative_rate", {"field": name})
    pool.check_assumptions(Assumptions(**{name: Decimal("0.9999")}))


def test_a_full_guarantee_is_accepted_and_more_than_full_is_refused():
    pool.check_loans([Loan("x", 1, 0, 1, guarantee_ppm=1_000_000)])
    with pytest.raises(StructureError) as caught:
        pool.check_loans([Loan("x", 1, 0, 1, guarantee_ppm=1_000_001)])
    assert caught.value.code == "bad_loan"


def test_a_rounding_excess_with_no_prepayment_is_taken_back_from_defaults():
    # 28 fen bullet, CDR 20 %: MDR = 1 - 0.8^(1/12) = 0.0184235. Month 1: 0.5159 defaults (1 fen), 27.4841 left
    # (27 fen). Month 2: 0.5064 defaults (1 fen) and 26.9778 are left (27 fen): 27 + 1 is one fen more than the
    # 27 that opened, nothing prepaid to take it from, so the month's default is 0 and nothing is scheduled.
    flows = pool.project([Loan("x", 28, 0, 3)], Assumptions(cdr=Decimal("0.2"), recovery_lag=0))
    assert flows.opening == [28, 27, 27]
    assert flows.defaulted == [1, 0, 0]
    assert flows.scheduled == [0, 0, 27]
    assert flows.closing == [27, 27, 0]


# -- the vector projection: the same figures on paths --------------------------------------------------------------

def test_on_paths_with_a_constant_rate_every_figure_of_the_exact_projection_is_reproduced_to_the_fen():
    # Three amortisations, pledges, a 30 % guarantee, defaults, prepayments, slippage and a two-month lag.
    loans = [Loan("a", 300_000, 60_000, 6, "linear", 40), Loan("b", 500_000, 48_000, 9, "annuity", 120, 300_000),
             Loan("c", 200_000, 72_000, 4, "bullet", 500)]  # fmt: skip
    a = Assumptions(cdr=Decimal("0.3"), cpr=Decimal("0.2"), recovery_lag=2, price_fen=Decimal(1500),
                    slippage=Decimal("0.2"))  # fmt: skip
    exact = pool.project(loans, a)
    n = exact.periods
    on_paths = vectorpool.project(loans, np.full((2, n), float(smm(a.cdr))), float(smm(a.cpr)),
                                  np.full((2, n + 1), 1500.0), 0.2, 2)  # fmt: skip
    assert sum(exact.recovered) > 0 and sum(exact.prepaid) > 0 and sum(exact.loss) > 0
    for key in ("opening", "interest", "scheduled", "prepaid", "defaulted", "recovered", "loss", "closing"):
        assert [x.tolist() for x in getattr(on_paths, key)] == [[float(v)] * 2 for v in getattr(exact, key)], key

def test_on_paths_a_large_loan_pays_its_interest_to_the_fen():
    # 100 million yuan (10^10 fen) at 12 %: 10^10 × 120,000 / 12,000,000 = 10^8 fen a month, as in the exact run.
    loan = Loan("x", 10**10, 120_000, 2)
    on_paths = vectorpool.project([loan], np.zeros((2, 2)), 0.0, np.zeros((2, 3)), 0.0, 0)
    exact = pool.project([loan], Assumptions(recovery_lag=0))
    assert exact.interest == [10**8, 10**8]
    assert [x.tolist() for x in on_paths.interest] == [[1e8, 1e8], [1e8, 1e8]]


def test_on_paths_a_guaranteed_last_fen_defaulting_in_the_final_month_is_recovered():
    # 3 fen linear over three months: 1 fen is left for month 3. Every path defaults whole in month 3 and the full
    # guarantee pays it back at once (no lag), exactly as a named default does in the exact projection.
    loan = Loan("x", 3, 0, 3, "linear", guarantee_ppm=1_000_000)
    mdr = np.array([[0.0, 0.0, 1.0]] * 2)
    on_paths = vectorpool.project([loan], mdr, 0.0, np.zeros((2, 4)), 0.0, 0)
    exact = pool.project([loan], Assumptions(recovery_lag=0, defaults=(("x", 3),)))
    assert exact.defaulted == exact.recovered == [0, 0, 1]
    assert [x.tolist() for x in on_paths.recovered] == [[0.0, 0.0], [0.0, 0.0], [1.0, 1.0]]
    assert [x.tolist() for x in on_paths.loss] == [[0.0, 0.0]] * 3


def test_on_paths_carbon_sold_below_the_exposure_recovers_exactly_its_value():
    # 10,000 fen on 10 t defaults whole in month 1; a month later the 10 t fetch 10 × 300 fen = 3,000 fen, as the
    # exact projection of the same named default says.
    loan = Loan("x", 10_000, 0, 2, pledged_t=10)
    exact = pool.project([loan], Assumptions(recovery_lag=1, price_fen=Decimal(300), slippage=Decimal(0),
                                             defaults=(("x", 1),)))  # fmt: skip
    on_paths = vectorpool.project([loan], np.array([[1.0, 0.0, 0.0]] * 2), 0.0, np.full((2, 4), 300.0), 0.0, 1)
    assert exact.recovered == [0, 3_000, 0]
    assert [x.tolist() for x in on_paths.recovered] == [[0.0, 0.0], [3_000.0, 3_000.0], [0.0, 0.0]]


# -- tranche measures ----------------------------------------------------------------------------------------------
def test_a_two_month_par_tranche_yields_its_coupon_and_has_a_modified_duration_below_its_life():
    # 100,000 fen paying 1 % a month: monthly yield 1 % (120,000 ppm a year). Macaulay duration in months
    # (1 × 1,000 / 1.01 + 2 × 101,000 / 1.01²) / 100,000 = 1.990099, / 12 = 0.165842 years; modified: / 1.01.
    m = measure("A", 100_000, [(1, 1_000, 0, 0), (2, 1_000, 100_000, 0)], 0)
    assert (m.yield_ppm, m.duration_years, m.wal_years) == (120_000, Decimal("0.1642"), Decimal("0.1667"))
    assert (m.interest_fen, m.principal_fen, m.loss_ppm) == (2_000, 100_000, 0)


def test_a_one_fen_tranche_doubling_in_a_month_has_a_duration_of_half_a_month():
    # -1 fen now, 2 fen in a month: 100 % a month (12,000,000 ppm a year); Macaulay 1 month, modified 1/2 month
    # = 0.0417 years. The present value of what it receives is 2 / 2 = 1 fen, so the duration is defined.
    m = measure("A", 1, [(1, 0, 1, 1)], 0)
    assert (m.yield_ppm, m.duration_years, m.wal_years) == (12_000_000, Decimal("0.0417"), Decimal("0.0833"))


def test_a_tranche_that_loses_a_quarter_reports_it_in_ppm():
    m = measure("B", 40_000, [(3, 0, 30_000, 0)], 10_000)
    assert (m.loss_ppm, m.wal_years) == (250_000, Decimal("0.2500"))


# -- root finders ----------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("f,a,b,root", [
    (lambda x: x**3 - 2, 0.0, 2.0, 2 ** (1 / 3)),
    (lambda x: math.exp(x) - 5, 0.0, 4.0, math.log(5)),
    (lambda x: math.cos(x) - x, 0.0, 1.0, 0.7390851332151607),
    (lambda x: (x - 0.3) * (1 + x * x), -1.0, 2.0, 0.3),
])  # fmt: skip
def test_brent_converges_faster_than_halving_the_bracket(f, a, b, root):
    # Halving a bracket of width 1 to 4 down to 1e-12 takes about 40 steps; Brent's interpolation needs far fewer.
    g, calls = counted(f)
    assert abs(roots.brent(g, a, b) - root) < 1e-11
    assert len(calls) <= 14


@pytest.mark.parametrize("f,a,b,root", [
    (lambda x: math.sqrt(x) - 1, 0.25, 9.0, 1.0),                          # x = (y + 1)²
    (lambda x: (-3 + math.sqrt(1 + 4 * x)) / 2 - 0.5, 0.0, 20.0, 3.75),    # x = y² + 3y + 2
])  # fmt: skip
def test_brent_lands_at_once_on_a_root_whose_inverse_is_a_quadratic(f, a, b, root):
    # Inverse quadratic interpolation fits x as a quadratic in y = f(x): when that is exactly true, the first such
    # step is exact, so a handful of evaluations suffice (bisection would need about 40).
    g, calls = counted(f)
    assert roots.brent(g, a, b) == pytest.approx(root, abs=1e-12)
    assert len(calls) <= 6


def test_brent_returns_an_end_of_the_bracket_that_is_already_a_root():
    assert roots.brent(lambda x: x - 1, 1.0, 5.0) == 1.0
    assert roots.brent(lambda x: x - 5, 1.0, 5.0) == 5.0


def test_bisection_finds_where_a_yes_no_function_switches():
    # +1 below 0.3, -1 from 0.3 on: the boundary is 0.3 to the tolerance, from either side of the bracket.
    step = lambda x: 1 if x < 0.3 else -1  # noqa: E731
    assert abs(roots.bisect(step, 0.0, 1.0, tol=1e-9) - 0.3) < 1e-9
    assert abs(roots.bisect(lambda x: -step(x), 0.0, 1.0, tol=1e-9) - 0.3) < 1e-9


def test_the_irr_of_doubling_in_a_month_is_one_hundred_percent():
    assert roots.irr([-1.0, 2.0]) == 1.0
    assert roots.npv(0.5, [-1.0, 1.5]) == 0.0
