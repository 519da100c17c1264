"""Bad structures and runs are refused with a stable reason; stress reproduces the base case."""

from decimal import Decimal

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tanxin.securitisation.domain import base, montecarlo, paths, structure, templates
from tanxin.securitisation.domain.errors import StructureError
from tanxin.securitisation.domain.pool import Assumptions, Loan, smm


def standard(pool_fen=100_000, **kw):
    return templates.standard(pool_fen, **kw)


def refused(code, fn, *args, **kw):
    with pytest.raises(StructureError) as caught:
        fn(*args, **kw)
    assert caught.value.code == code
    return caught.value


def test_tranches_larger_than_the_pool_are_refused():
    refused("tranches_exceed_pool", structure.read, standard(100_000), pool_fen=99_999)


def test_a_step_naming_an_account_that_does_not_exist_is_refused():
    data = standard()
    data["waterfalls"]["normal"]["interest"][0]["from"] = "revenue"
    error = refused("unknown_account", structure.read, data)
    assert error.details["account"] == "revenue"
    data = standard()
    data["waterfalls"]["normal"]["cash"] = []
    refused("unknown_account", structure.read, data)


@pytest.mark.parametrize("formula", ["oc <", "oc < foo", "__import__('os')", "oc", "oc < 'x'", "len(oc) > 1"])
def test_a_trigger_formula_that_cannot_be_evaluated_is_refused(formula):
    data = standard()
    data["triggers"][0]["formula"] = formula
    refused("bad_trigger", structure.read, data)


def test_negative_rates_are_refused_where_not_allowed():
    data = standard()
    data["tranches"][0]["coupon_bp"] = -10
    refused("negative_rate", structure.read, data)
    refused("negative_rate", base.run, [Loan("x", 100, 10, 3)], Assumptions(cdr=Decimal("-0.01")),
            structure.read(standard(100)))  # fmt: skip
    refused("negative_rate", base.run, [Loan("x", 100, -1, 3)], Assumptions(), structure.read(standard(100)))


def test_a_floating_coupon_may_have_a_negative_margin_over_lpr():
    data = standard()
    data["tranches"][0].update(rate_type="floating", coupon_bp=-20)
    assert structure.read(data).tranches[0].coupon_bp == -20


def test_risk_retention_below_the_minimum_is_refused_and_the_minimum_is_configurable():
    data = standard(retained_bp=0)
    error = refused("retention_too_low", structure.read, data)
    assert error.details["minimum_bp"] == 500
    data["retention_min_bp"] = 0
    assert structure.read(data).retention_bp == 0


def test_a_run_with_a_billion_paths_is_refused_before_anything_is_allocated():
    loans = [Loan("x", 100_000, 36_000, 12)]
    refused("too_many_paths", montecarlo.simulate, loans, Assumptions(), structure.read(standard()),
            paths=10**9, seed=1, price_model=paths.PriceModel(), default_model=paths.DefaultModel())  # fmt: skip


def test_the_json_description_reads_back_to_the_same_structure():
    s = structure.read(standard(1_000_000, mezzanine_share_bp=500, liquidity_fen=10_000, reserve_fen=5_000))
    assert structure.read(structure.write(s)) == s


def demo_pool(n=40, seed=3):
    rng = np.random.default_rng(seed)
    return [Loan(str(i), int(rng.integers(100_000, 900_000)), int(rng.integers(20_000, 70_000)),
                 int(rng.integers(3, 25)), ("bullet", "linear", "annuity")[i % 3], int(rng.integers(0, 2_000)),
                 (0, 300_000)[i % 2]) for i in range(n)]  # fmt: skip


