"""The waterfall interpreter on pool flows written by hand, run exactly (``ExactOps``, fen) and on paths
(``ArrayOps``, one float per path): every path must pay, row by row and in total, what the exact run of its own
flows pays. Where generated mutants showed no test: rate fees, the cumulative-default metric, deficiency cover,
principal support for senior tranches only, scheduled targets below the balance, supported steps of a waterfall a
path does not use, the WAL's period-weighted principal, 1-fen senior shortfalls and the interpreter's own checks."""

from __future__ import annotations

from decimal import Decimal

import numpy as np
import pytest

from tanxin.securitisation.domain import structure
from tanxin.securitisation.domain.errors import StructureError
from tanxin.securitisation.domain.ops import ArrayOps, ExactOps
from tanxin.securitisation.domain.pool import Assumptions, PoolFlows
from tanxin.securitisation.domain.structure import Step, Structure, Tranche, Trigger
from tanxin.securitisation.domain.vectorpool import PathFlows
from tanxin.securitisation.domain.waterfall import Interpreter

COLUMNS = ("opening", "interest", "scheduled", "prepaid", "defaulted", "recovered", "loss", "closing")
TOTALS = ("interest_paid", "principal_paid", "residual_paid", "principal_time", "balance", "interest_short")
ROW_FIGURES = ("draw_reserve", "draw_liquidity", "guarantor", "repay_liquidity", "reserve", "liquidity")


def flows(initial, *, interest, scheduled, defaulted=None, recovered=None):
    """A pool's period totals in fen: each period's closing balance is its opening less principal and defaults."""
    n = len(interest)
    defaulted, recovered = defaulted or [0] * n, recovered or [0] * n
    opening, closing, balance = [], [], initial
    for k in range(n):
        opening.append(balance)
        balance -= scheduled[k] + defaulted[k]
        closing.append(balance)
    return PoolFlows(initial, opening, list(interest), list(scheduled), [0] * n, list(defaulted), list(recovered),
                     [d - r for d, r in zip(defaulted, recovered, strict=True)], closing)  # fmt: skip


def on_paths(*pools):
    """The same flows as Monte Carlo paths: path k follows pools[k]."""
    def col(name):
        return [np.array([float(getattr(p, name)[i]) for p in pools]) for i in range(pools[0].periods)]

    return PathFlows(pools[0].initial_fen, *(col(name) for name in COLUMNS))


def deal(tranches, interest=(), principal=(), **extra):
    return structure.read({"tranches": list(tranches), "retention_min_bp": 0,
                           "waterfalls": {"normal": {"interest": list(interest), "principal": list(principal)}},
                           **extra})  # fmt: skip


def run_both(s, *pools):
    """Each pool run exactly, and all of them as paths; every path must match its own exact run to the fen, row by
    row (one figure per path in every row) and in total. Returns the exact totals, one per pool."""
    exact = [Interpreter(s, ExactOps()).run(p) for p in pools]
    paths = Interpreter(s, ArrayOps(len(pools))).run(on_paths(*pools))
    for k, one in enumerate(exact):
        for name in TOTALS:
            assert {n: getattr(paths, name)[n][k] for n in one.balance} == getattr(one, name), (k, name)
        for name in ("guarantor_paid", "liquidity_drawn", "senior_short_periods"):
            assert getattr(paths, name)[k] == getattr(one, name), (k, name)
        for row, path_row in zip(one.rows, paths.rows, strict=True):
            figures = [(f, row[f], path_row[f]) for f in ROW_FIGURES]
            figures += [(a, row["accounts"][a], path_row["accounts"][a]) for a in row["accounts"]]
            figures += [(f, row["fees"][f], path_row["fees"][f]) for f in row["fees"]]
            figures += [(n + f, row["tranches"][n][f], path_row["tranches"][n][f])
                        for n in row["tranches"] for f in row["tranches"][n]]  # fmt: skip
            for name, value, on_path in figures:
                assert np.shape(on_path) == (len(pools),), (row["period"], name)
                assert on_path[k] == value, (k, row["period"], name)
    return exact


def column(totals, name, key):
    return [row["tranches"][name][key] for row in totals.rows]


PAY_A = {"pay": "principal", "tranches": ["A"], "from": "principal"}
RESIDUAL_A = {"pay": "residual", "tranches": ["A"], "from": "interest"}


def test_a_rate_fee_is_charged_on_each_period_opening_pool_balance():
    # 1,200 bp a year = 1 % a month of the opening balance: 100,000 -> 1,000 fen, then 50,000 -> 500 fen. The pool's
    # 3,000 fen of interest a month pay it; A takes the rest (2,000 then 2,500) as residual.
    s = deal([{"name": "A", "balance_fen": 100_000}], interest=[{"pay": "fee", "fee": "servicer", "from": "interest"},
                                                                 RESIDUAL_A],
             principal=[PAY_A], fees=[{"name": "servicer", "rate_bp": 1200}])  # fmt: skip
    exact, = run_both(s, flows(100_000, interest=[3_000, 3_000], scheduled=[50_000, 50_000]))
    assert [row["fees"]["servicer"] for row in exact.rows] == [1_000, 500]
    assert column(exact, "A", "residual_paid") == [2_000, 2_500]


