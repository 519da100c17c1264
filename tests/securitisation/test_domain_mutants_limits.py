"""Limits, defaults and small rules of the securitisation domain that a larger mutant sample showed untested."""

from __future__ import annotations

import math
from datetime import date
from decimal import Decimal, localcontext

import numpy as np
import pytest

from tanxin.securitisation.domain import formula, paths, roots, structure, templates
from tanxin.securitisation.domain.eligibility import Candidate, Rules, check_loan
from tanxin.securitisation.domain.errors import StructureError
from tanxin.securitisation.domain.ops import ArrayOps, ExactOps
from tanxin.securitisation.domain.pool import Assumptions, check_assumptions
from tanxin.securitisation.domain.structure import Structure, Tranche


def refused(code, fn, *args, **kw):
    with pytest.raises(StructureError) as caught:
        fn(*args, **kw)
    assert caught.value.code == code
    return caught.value


# -- structure -------------------------------------------------------------------------------------------------------
def ten_tranches(n):
    data = templates.standard(1_000_000)
    data["tranches"] += [{"name": f"M{i}", "balance_fen": 1_000} for i in range(n - 2)]
    return data


def test_a_deal_may_have_ten_tranches_and_not_eleven():
    assert len(structure.read(ten_tranches(10)).tranches) == 10
    refused("bad_tranches", structure.read, ten_tranches(11))


def test_two_fees_with_the_same_name_are_refused():
    data = templates.standard(100_000)
    data["fees"].append({"name": "admin", "fixed_fen": 5})
    assert refused("duplicate_name", structure.read, data).details == {"what": "fee"}


@pytest.mark.parametrize("support", [["bogus"], [5], "reserve"])
def test_a_step_naming_an_unknown_support_is_refused(support):
    data = templates.standard(100_000)
    data["waterfalls"]["normal"]["interest"][1]["support"] = support
    refused("bad_step", structure.read, data)


@pytest.mark.parametrize("value", ["abc", "1.5", 1.5, None, True])
def test_an_amount_that_is_not_a_whole_number_is_refused(value):
    data = templates.standard(100_000)
    data["liquidity_limit_fen"] = value
    assert refused("bad_number", structure.read, data).details == {"field": "liquidity_limit_fen"}


def test_a_whole_number_written_as_text_is_read():
    data = templates.standard(100_000)
    data["liquidity_limit_fen"] = "2500"
    assert structure.read(data).liquidity_limit_fen == 2_500


def test_a_structure_built_without_a_reserve_has_the_reserve_one_read_without_it_has():
    # No reserve: nothing held, nothing targeted, no step-down, and a step-down blocked by a breached trigger.
    built = Structure(tranches=(Tranche("A", 100_000, retained_bp=10_000),), waterfalls={"normal": {}})
    read = structure.read({"tranches": [{"name": "A", "balance_fen": 100_000, "retained_bp": 10_000}],
                           "waterfalls": {"normal": {}}})  # fmt: skip
    assert built.reserve == read.reserve
    assert structure.write(built)["reserve"] == {"initial_fen": 0, "target_fen": 0, "step_down_after": None,
                                                 "step_down_target_fen": 0, "step_down_blocked_by_trigger": True}


def test_the_standard_deal_charges_a_thirty_basis_point_senior_fee():
    (fee,) = structure.read(templates.standard(1_000_000)).fees
    assert (fee.name, fee.rate_bp, fee.fixed_fen, fee.senior) == ("admin", 30, 0, True)


# -- assumptions -----------------------------------------------------------------------------------------------------
def test_a_price_shock_of_up_to_ten_times_is_accepted_and_above_is_refused():
    check_assumptions(Assumptions(price_shock=Decimal(10)))
    refused("bad_price", check_assumptions, Assumptions(price_shock=Decimal("10.0001")))
    refused("bad_price", check_assumptions, Assumptions(price_shock=Decimal(-1)))


def test_the_default_price_model_is_the_documented_one():
    assert paths.PriceModel() == paths.PriceModel(kind="gbm", drift=0.0, sigma=0.30, sigma_calm=0.25,
                                                  sigma_stressed=0.60, p_calm_to_stressed=0.05,
                                                  p_stressed_to_calm=0.20)  # fmt: skip


# -- formulas and backends -------------------------------------------------------------------------------------------
def metrics(**values):
    return {name: Decimal(1) for name in formula.METRICS} | {k: Decimal(str(v)) for k, v in values.items()}


def test_a_formula_may_negate_a_condition_or_a_number():
    assert formula.evaluate(formula.check("not oc < 1"), metrics(oc="0.9"), ExactOps()) is False
    assert formula.evaluate(formula.check("not oc < 1"), metrics(oc="1.1"), ExactOps()) is True
    assert formula.evaluate(formula.check("-oc < -1"), metrics(oc="1.1"), ExactOps()) is True
    on_paths = formula.evaluate(formula.check("not -oc < -1"), {"oc": np.array([0.9, 1.1])}, ArrayOps(2))
    assert on_paths.tolist() == [True, False]


def test_both_backends_round_a_coupon_of_half_a_fen_to_even():
    # 250 fen × 1 % = 2.5 -> 2; 350 fen × 1 % = 3.5 -> 4; 251 × 1 % = 2.51 -> 3.
    rate = Decimal("0.01")
    assert [ExactOps().mul_rate(x, rate) for x in (250, 350, 251)] == [2, 4, 3]
    assert ArrayOps(3).mul_rate(np.array([250.0, 350.0, 251.0]), rate).tolist() == [2.0, 4.0, 3.0]


