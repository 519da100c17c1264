"""Interest: rate = 1-year LPR + spread by band; accrual on the outstanding principal, actual/360 by default."""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from tanxin.common.errors import DomainError

from .params import BAND_TERMS, lpr_on


def rate_for(band: str, on: date, spreads: dict[str, tuple[Decimal, Decimal]] | None = None) -> Decimal:
    terms = (spreads or BAND_TERMS).get(band)
    if terms is None:
        raise DomainError("unknown band", code="unknown_band", details={"band": band})
    return lpr_on(on) + terms[0]


def accrued(principal_fen: int, annual_rate: Decimal, start: date, end: date, basis: int = 360) -> int:
    """Interest in fen on ``principal_fen`` for the actual days in [start, end), half-up to the fen."""
    if basis not in (360, 365):
        raise DomainError("day-count basis must be 360 or 365", code="bad_day_count")
    if principal_fen < 0 or annual_rate < 0:
        raise DomainError("principal and rate cannot be negative", code="not_positive")
    days = max(0, (end - start).days)
    return int((Decimal(principal_fen) * annual_rate * days / basis).quantize(Decimal(1), ROUND_HALF_UP))


def split_repayment(amount_fen: int, accrued_fen: int, principal_fen: int) -> tuple[int, int]:
    """A repayment pays accrued interest first, then principal; more than is owed is refused."""
    if amount_fen <= 0:
        raise DomainError("the amount must be positive", code="not_positive")
    if amount_fen > accrued_fen + principal_fen:
        raise DomainError("more than is owed", code="overpayment",
                          details={"owed_fen": accrued_fen + principal_fen})  # fmt: skip
    interest = min(amount_fen, accrued_fen)
    return interest, amount_fen - interest