def test_cumulative_defaults_count_each_period_default_from_that_period_on():
    # 100,000 fen, 10,000 of them default in period 2 only: cdr_cum = 0, 0.1, 0.1, so a curable trigger
    # "cdr_cum > 0" is breached from period 2 and not in period 1.
    s = deal([{"name": "A", "balance_fen": 100_000}], principal=[PAY_A],
             triggers=[{"name": "defaults", "formula": "cdr_cum > 0"}])  # fmt: skip
    pool = flows(100_000, interest=[0, 0, 0], scheduled=[0, 0, 90_000], defaulted=[0, 10_000, 0])
    exact, = run_both(s, pool)
    assert [row["metrics"]["cdr_cum"] for row in exact.rows] == [0, Decimal("0.1"), Decimal("0.1")]
    assert [row["triggers"] for row in exact.rows] == [[False], [True], [True]]


def test_principal_paid_from_interest_covers_only_the_deficiency_left_after_the_period_principal():
    # Period 1: A (100,000) against a pool that closes at 85,000 after 10,000 of principal (held in the principal
    # account) and a 5,000 default: the deficiency is 100,000 - 85,000 - 10,000 = 5,000, so 5,000 of the 8,000 of
    # interest repay A and 3,000 go on as residual; the principal account then pays 10,000. Period 2: A owes 85,000,
    # the pool repays 85,000, no deficiency, nothing from interest.
    s = deal([{"name": "A", "balance_fen": 100_000}],
             interest=[{"pay": "principal", "tranches": ["A"], "from": "interest", "cover": "deficiency"}, RESIDUAL_A],
             principal=[PAY_A])  # fmt: skip
    exact, = run_both(s, flows(100_000, interest=[8_000, 0], scheduled=[10_000, 85_000], defaulted=[5_000, 0]))
    assert column(exact, "A", "principal_paid") == [15_000, 85_000]
    assert column(exact, "A", "residual_paid") == [3_000, 0]


def test_a_supported_principal_step_backs_its_senior_tranche_and_never_its_subordinated_one():
    # One period, so all principal is due. The pool repays 50,000 and loses 50,000: A (60,000) takes the 50,000 and
    # the unlimited guarantor pays A's last 10,000; B (40,000, subordinated) is in the same supported step but is not
    # backed, so it loses all 40,000.
    s = deal([{"name": "A", "balance_fen": 60_000}, {"name": "B", "balance_fen": 40_000, "subordinated": True}],
             principal=[{"pay": "principal", "tranches": ["A", "B"], "from": "principal", "support": ["guarantor"]}],
             guarantor_limit_fen=None)  # fmt: skip
    exact, = run_both(s, flows(100_000, interest=[0], scheduled=[50_000], defaulted=[50_000]))
    assert exact.guarantor_paid == 10_000
    assert (exact.principal_paid, exact.balance) == ({"A": 60_000, "B": 0}, {"A": 0, "B": 40_000})


def test_period_weighted_principal_sums_each_payment_times_its_period():
    # A is repaid 10,000, 20,000 and 70,000 in periods 1, 2 and 3: 10,000 x 1 + 20,000 x 2 + 70,000 x 3 = 260,000
    # (the WAL is 260,000 / 100,000 = 2.6 periods).
    s = deal([{"name": "A", "balance_fen": 100_000}], principal=[PAY_A])
    exact, = run_both(s, flows(100_000, interest=[0, 0, 0], scheduled=[10_000, 20_000, 70_000]))
    assert exact.principal_time == {"A": 260_000}


def test_a_scheduled_tranche_already_below_its_target_balance_is_paid_nothing():
    # A (50,000) is scheduled to stay at 60,000 for two periods: it is already below, so it is paid nothing and B
    # takes 30,000, then its last 20,000 (10,000 wait in the principal account). Period 3, after the schedule:
    # A's target is 0, and the 10,000 left plus the period's 40,000 repay all of A.
    s = deal([{"name": "A", "balance_fen": 50_000, "schedule": [60_000, 60_000]},
              {"name": "B", "balance_fen": 50_000, "subordinated": True}],
             principal=[{"pay": "principal", "tranches": ["A"], "mode": "scheduled", "from": "principal"},
                        {"pay": "principal", "tranches": ["B"], "from": "principal"}])  # fmt: skip
    exact, = run_both(s, flows(100_000, interest=[0, 0, 0], scheduled=[30_000, 30_000, 40_000]))
    assert column(exact, "A", "principal_paid") == [0, 0, 50_000]
    assert column(exact, "B", "principal_paid") == [30_000, 20_000, 0]
    assert [row["accounts"]["principal"] for row in exact.rows] == [0, 10_000, 0]