def test_a_ratio_is_exact_to_28_digits_whatever_the_callers_precision():
    with localcontext() as ctx:
        ctx.prec = 50
        assert ExactOps().ratio(2, 3) == Decimal("0.6666666666666666666666666667")
        ctx.prec = 5
        assert ExactOps().ratio(1, 7) == Decimal("0.1428571428571428571428571429")


def test_each_backend_knows_its_own_yes_or_no():
    assert ArrayOps(2).is_bool(np.array([True, False])) and ArrayOps(2).is_bool(np.bool_(True))
    assert not ArrayOps(2).is_bool(np.array([1.0, 0.0])) and not ArrayOps(2).is_bool(1.0)
    assert ExactOps().is_bool(False) and not ExactOps().is_bool(Decimal(0))


# -- calibration ---------------------------------------------------------------------------------------------------
def closes_from(daily_returns, digits=10):
    return [Decimal(f"{60 * math.exp(x):.{digits}f}") for x in np.concatenate([[0.0], np.cumsum(daily_returns)])]


def test_the_calibrated_drift_adds_half_the_variance_to_the_mean_log_return():
    # 60 daily returns alternating +1.1 % and -0.9 %: mean 0.1 % (25 % a year), standard deviation
    # 1 % × √(60/59) = 1.00844 %, σ = that × √250 = 0.159448; μ = 0.25 + 0.159448² / 2 = 0.262712.
    r = np.array([0.011 if i % 2 == 0 else -0.009 for i in range(60)])
    model = paths.calibrate(closes_from(r))
    assert model.sigma == pytest.approx(0.159448, abs=1e-6)
    assert model.drift == pytest.approx(0.262712, abs=1e-6)


def test_calibration_skips_missing_zero_and_negative_closes():
    r = np.random.default_rng(4).normal(0, 0.02, 60)
    closes = closes_from(r)
    assert paths.calibrate([*closes[:30], None, Decimal(0), Decimal(-5), *closes[30:]]) == paths.calibrate(closes)


def test_a_flat_price_series_has_no_stressed_regime_and_the_default_way_back_from_one():
    # Every month has volatility 0: none is above the median, so no month is stressed; calm months never switch
    # (0 of 4 moves), and the chance of leaving a stressed regime, never observed, is the 20 % default.
    model = paths.calibrate([Decimal(60)] * 106)
    assert (model.sigma, model.sigma_calm, model.sigma_stressed) == (0.0, 0.0, 0.0)
    assert (model.p_calm_to_stressed, model.p_stressed_to_calm) == (0.0, 0.2)


# -- eligibility -----------------------------------------------------------------------------------------------------
def candidate(**kw):
    base = {"id": 1, "enterprise_id": 7, "industry_code": "C26", "instrument_code": "CEA", "live": True, "band": "B",
            "registered": True, "rate_known": True, "balance_fen": 50_000, "maturity_on": date(2027, 6, 30)}
    return Candidate(**(base | kw))


def test_a_live_registered_loan_in_band_with_enough_term_is_eligible():
    # From 2026-01-31 to 2027-06-30: 12 × 1 + 6 - 1 = 17 months (the 30th is not after the 31st).
    verdict = check_loan(candidate(), Rules(), date(2026, 1, 31))
    assert (verdict.loan_id, verdict.eligible, verdict.reasons, verdict.remaining_months) == (1, True, (), 17)


def test_every_failed_rule_of_a_loan_is_named():
    bad = candidate(live=False, band="D", registered=False, rate_known=False, balance_fen=0,
                    maturity_on=date(2026, 3, 1), in_other_deal=True)  # fmt: skip
    verdict = check_loan(bad, Rules(), date(2026, 1, 31))
    assert verdict.eligible is False
    assert verdict.reasons == ("not_live", "band", "no_pledge", "no_rate", "no_balance", "term", "other_deal")
    assert verdict.remaining_months == 2


@pytest.mark.parametrize("maturity,ok", [(date(2026, 4, 1), True), (date(2026, 3, 31), False),
                                         (date(2031, 1, 31), True), (date(2031, 2, 1), False), (None, False)])
def test_the_remaining_term_must_lie_between_three_and_sixty_months(maturity, ok):
    # From 2026-01-31: 2026-04-01 is 3 months (the 1st is not after the 31st), 2026-03-31 is 2; 2031-01-31 is 60,
    # 2031-02-01 is 61; no maturity counts as 0.
    verdict = check_loan(candidate(maturity_on=maturity), Rules(), date(2026, 1, 31))
    assert verdict.eligible is ok and (verdict.reasons == () if ok else verdict.reasons == ("term",))
    if maturity is None:
        assert verdict.remaining_months == 0
        assert check_loan(candidate(maturity_on=None), Rules(min_remaining_months=0), date(2026, 1, 31)).eligible


# -- root finding ----------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("tol", [1e-3, 1e-4, 1e-6])
@pytest.mark.parametrize("x0", [0.4, 0.123, 0.777])
def test_brent_stops_within_its_tolerance_of_a_sign_change(tol, x0):
    # A jump from -1 to +1: only bracketing can find it, and the bracket is closed to within the tolerance.
    root = roots.brent(lambda x: -1.0 if x < x0 else 1.0 + x, 0.0, 1.0, tol=tol)
    assert abs(root - x0) <= tol
