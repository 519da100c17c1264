"""Deals worked by hand: every figure below was computed on paper from the rules in the docstrings."""

from decimal import Decimal

import pytest

from tanxin.securitisation.domain import base, structure
from tanxin.securitisation.domain.pool import Assumptions, Loan


def tranche_rows(result, name):
    return [(r["tranches"][name]["interest_paid"], r["tranches"][name]["principal_paid"],
             r["tranches"][name]["balance"]) for r in result.rows]  # fmt: skip


def measures(result):
    return {m.name: m for m in result.measures}


SEQUENTIAL = {
    "normal": {
        "interest": [{"pay": "interest", "tranches": ["A"], "from": "interest"},
                     {"pay": "residual", "tranches": ["B"], "from": "interest"}],
        "principal": [{"pay": "interest", "tranches": ["A"], "from": "principal"},
                      {"pay": "principal", "tranches": ["A", "B"], "mode": "sequential", "from": "principal"}],
    }
}  # fmt: skip


def test_two_tranche_sequential_deal_with_one_default_and_a_carbon_recovery():
    # Two bullet loans of 500 yuan at 12 % (5 yuan interest a month each), two months left. Loan y defaults in
    # period 1; one period later its 10 t are sold at 30 yuan less 10 % slippage: 270 yuan back, 230 lost.
    loans = [Loan("x", 50_000, 120_000, 2), Loan("y", 50_000, 120_000, 2, pledged_t=10)]
    a = Assumptions(recovery_lag=1, price_fen=Decimal(3000), slippage=Decimal("0.10"), defaults=(("y", 1),))
    s = structure.read({"tranches": [{"name": "A", "balance_fen": 60_000, "coupon_bp": 1200},
                                     {"name": "B", "balance_fen": 40_000, "subordinated": True,
                                      "retained_bp": 10_000}],
                        "waterfalls": SEQUENTIAL})  # fmt: skip
    r = base.run(loans, a, s)
    assert [(p["interest"], p["defaulted"], p["recovered"], p["loss"]) for p in (row["pool"] for row in r.rows)] == [
        (500, 50_000, 0, 0), (500, 0, 27_000, 23_000), (0, 0, 0, 0)]
    # Period 1: 500 of A's 600 interest, 100 short. Period 2: 700 due, 500 from the interest account and 200
    # from the principal account (77,000 in it), then A's 60,000 and 16,800 to B.
    assert tranche_rows(r, "A") == [(500, 0, 60_000), (700, 60_000, 0), (0, 0, 0)]
    assert tranche_rows(r, "B") == [(0, 0, 40_000), (0, 16_800, 23_200), (0, 0, 23_200)]
    m = measures(r)
    assert (m["A"].loss_fen, m["B"].loss_fen) == (0, 23_200)
    assert m["A"].interest_fen == 1_200 and m["A"].wal_years == Decimal("0.1667")


def test_pro_rata_deal_shares_principal_by_balance_and_the_last_tranche_takes_the_rounding():
    loans = [Loan("x", 100_000, 0, 3, "linear")]
    s = structure.read({"tranches": [{"name": "A", "balance_fen": 60_000},
                                     {"name": "B", "balance_fen": 40_000, "subordinated": True,
                                      "retained_bp": 10_000}],
                        "waterfalls": {"normal": {"principal": [
                            {"pay": "principal", "tranches": ["A", "B"], "mode": "pro_rata",
                             "from": "principal"}]}}})  # fmt: skip
    r = base.run(loans, Assumptions(recovery_lag=0), s)
    # The pool's balance is the rounded exact balance (66,667 then 33,333), so it pays 33,333 / 33,334 / 33,333.
    # A takes floor(33,333 × 60,000/100,000) = 19,999, then floor(33,334 × 40,001/66,667) = 20,000, then
    # floor(33,333 × 20,001/33,333) = 20,001; B takes the rest each time.
    assert [r["pool"]["scheduled"] for r in r.rows] == [33_333, 33_334, 33_333]
    assert [x[1] for x in tranche_rows(r, "A")] == [19_999, 20_000, 20_001]
    assert [x[1] for x in tranche_rows(r, "B")] == [13_334, 13_334, 13_332]


def oc_deal(with_trigger: bool):
    waterfall = lambda mode: {"principal": [{"pay": "principal", "tranches": ["A", "B"], "mode": mode,  # noqa: E731
                                             "from": "principal"}]}  # fmt: skip
    data = {"tranches": [{"name": "A", "balance_fen": 70_000},
                         {"name": "B", "balance_fen": 30_000, "subordinated": True, "retained_bp": 10_000}],
            "waterfalls": {"normal": waterfall("pro_rata"), "sequential": waterfall("sequential")}}  # fmt: skip
    if with_trigger:
        data["triggers"] = [{"name": "oc", "formula": "oc < 1.2", "curable": False, "switch_to": "sequential"}]
    loans = [Loan("x", 60_000, 0, 3, "linear"), Loan("y", 40_000, 0, 3)]
    return base.run(loans, Assumptions(recovery_lag=1, defaults=(("y", 1),)), structure.read(data))


