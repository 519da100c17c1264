"""The stressed disposal price worked by hand, and recovery with no extra collateral (generated mutants)."""

from __future__ import annotations

from decimal import Decimal

from tanxin.lending.domain import disposal
from tanxin.lending.domain.params import DEFAULTS


def test_the_first_stressed_day_is_worked_by_hand():
    # 10,000 t at 60 CNY, ADV 20,000 t, sigma 25 %: 2,000 t a day, impact 0.5 % (see test_domain_loans).
    # sigma_daily = 0.25 / sqrt(250) = 0.0158114; day 1 falls by z * sigma_daily = 2.326 * 0.0158114 = 0.036777,
    # exp(-0.036777) = 0.963891, stressed price 57.8335 CNY; 2,000 t * 57.8335 * 0.995 = 115,088.6 CNY.
    d = disposal.DisposalInput(10_000, Decimal("60"), 20_000, Decimal("0.25"), 60_000_000)
    day1 = disposal.simulate(d, DEFAULTS).days[0]
    assert 11_508_700 <= day1.stressed_fen <= 11_509_000
    assert day1.expected_fen == 11_940_000  # 2,000 * 60 * 0.995 CNY


def test_without_cash_margin_or_other_collateral_the_recovery_is_the_proceeds():
    # Proceeds 5 * 11,940,000 = 59,700,000 fen < the 60,000,000 fen debt: nothing added, nothing capped.
    r = disposal.simulate(disposal.DisposalInput(10_000, Decimal("60"), 20_000, Decimal("0.25"), 60_000_000), DEFAULTS)
    assert r.expected_recovery_fen == r.expected_proceeds_fen == 59_700_000
    assert r.expected_lgd == Decimal("0.0050")  # 1 - 59.7 / 60
