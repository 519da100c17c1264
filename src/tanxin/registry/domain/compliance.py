"""Compliance position of one enterprise for one year under one rule pack.

Inputs are plain numbers the service gathers from their owners (verified emissions from disclosure,
surrenders and holdings from the ledger, the average price from the market module), so this stays a
pure calculation that a golden test can recompute by hand.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal
from enum import StrEnum

from tanxin.common.errors import DomainError
from tanxin.common.workdays import is_workday

from .requests import SurrenderRules
from .rule_packs import RulePack


class Status(StrEnum):
    COMPLIANT = "compliant"  # obligation met on or before the deadline
    LATE = "late"  # obligation met, but after the deadline
    NON_COMPLIANT = "non_compliant"  # deadline passed with a shortfall
    PENDING = "pending"  # before the deadline, shortfall still open


@dataclass(frozen=True)
class SurrenderEvent:
    on: date
    quantity: int
    offset: bool = False  # CCER / 碳普惠 credit rather than an allowance


@dataclass(frozen=True)
class ComplianceInput:
    enterprise_id: str
    year: int
    verified_emissions_t: int
    surrenders: tuple[SurrenderEvent, ...] = ()
    eligible_holdings_t: int = 0  # allowances in the account that could still be surrendered
    pledged_t: int = 0
    frozen_t: int = 0  # judicial freezes and administrative holds


@dataclass(frozen=True)
class ComplianceResult:
    enterprise_id: str
    year: int
    deadline: date
    obligation_t: int
    allowances_surrendered_t: int
    offsets_surrendered_t: int
    offset_cap_t: int
    offsets_counted_t: int
    shortfall_t: int
    shortfall_at_deadline_t: int
    status: Status
    completed_on: date | None
    penalty_fen: int | None  # None: no average price given, or nothing to fine
    carbon_position_t: int  # holdings minus what is still to surrender; negative is a deficit
    surplus_t: int
    pledgeable_t: int  # Q_free


def offset_cap_t(pack: RulePack, obligation_t: int) -> int:
    """Whole tonnes, rounded down: a cap of 10 % on 1,005 t is 100 t, never 101."""
    return int((pack.offset_cap_rate * obligation_t).to_integral_value(rounding=ROUND_FLOOR))


def surrender_rules(pack: RulePack, year: int, obligation_t: int, offsets_used_t: int) -> SurrenderRules:
    """What the ledger needs to check one more surrender against this obligation."""
    return SurrenderRules(
        compliance_year=year,
        allowance_kind=pack.allowance_kind,
        offset_kinds=pack.offset_kinds,
        offset_cap_remaining_t=max(0, offset_cap_t(pack, obligation_t) - offsets_used_t),
    )


def assess(
    pack: RulePack,
    data: ComplianceInput,
    as_of: date,
    average_price: Decimal | None = None,
) -> ComplianceResult:
    """Position as of ``as_of`` (surrenders after that day are ignored, so history can be replayed)."""
    if data.verified_emissions_t < 0 or data.eligible_holdings_t < 0:
        raise DomainError("tonnes cannot be negative", code="not_positive")
    deadline = pack.surrender_deadline(data.year)
    obligation = data.verified_emissions_t
    cap = offset_cap_t(pack, obligation)
    events = sorted((e for e in data.surrenders if e.on <= as_of), key=lambda e: e.on)

    allowances = sum(e.quantity for e in events if not e.offset)
    offsets = sum(e.quantity for e in events if e.offset)
    counted = min(offsets, cap)
    shortfall = max(0, obligation - allowances - counted)
    completed_on = _completion_date(events, obligation, cap)
    at_deadline = _shortfall_on(events, obligation, cap, deadline)

    if shortfall == 0:
        status = Status.LATE if completed_on and completed_on > deadline else Status.COMPLIANT
    else:
        status = Status.PENDING if as_of <= deadline else Status.NON_COMPLIANT

    position = data.eligible_holdings_t - shortfall
    return ComplianceResult(
        enterprise_id=data.enterprise_id,
        year=data.year,
        deadline=deadline,
        obligation_t=obligation,
        allowances_surrendered_t=allowances,
        offsets_surrendered_t=offsets,
        offset_cap_t=cap,
        offsets_counted_t=counted,
        shortfall_t=shortfall,
        shortfall_at_deadline_t=at_deadline,
        status=status,
        completed_on=completed_on,
        penalty_fen=(
            penalty_fen(pack, shortfall, average_price)
            if status is Status.NON_COMPLIANT and average_price is not None
            else None
        ),
        carbon_position_t=position,
        surplus_t=max(0, position),
        pledgeable_t=pledgeable_t(data.eligible_holdings_t, data.pledged_t, data.frozen_t, shortfall),
    )


def penalty_fen(pack: RulePack, shortfall_t: int, average_price: Decimal) -> int:
    """multiplier × average price (yuan/t) × shortfall, in integer fen, half-up on the final figure."""
    if shortfall_t < 0 or average_price < 0:
        raise DomainError("shortfall and price cannot be negative", code="not_positive")
    yuan = pack.penalty_multiplier * average_price * shortfall_t
    return int((yuan * 100).to_integral_value(rounding=ROUND_HALF_UP))


def pledgeable_t(holdings_t: int, pledged_t: int, frozen_t: int, remaining_surrender_t: int) -> int:
    """Q_free = max(0, holdings − pledged − frozen − expected remaining surrender)."""
    return max(0, holdings_t - pledged_t - frozen_t - remaining_surrender_t)


def loan_crosses_deadline(maturity: date, deadline: date, disposal_buffer_trading_days: int = 20) -> bool:
    """True when a defaulted loan could not be disposed of before the surrender deadline.

    The pledged allowances may be needed for surrender; if maturity plus the disposal buffer runs past
    the deadline, bank and enterprise are competing for the same tonnes.
    """
    return add_trading_days(maturity, disposal_buffer_trading_days) > deadline


def add_trading_days(start: date, days: int) -> date:
    """Chinese exchanges close on weekends even when a Saturday is an adjusted workday (调休)."""
    current, remaining = start, days
    while remaining > 0:
        current += timedelta(days=1)
        if current.weekday() < 5 and is_workday(current):
            remaining -= 1
    return current


def _shortfall_on(events: list[SurrenderEvent], obligation: int, cap: int, day: date) -> int:
    allowances = sum(e.quantity for e in events if e.on <= day and not e.offset)
    offsets = sum(e.quantity for e in events if e.on <= day and e.offset)
    return max(0, obligation - allowances - min(offsets, cap))


def _completion_date(events: list[SurrenderEvent], obligation: int, cap: int) -> date | None:
    """The first day on which counted surrenders reached the obligation."""
    for e in events:
        if _shortfall_on(events, obligation, cap, e.on) == 0:
            return e.on
    return None  # nothing surrendered yet, or a zero obligation
