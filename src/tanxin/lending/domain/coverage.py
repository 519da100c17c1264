"""Coverage ratio and the zone it falls in.

R = (Q × P_val + cash margin + other collateral at its recognised value) / (principal + accrued interest).
With no other collateral this is the formula of the reference rules; a guarantee or a deposit simply adds
its recognised value (face × (1 − haircut)) to the numerator, which is how a loan can be part-secured.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

from tanxin.common.errors import DomainError

from .params import MarginProfile

RATIO_PLACES = Decimal("0.0001")


class Zone(StrEnum):
    RELEASE = "release"  # above the release line: the excess may be withdrawn
    HEALTHY = "healthy"
    WARNING = "warning"  # below the warning line: a top-up is called
    LIQUIDATION = "liquidation"  # below the liquidation line: cure quickly or the bank disposes


@dataclass(frozen=True)
class Exposure:
    quantity_t: int
    price: Decimal  # P_val, yuan per tonne
    cash_margin_fen: int
    other_collateral_fen: int  # recognised value of guarantees, receivables, deposits
    principal_fen: int
    accrued_fen: int

    @property
    def collateral_fen(self) -> Decimal:
        return Decimal(self.quantity_t) * self.price * 100 + self.cash_margin_fen + self.other_collateral_fen

    @property
    def debt_fen(self) -> int:
        return self.principal_fen + self.accrued_fen


def coverage(exposure: Exposure) -> Decimal:
    if exposure.quantity_t < 0 or exposure.price < 0 or exposure.cash_margin_fen < 0:
        raise DomainError("collateral cannot be negative", code="negative_collateral")
    if exposure.debt_fen <= 0:
        raise DomainError("nothing is owed", code="no_debt")
    return (exposure.collateral_fen / exposure.debt_fen).quantize(RATIO_PLACES, ROUND_HALF_UP)


def zone(ratio: Decimal, profile: MarginProfile) -> Zone:
    if ratio < profile.liquidation:
        return Zone.LIQUIDATION
    if ratio < profile.warning:
        return Zone.WARNING
    if ratio > profile.release:
        return Zone.RELEASE
    return Zone.HEALTHY


def cash_to_restore(exposure: Exposure, target: Decimal) -> int:
    """Cash margin (fen, rounded up) that brings coverage back to ``target``."""
    needed = target * exposure.debt_fen - exposure.collateral_fen
    return max(0, int(needed.to_integral_value(rounding="ROUND_CEILING")))


def tonnes_to_restore(exposure: Exposure, target: Decimal) -> int:
    """Extra pledged tonnes that bring coverage back to ``target`` at today's P_val."""
    if exposure.price <= 0:
        raise DomainError("no valuation price", code="no_prices")
    needed = cash_to_restore(exposure, target)
    return int((Decimal(needed) / (exposure.price * 100)).to_integral_value(rounding="ROUND_CEILING"))


def breach_price(exposure: Exposure, line: Decimal) -> Decimal | None:
    """The P_val at which coverage would touch ``line`` (None when allowances are not what carries the loan)."""
    if exposure.quantity_t <= 0:
        return None
    rest = line * exposure.debt_fen - exposure.cash_margin_fen - exposure.other_collateral_fen
    return max(Decimal(0), rest / (exposure.quantity_t * 100)).quantize(Decimal("0.01"), ROUND_HALF_UP)
