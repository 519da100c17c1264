"""Margin calls: opened when coverage crosses a line, cured or escalated within a window of trading days.

Transition table (state, event) → state; every other pair is refused with ``illegal_margin_move``:

    open ──cure (coverage back at or above the warning line)──► cured
    open ──deepen (coverage fell below the liquidation line)──► open (level liquidation, shorter window)
    open ──expire (window passed, not cured)──────────────────► escalated
    open ──close (loan repaid or defaulted)───────────────────► closed

A cure action (cash, extra allowances, partial repayment) is accepted only while the window is open: the
window's last trading day is the last day a cure counts.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from tanxin.common.errors import DomainError
from tanxin.market.domain.calendar import add_trading_days

from .coverage import Zone
from .params import LendingParams


class CallState(StrEnum):
    OPEN = "open"
    CURED = "cured"
    ESCALATED = "escalated"
    CLOSED = "closed"


class CallLevel(StrEnum):
    WARNING = "warning"
    LIQUIDATION = "liquidation"


class CallEvent(StrEnum):
    CURE = "cure"
    DEEPEN = "deepen"
    EXPIRE = "expire"
    CLOSE = "close"


TRANSITIONS: dict[tuple[CallState, CallEvent], CallState] = {
    (CallState.OPEN, CallEvent.CURE): CallState.CURED,
    (CallState.OPEN, CallEvent.DEEPEN): CallState.OPEN,
    (CallState.OPEN, CallEvent.EXPIRE): CallState.ESCALATED,
    (CallState.OPEN, CallEvent.CLOSE): CallState.CLOSED,
}


class CureKind(StrEnum):
    CASH = "cash"
    ALLOWANCES = "allowances"
    REPAYMENT = "repayment"


def move(state: CallState, event: CallEvent) -> CallState:
    try:
        return TRANSITIONS[(CallState(state), CallEvent(event))]
    except KeyError:
        raise DomainError("this margin call cannot move that way", code="illegal_margin_move",
                          details={"state": str(state), "event": str(event)}) from None  # fmt: skip


def cure_deadline(opened_on: date, level: CallLevel, params: LendingParams) -> date:
    days = params.liquidation_cure_trading_days if level == CallLevel.LIQUIDATION else params.warning_cure_trading_days
    return add_trading_days(opened_on, days)


def require_open_window(state: CallState, deadline: date, today: date) -> None:
    if state != CallState.OPEN:
        raise DomainError("this margin call is no longer open", code="call_not_open")
    if today > deadline:
        raise DomainError("the cure window has closed", code="cure_window_closed",
                          details={"deadline": deadline.isoformat()})  # fmt: skip


@dataclass(frozen=True)
class Decision:
    """What the daily mark does to one loan: open a call, deepen it, cure it, escalate it, or nothing."""

    action: str  # "none" | "open" | "deepen" | "cure" | "expire"
    level: CallLevel | None = None
    deadline: date | None = None


def decide(zone: Zone, call_state: CallState | None, call_level: CallLevel | None, call_deadline: date | None,
           today: date, params: LendingParams) -> Decision:  # fmt: skip
    """The daily rule for one loan given its zone today and its open call (if any)."""
    below = zone in (Zone.WARNING, Zone.LIQUIDATION)
    level = CallLevel.LIQUIDATION if zone == Zone.LIQUIDATION else CallLevel.WARNING
    if call_state == CallState.ESCALATED:
        return Decision("none")  # the bank decides now (default, or an agreed restructuring): no new call
    if call_state != CallState.OPEN:
        if below:
            return Decision("open", level, cure_deadline(today, level, params))
        return Decision("none")
    if not below:
        return Decision("cure")
    if level == CallLevel.LIQUIDATION and call_level == CallLevel.WARNING:
        deadline = min(call_deadline or today, cure_deadline(today, level, params))
        return Decision("deepen", level, deadline)
    if call_deadline is not None and today > call_deadline:
        return Decision("expire", call_level)
    return Decision("none")
