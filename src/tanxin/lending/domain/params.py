"""Every number the loan desk uses, with its confidence tag from the reference rules.

No national rule fixes valuation, pledge rate or margin lines (lenders decide), so each value here is a
configurable default. ``M`` values are shown to users as "to be confirmed"; ``V`` values were seen in an
official or exchange text. A loan copies the values it was approved with, so a later change of defaults
never rewrites an existing contract.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal


@dataclass(frozen=True)
class Parameter:
    key: str
    value: object
    tag: str  # "V" seen in an official text, "M" proposed default (to be confirmed)


@dataclass(frozen=True)
class MarginProfile:
    """Coverage lines as ratios: below ``warning`` a top-up is called, below ``liquidation`` disposal looms,
    above ``release`` the excess may be withdrawn."""

    code: str
    warning: Decimal
    liquidation: Decimal
    release: Decimal
    tag: str

    def __post_init__(self) -> None:
        if not (Decimal(0) < self.liquidation < self.warning < self.release):
            raise ValueError("lines must satisfy 0 < liquidation < warning < release")


STANDARD = MarginProfile("standard", Decimal("1.50"), Decimal("1.20"), Decimal("2.50"), "M")
EXCHANGE = MarginProfile("exchange", Decimal("1.30"), Decimal("1.10"), Decimal("1.50"), "V")
PROFILES = {p.code: p for p in (STANDARD, EXCHANGE)}

# 1-year loan prime rate by effective date (M: quoted from memory, to be confirmed against the PBOC notices).
LPR_1Y: tuple[tuple[date, Decimal], ...] = (
    (date(2023, 8, 21), Decimal("0.0345")),
    (date(2024, 7, 22), Decimal("0.0335")),
    (date(2024, 10, 21), Decimal("0.0310")),
    (date(2025, 5, 20), Decimal("0.0300")),
)

# Spread and LTV cap by screening band until the scorecard's own table is available (M: proposed).
BAND_TERMS: dict[str, tuple[Decimal, Decimal]] = {
    "A": (Decimal("0.0030"), Decimal("0.60")),
    "B": (Decimal("0.0060"), Decimal("0.50")),
    "C": (Decimal("0.0100"), Decimal("0.40")),
    "D": (Decimal("0.0150"), Decimal("0.30")),
}

# Haircuts of the collateral kinds other than allowances (M: proposed, the bank's credit policy decides).
OTHER_HAIRCUTS: dict[str, Decimal] = {
    "guarantee": Decimal("0.20"),
    "receivable": Decimal("0.30"),
    "deposit": Decimal("0.00"),
}


@dataclass(frozen=True)
class LendingParams:
    vwap_days: int = 20  # N in P_val = min(close, VWAP_N)
    stale_after_trading_days: int = 5  # last traded day older than this: the price is stale
    min_traded_days: int = 10  # fewer traded days than this in the VWAP window: volume too thin
    var_z: Decimal = Decimal("2.326")  # 99 % one-sided
    mpor_days: int = 10  # margin period of risk
    liquidity_addon: Decimal = Decimal("0.05")  # thin pilot markets: 5–10 %
    target_breach_probability: Decimal = Decimal("0.05")
    day_count_basis: int = 360  # actual/360
    warning_cure_trading_days: int = 5
    liquidation_cure_trading_days: int = 2
    disposal_buffer_trading_days: int = 20
    disposal_participation: Decimal = Decimal("0.10")  # at most x % of the 20-day average daily volume
    slippage_coefficient: Decimal = Decimal("1.0")  # square-root impact: k · σ_daily · √(q / ADV)
    stress_z: Decimal = Decimal("2.326")
    default_profile: str = "standard"
    tags: dict[str, str] = field(
        default_factory=lambda: {
            "vwap_days": "M", "stale_after_trading_days": "M", "min_traded_days": "M", "var_z": "V",
            "mpor_days": "M", "liquidity_addon": "M", "target_breach_probability": "M", "day_count_basis": "M",
            "warning_cure_trading_days": "M", "liquidation_cure_trading_days": "M",
            "disposal_buffer_trading_days": "V", "disposal_participation": "M", "slippage_coefficient": "M",
            "stress_z": "M", "default_profile": "M",
        }
    )

    def listing(self) -> list[Parameter]:
        return [Parameter(k, getattr(self, k), tag) for k, tag in self.tags.items()]


DEFAULTS = LendingParams()


def lpr_on(day: date) -> Decimal:
    """The 1-year LPR in force on ``day`` (the first published value before the table starts)."""
    rate = LPR_1Y[0][1]
    for effective, value in LPR_1Y:
        if effective <= day:
            rate = value
    return rate