def test_supported_steps_of_a_waterfall_a_path_does_not_use_draw_nothing_on_that_path():
    # Normal waterfall: a 100 fen fee and A's 1,000 fen coupon (100,000 at 12 %), both backed by an unlimited
    # guarantor; the pool pays no interest. A default switches a path to "stressed", which has no support.
    # Path 0 (no default) keeps the normal waterfall: the guarantor pays 1,100 fen in each of the 2 periods.
    # Path 1 (10,000 default in period 1) is stressed from period 1: the guarantor pays nothing on it, fee and
    # coupon stay unpaid (200 and 2,000), and A loses the 10,000 default.
    interest_a = {"pay": "interest", "tranches": ["A"], "from": "interest", "support": ["guarantor"]}
    s = structure.read({
        "tranches": [{"name": "A", "balance_fen": 100_000, "coupon_bp": 1200}], "retention_min_bp": 0,
        "fees": [{"name": "trustee", "fixed_fen": 100}], "guarantor_limit_fen": None,
        "triggers": [{"name": "defaults", "formula": "cdr_cum > 0", "switch_to": "stressed"}],
        "waterfalls": {
            "normal": {"interest": [{"pay": "fee", "fee": "trustee", "from": "interest", "support": ["guarantor"]},
                                    interest_a], "principal": [PAY_A]},
            "stressed": {"interest": [{"pay": "transfer", "from": "interest", "to": "principal"}],
                         "principal": [PAY_A]}},
    })  # fmt: skip
    calm = flows(100_000, interest=[0, 0], scheduled=[0, 100_000])
    stressed = flows(100_000, interest=[0, 0], scheduled=[0, 90_000], defaulted=[10_000, 0])
    normal, switched = run_both(s, calm, stressed)
    assert ([row["guarantor"] for row in normal.rows], normal.interest_paid) == ([1_100, 1_100], {"A": 2_000})
    assert ([row["guarantor"] for row in switched.rows], switched.interest_paid) == ([0, 0], {"A": 0})
    assert (switched.interest_short, switched.balance) == ({"A": 2_000}, {"A": 10_000})
    assert [row["fees"]["trustee"] for row in switched.rows] == [0, 0]


def test_a_period_counts_as_senior_short_when_a_single_fen_of_senior_interest_is_left_unpaid():
    # A (100,000 at 12 %) is owed 1,000 fen a month. Path 0: 999 fen of interest in period 1 leave 1 fen short,
    # period 2's 1,001 fen pay the 1,000 and that fen: one short period. Path 1: exactly 1,000 fen each month,
    # never short.
    s = deal([{"name": "A", "balance_fen": 100_000, "coupon_bp": 1200}],
             interest=[{"pay": "interest", "tranches": ["A"], "from": "interest"}], principal=[PAY_A])  # fmt: skip
    short, paid = run_both(s, flows(100_000, interest=[999, 1_001], scheduled=[0, 100_000]),
                           flows(100_000, interest=[1_000, 1_000], scheduled=[0, 100_000]))  # fmt: skip
    assert (short.senior_short_periods, paid.senior_short_periods) == (1, 0)
    assert [row["tranches"]["A"]["interest_paid"] for row in short.rows] == [999, 1_001]


def test_every_row_of_a_path_run_holds_one_figure_per_path_down_to_the_emptied_reserve():
    # A 500 fen reserve (target 500) is released in the last period and swept to A: the reserve is 500, 500, then 0
    # on both paths, as an array like every other row figure (checked in run_both).
    s = deal([{"name": "A", "balance_fen": 100_000}], principal=[PAY_A],
             reserve={"initial_fen": 500, "target_fen": 500})  # fmt: skip
    pool = flows(100_000, interest=[0, 0, 0], scheduled=[0, 0, 100_000])
    exact, _ = run_both(s, pool, pool)
    assert [row["reserve"] for row in exact.rows] == [500, 500, 0]
    assert column(exact, "A", "residual_paid") == [0, 0, 500]


def test_the_interpreter_prices_floating_coupons_at_the_default_lpr_of_the_assumptions():
    # Floating at LPR + 0 bp with the default LPR (300 bp, as Assumptions has it): 120,000 x 300 / 120,000 = 300 fen
    # a month.
    s = deal([{"name": "A", "balance_fen": 120_000, "rate_type": "floating"}],
             interest=[{"pay": "interest", "tranches": ["A"], "from": "interest"}], principal=[PAY_A])  # fmt: skip
    exact = Interpreter(s, ExactOps()).run(flows(120_000, interest=[300], scheduled=[120_000]))
    assert Assumptions().lpr_bp == 300
    assert column(exact, "A", "interest_due") == [300]
    assert exact.interest_short == {"A": 0}


def test_the_interpreter_refuses_a_structure_built_in_code_whose_trigger_switches_to_no_waterfall():
    # Built in code, the structure skips the reader's checks; the interpreter makes the same one itself.
    normal = {"interest": (), "principal": (Step("principal", "principal", ("A",)),)}
    late = (Trigger("late", "period > 1", switch_to="stressed"),)
    with pytest.raises(StructureError) as caught:
        Interpreter(Structure(tranches=(Tranche("A", 1),), waterfalls={"normal": normal}, triggers=late), ExactOps())
    assert caught.value.code == "unknown_waterfall"
    both = Structure(tranches=(Tranche("A", 1),), waterfalls={"normal": normal, "stressed": normal}, triggers=late)
    assert Interpreter(both, ExactOps()).waterfall_names == ["normal", "stressed"]