@pytest.mark.parametrize("mode", ["sequential", "pro_rata"])
def test_stress_with_zero_volatility_and_a_fixed_cdr_reproduces_the_base_case_to_the_fen(mode):
    loans = demo_pool()
    total = sum(x.balance_fen for x in loans)
    s = structure.read(standard(total, principal_mode=mode, reserve_fen=50_000, expected_maturity=18,
                                liquidity_fen=30_000, oc_floor="1.10"))  # fmt: skip
    a = Assumptions(cdr=Decimal("0.08"), cpr=Decimal("0.10"), recovery_lag=4, price_fen=Decimal(5_500),
                    price_drift=Decimal("-0.2"), slippage=Decimal("0.15"))  # fmt: skip
    exact = base.run(loans, a, s)
    n, periods = 3, exact.pool.periods
    mdr = np.full((n, periods), float(smm(a.cdr)))
    t = np.arange(periods + 1)
    price = np.tile(float(a.price_fen) * np.exp(float(a.price_drift) * t / 12), (n, 1))
    paths_run = montecarlo.run_paths(loans, a, s, mdr, price, keep_periods=True)
    assert any(r["pool"]["recovered"] for r in exact.rows)
    for row, vec in zip(exact.rows, paths_run.rows, strict=True):
        for name in ("A", "S"):
            for key in ("interest_paid", "principal_paid", "residual_paid", "balance"):
                assert np.abs(vec["tranches"][name][key] - row["tranches"][name][key]).max() <= 1, (row["period"], key)
    # and the statistics of a zero-volatility simulation are the base case's losses
    result = montecarlo.simulate(loans, a, s, paths=50, seed=9, price_model=paths.PriceModel(sigma=0.0,
                                 drift=float(a.price_drift)), default_model=paths.DefaultModel())  # fmt: skip
    for stats, m in zip(result.tranches, exact.measures, strict=True):
        assert abs(stats.expected_loss * m.initial_fen - m.loss_fen) <= 1


def test_the_same_seed_gives_the_same_numbers_and_wrong_way_correlation_raises_senior_losses():
    loans = demo_pool(60)
    total = sum(x.balance_fen for x in loans)
    s = structure.read(standard(total, senior_share_bp=9500, guarantor=False))
    a = Assumptions(cdr=Decimal("0.3"), recovery_lag=3, price_fen=Decimal(1_000))
    run = lambda rho: montecarlo.simulate(loans, a, s, paths=2_000, seed=11,  # noqa: E731
                                          price_model=paths.PriceModel(sigma=0.6),
                                          default_model=paths.DefaultModel(sigma=1.0, correlation=rho))  # fmt: skip
    assert run(0.8) == run(0.8)
    wrong_way, right_way, independent = run(0.8), run(-0.8), run(0.0)
    losses = [r.tranches[0].expected_loss for r in (wrong_way, independent, right_way)]
    assert losses[0] > losses[1] > losses[2]
    assert wrong_way.p_senior_loss > right_way.p_senior_loss


def test_break_even_cdr_is_where_the_senior_starts_to_lose():
    loans = demo_pool(30)
    total = sum(x.balance_fen for x in loans)
    s = structure.read(standard(total, senior_share_bp=8000, guarantor=False))
    a = Assumptions(recovery_lag=3, price_fen=Decimal(0))
    cdr = montecarlo.break_even_cdr(loans, a, s, tranche="A")
    assert cdr is not None and 0 < cdr < 1
    below = Assumptions(cdr=cdr * Decimal("0.98"), recovery_lag=3)
    above = Assumptions(cdr=min(cdr * Decimal("1.02"), Decimal("0.9999")), recovery_lag=3)
    assert {m.name: m.loss_fen for m in base.run(loans, below, s).measures}["A"] == 0
    assert {m.name: m.loss_fen for m in base.run(loans, above, s).measures}["A"] > 0


def test_break_even_price_is_where_carbon_recoveries_stop_covering_the_senior():
    loans = demo_pool(30)
    total = sum(x.balance_fen for x in loans)
    s = structure.read(standard(total, senior_share_bp=9000, guarantor=False))
    a = Assumptions(cdr=Decimal("0.5"), recovery_lag=3, price_fen=Decimal(20_000), slippage=Decimal(0))
    price = montecarlo.break_even_price(loans, a, s, tranche="A")
    assert price is not None and 0 < price < 20_000
    loss = lambda p: {m.name: m.loss_fen for m in base.run(loans, Assumptions(  # noqa: E731
        cdr=a.cdr, recovery_lag=3, price_fen=p, slippage=Decimal(0)), s).measures}["A"]  # fmt: skip
    assert loss(price * Decimal("0.97")) > 0 and loss(price * Decimal("1.03")) == 0


