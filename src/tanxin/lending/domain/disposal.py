"""What selling the pledged allowances would bring back, before the bank decides to.

The bank sells at most ``participation`` × the 20-day average daily volume (ADV) per trading day. Each
day's sale moves the price against it by the square-root law, impact = k · σ_daily · √(q / ADV). The
expected recovery keeps the price where it is; the stressed one lets it fall by z · σ_daily · √d on day d
(a one-sided 99 % move by default). Cash margin and the recognised other collateral are added, recovery
is capped at the debt, and LGD = 1 − recovery / exposure at default.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from tanxin.common.errors import DomainError

from .params import LendingParams


@dataclass(frozen=True)
class DisposalInput:
    quantity_t: int
    price: Decimal  # P_val, yuan per tonne
    adv_t: int  # 20-day average daily volume
    sigma: Decimal  # annual volatility
    debt_fen: int  # principal + accrued at default
    cash_margin_fen: int = 0
    other_recovery_fen: int = 0


@dataclass(frozen=True)
class DisposalDay:
    day: int
    quantity_t: int
    impact: Decimal
    expected_fen: int
    stressed_fen: int


@dataclass(frozen=True)
class DisposalResult:
    days: tuple[DisposalDay, ...]
    expected_proceeds_fen: int
    stressed_proceeds_fen: int
    expected_recovery_fen: int
    stressed_recovery_fen: int
    expected_lgd: Decimal
    stressed_lgd: Decimal

    @property
    def trading_days(self) -> int:
        return len(self.days)


def simulate(d: DisposalInput, params: LendingParams) -> DisposalResult:
    if d.quantity_t < 0 or d.debt_fen <= 0 or d.price <= 0:
        raise DomainError("nothing to dispose of or nothing owed", code="bad_disposal_input")
    if d.adv_t <= 0:
        raise DomainError("the instrument has not traded in the last 20 days", code="no_volume")
    per_day = max(1, int(params.disposal_participation * d.adv_t))
    sigma_daily = d.sigma / Decimal(250).sqrt()
    days: list[DisposalDay] = []
    remaining, n = d.quantity_t, 0
    while remaining > 0:
        n += 1
        q = min(per_day, remaining)
        impact = min(Decimal(1), params.slippage_coefficient * sigma_daily * (Decimal(q) / d.adv_t).sqrt())
        stressed_price = d.price * (-(params.stress_z * sigma_daily * Decimal(n).sqrt())).exp()
        days.append(DisposalDay(n, q, impact.quantize(Decimal("0.000001")), _fen(q * d.price * (1 - impact)),
                                _fen(q * stressed_price * (1 - impact))))  # fmt: skip
        remaining -= q
    expected = sum(x.expected_fen for x in days)
    stressed = sum(x.stressed_fen for x in days)
    extra = d.cash_margin_fen + d.other_recovery_fen
    rec_e, rec_s = min(d.debt_fen, expected + extra), min(d.debt_fen, stressed + extra)
    return DisposalResult(tuple(days), expected, stressed, rec_e, rec_s, _lgd(rec_e, d.debt_fen),
                          _lgd(rec_s, d.debt_fen))  # fmt: skip


def _fen(yuan: Decimal) -> int:
    return int((yuan * 100).quantize(Decimal(1), ROUND_HALF_UP))


def _lgd(recovery: int, debt: int) -> Decimal:
    return (1 - Decimal(recovery) / debt).quantize(Decimal("0.0001"), ROUND_HALF_UP)