def test_an_oc_trigger_flips_the_deal_from_pro_rata_to_sequential():
    # Period 1: y's 40,000 default; x pays 20,000. OC = (40,000 pool + 20,000 cash) / 70,000 = 0.857 < 1.2.
    flipped = oc_deal(True)
    assert [r["waterfall"] for r in flipped.rows] == ["sequential"] * 4
    assert [x[1] for x in tranche_rows(flipped, "A")] == [20_000, 20_000, 20_000, 0]
    assert [x[1] for x in tranche_rows(flipped, "B")] == [0, 0, 0, 0]
    assert flipped.rows[0]["oc"] == "0.8571" and flipped.rows[0]["triggers"] == [True]
    # Without the trigger the same cash goes 70/30.
    plain = oc_deal(False)
    assert [x[1] for x in tranche_rows(plain, "A")][:1] == [14_000]
    # Losses bottom-up under the sequential waterfall: B loses everything before A loses 10,000.
    m = measures(flipped)
    assert (m["A"].loss_fen, m["B"].loss_fen) == (10_000, 30_000)


def test_the_guarantor_pays_the_senior_shortfall_at_expected_maturity():
    # One bullet loan of 1,000 yuan at 12 %, two months; it defaults in period 2 and its 20 t fetch 200 yuan
    # a period later. A (800 yuan, 1 % a month, expected maturity 2) is backed by the guarantor.
    loans = [Loan("x", 100_000, 120_000, 2, pledged_t=20)]
    a = Assumptions(recovery_lag=1, price_fen=Decimal(1000), slippage=Decimal(0), defaults=(("x", 2),))
    backed = ["guarantor"]
    s = structure.read({
        "tranches": [{"name": "A", "balance_fen": 80_000, "coupon_bp": 1200, "expected_maturity": 2},
                     {"name": "B", "balance_fen": 20_000, "subordinated": True, "retained_bp": 10_000}],
        "guarantor_limit_fen": None,
        "waterfalls": {"normal": {
            "interest": [{"pay": "interest", "tranches": ["A"], "from": "interest", "support": backed},
                         {"pay": "residual", "tranches": ["B"], "from": "interest"}],
            "principal": [{"pay": "interest", "tranches": ["A"], "from": "principal"},
                          {"pay": "principal", "tranches": ["A"], "from": "principal", "support": backed},
                          {"pay": "principal", "tranches": ["B"], "from": "principal"}]}},
    })  # fmt: skip
    r = base.run(loans, a, s)
    assert [row["guarantor"] for row in r.rows] == [0, 80_800, 0]
    assert tranche_rows(r, "A") == [(800, 0, 80_000), (800, 80_000, 0), (0, 0, 0)]
    assert tranche_rows(r, "B") == [(0, 0, 20_000), (0, 0, 20_000), (0, 20_000, 0)]
    assert [row["tranches"]["B"]["residual_paid"] for row in r.rows] == [200, 0, 0]
    assert r.guarantor_paid_fen == 80_800


def test_a_capped_guarantor_pays_no_more_than_its_undertaking():
    loans = [Loan("x", 100_000, 0, 1)]
    s = structure.read({"tranches": [{"name": "A", "balance_fen": 100_000, "expected_maturity": 1,
                                      "retained_bp": 500}],
                        "guarantor_limit_fen": 30_000,
                        "waterfalls": {"normal": {"principal": [
                            {"pay": "principal", "tranches": ["A"], "from": "principal",
                             "support": ["guarantor"]}]}}})  # fmt: skip
    r = base.run(loans, Assumptions(recovery_lag=1, defaults=(("x", 1),)), s)
    assert r.guarantor_paid_fen == 30_000
    assert measures(r)["A"].loss_fen == 70_000


@pytest.mark.parametrize("cdr,expected", [("0", "0"), ("0.12", "0.010596241")])
def test_mdr_is_one_minus_the_twelfth_root_of_survival(cdr, expected):
    from tanxin.securitisation.domain.pool import annual, smm

    assert smm(Decimal(cdr)).quantize(Decimal("0.000000001")) == Decimal(expected)
    assert abs(annual(smm(Decimal(cdr))) - Decimal(cdr)) < Decimal("1e-20")