# -- properties ----------------------------------------------------------------------------------------------
loan_st = st.builds(
    Loan, key=st.uuids().map(str), balance_fen=st.integers(1_000, 5_000_000), rate_ppm=st.integers(0, 150_000),
    months=st.integers(1, 24), amortisation=st.sampled_from(["bullet", "linear", "annuity"]),
    pledged_t=st.integers(0, 5_000), guarantee_ppm=st.integers(0, 1_000_000),
)  # fmt: skip


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    loans=st.lists(loan_st, min_size=1, max_size=6, unique_by=lambda x: x.key),
    cdr=st.decimals("0", "0.6", places=3), cpr=st.decimals("0", "0.5", places=3),
    lag=st.integers(0, 6), price=st.integers(0, 20_000), senior=st.integers(5_000, 9_500),
    coupon=st.integers(0, 2_000), mode=st.sampled_from(["sequential", "pro_rata"]),
    guarantor=st.booleans(), reserve=st.integers(0, 50_000), bad=st.integers(0, 5),
)  # fmt: skip
def test_every_period_conserves_money_and_seniority_holds(loans, cdr, cpr, lag, price, senior, coupon, mode,
                                                         guarantor, reserve, bad):  # fmt: skip
    total = sum(x.balance_fen for x in loans)
    s = structure.read(standard(total, senior_share_bp=senior, senior_coupon_bp=coupon, principal_mode=mode,
                                guarantor=guarantor, reserve_fen=reserve, expected_maturity=12))  # fmt: skip
    defaults = ((loans[0].key, min(bad, loans[0].months)),) if bad else ()
    r = base.run(loans, Assumptions(cdr=cdr, cpr=cpr, recovery_lag=lag, price_fen=Decimal(price),
                                    defaults=defaults), s)  # fmt: skip (the engine checks conservation itself)
    accounts_before = reserve
    for row in r.rows:
        a, sub = row["tranches"]["A"], row["tranches"]["S"]
        inflow = sum(row["pool"][k] for k in ("interest", "scheduled", "prepaid", "recovered"))
        paid = sum(row["fees"].values()) + row["repay_liquidity"] + sum(
            t[k] for t in row["tranches"].values() for k in ("interest_paid", "principal_paid", "residual_paid"))
        accounts_after = sum(row["accounts"].values()) + row["reserve"]
        assert inflow + row["draw_liquidity"] + row["guarantor"] == paid + accounts_after - accounts_before
        accounts_before = accounts_after
        a_short = a["interest_due"] - a["interest_paid"]
        if a["principal_paid"] > 0:
            assert a_short == 0  # the senior never gets principal before its interest
        if a_short > 0:
            assert sub["principal_paid"] == sub["residual_paid"] == sub["interest_paid"] == 0
    m = {x.name: x for x in r.measures}
    if m["A"].loss_fen > 0 and mode == "sequential":
        assert m["S"].principal_fen == 0  # losses hit the subordinated tranche first
    if guarantor:
        assert m["A"].loss_fen == 0


def test_a_step_listing_a_tranche_twice_or_an_account_that_is_not_a_list_is_refused():
    data = standard()
    data["waterfalls"]["normal"]["interest"][1]["tranches"] = ["A", "A"]
    refused("bad_step", structure.read, data)
    data = standard()
    data["waterfalls"]["normal"]["interest"] = 7
    refused("bad_waterfall", structure.read, data)


def test_eligibility_rules_of_the_wrong_type_are_refused():
    from tanxin.securitisation.domain.eligibility import Rules

    assert Rules.of({"max_obligor_bp": 8000}).max_obligor_bp == 8000
    for bad in ({"max_obligor_bp": "abc"}, {"bands": 5}, {"bands": [1]}, {"min_remaining_months": True}):
        with pytest.raises(TypeError):
            Rules.of(bad)
