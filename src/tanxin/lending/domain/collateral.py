"""Combined collateral and loan sizing, and the compliance conflict.

A loan may be secured by allowances plus a guarantee, receivables or a deposit, each with its own haircut.
Allowances are recognised at Q × P_val × advance rate, where the advance rate is the smallest of
(1 − haircut), the LTV solved for the target breach probability, and the band's LTV cap; every other item
at face × (1 − its haircut). The loan may not exceed the sum.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_DOWN, Decimal

from tanxin.common.errors import DomainError
from tanxin.market.domain.calendar import add_trading_days

OTHER_KINDS = ("guarantee", "receivable", "deposit")


@dataclass(frozen=True)
class OtherItem:
    kind: str
    face_fen: int
    haircut: Decimal

    def __post_init__(self) -> None:
        if self.kind not in OTHER_KINDS:
            raise DomainError("unknown collateral kind", code="bad_collateral_kind", details={"kind": self.kind})
        if self.face_fen <= 0:
            raise DomainError("the amount must be positive", code="not_positive")
        if not Decimal(0) <= self.haircut < Decimal(1):
            raise DomainError("a haircut lies between 0 and 100 %", code="bad_haircut")

    @property
    def recognised_fen(self) -> int:
        return int((self.face_fen * (1 - self.haircut)).to_integral_value(rounding=ROUND_DOWN))


@dataclass(frozen=True)
class Sizing:
    allowance_value_fen: int
    advance_rate: Decimal
    allowance_recognised_fen: int
    other_recognised_fen: int
    binding: str  # which limit set the advance rate: "haircut" | "target_probability" | "band_cap"

    @property
    def max_loan_fen(self) -> int:
        return self.allowance_recognised_fen + self.other_recognised_fen


def size(quantity_t: int, price: Decimal, haircut: Decimal, solved_ltv: Decimal, band_cap: Decimal,
         others: tuple[OtherItem, ...] = ()) -> Sizing:  # fmt: skip
    if quantity_t <= 0:
        raise DomainError("the pledged quantity must be positive", code="not_positive")
    limits = {"haircut": 1 - haircut, "target_probability": solved_ltv, "band_cap": band_cap}
    binding = min(limits, key=lambda k: limits[k])
    rate = max(Decimal(0), limits[binding])
    value = int((quantity_t * price * 100).to_integral_value(rounding=ROUND_DOWN))
    recognised = int((value * rate).to_integral_value(rounding=ROUND_DOWN))
    return Sizing(value, rate, recognised, sum(o.recognised_fen for o in others), binding)


def check_amount(amount_fen: int, sizing: Sizing) -> None:
    if amount_fen <= 0:
        raise DomainError("the amount must be positive", code="not_positive")
    if amount_fen > sizing.max_loan_fen:
        raise DomainError("the loan exceeds what the collateral supports", code="exceeds_collateral",
                          details={"max_loan_fen": sizing.max_loan_fen})  # fmt: skip


def compliance_conflict(maturity: date, surrender_deadline: date | None, buffer_trading_days: int) -> bool:
    """True when maturity plus the disposal buffer passes the surrender deadline: should the borrower
    default, the bank could not sell the tonnes before the enterprise needs them to comply."""
    if surrender_deadline is None:
        return False
    return add_trading_days(maturity, buffer_trading_days) > surrender_deadline
