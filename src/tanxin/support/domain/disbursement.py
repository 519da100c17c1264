"""Recording payment of a final award: possibly in several instalments, never more than awarded."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from .errors import support_error
from .workflow import SchemeStatus


@dataclass(frozen=True)
class Disbursement:
    application_id: str
    amount_fen: int
    paid_on: date
    reference: str  # treasury/bank voucher number: the payment itself happens outside the platform
    recorded_by: str


def ensure_disbursement_allowed(
    status: SchemeStatus, awarded_fen: int, previous: Iterable[Disbursement], new: Disbursement
) -> None:
    """Money moves only after the result is final, and the instalments never exceed the award."""
    if status is not SchemeStatus.FINAL:
        raise support_error("invalid_transition", source=status.value, target="disbursed")
    if new.amount_fen <= 0:
        raise support_error("invalid_allocation", amount_fen=new.amount_fen)
    paid = sum(d.amount_fen for d in previous if d.application_id == new.application_id)
    if paid + new.amount_fen > awarded_fen:
        raise support_error("over_cap", paid_fen=paid, amount_fen=new.amount_fen, awarded_fen=awarded_fen)
