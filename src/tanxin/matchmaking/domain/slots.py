"""Grab mode: a request is broadcast to its eligible banks; the first K to accept engage.

An engaged bank must respond (approve or decline with a reason) within the service time, counted in
working days from its acceptance with the Chinese working-day calendar. When a slot's deadline passes
without a response, the slot expires: it is freed for the next bank (a bank that has not held a slot may now
accept) and the bureau is alerted. Refused: a bank the request was not broadcast to, a second acceptance by
the same bank, an acceptance when K slots are taken, any move by a bank whose slot expired, a response
after the deadline. Engaged + responded slots never exceed K.

Transition table (slot state → action → slot state):
    (none)    accept   → engaged
    engaged   respond  → responded
    engaged   expire   → expired
    engaged   withdraw → withdrawn
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from enum import StrEnum

from tanxin.common.workdays import add_workdays
from tanxin.matchmaking.domain.errors import SlotError


class SlotState(StrEnum):
    ENGAGED = "engaged"
    RESPONDED = "responded"
    EXPIRED = "expired"
    WITHDRAWN = "withdrawn"


HOLDING = frozenset({SlotState.ENGAGED, SlotState.RESPONDED})  # states that take one of the K places
TRANSITIONS: dict[tuple[SlotState | None, str], SlotState] = {
    (None, "accept"): SlotState.ENGAGED,
    (SlotState.ENGAGED, "respond"): SlotState.RESPONDED,
    (SlotState.ENGAGED, "expire"): SlotState.EXPIRED,
    (SlotState.ENGAGED, "withdraw"): SlotState.WITHDRAWN,
}


@dataclass(frozen=True)
class Slot:
    bank_id: int
    state: SlotState
    accepted_on: date
    due_on: date
    responded_on: date | None = None


@dataclass(frozen=True)
class Grab:
    """The grab state of one request: who it was broadcast to (in order), K, the service time, the slots."""

    broadcast: tuple[int, ...]
    k: int
    service_workdays: int
    slots: tuple[Slot, ...] = ()
    closed: bool = False  # approved, disbursed, withdrawn or declined by all

    def slot_of(self, bank_id: int) -> Slot | None:
        return next((s for s in self.slots if s.bank_id == bank_id), None)

    def holding(self) -> int:
        return sum(s.state in HOLDING for s in self.slots)

    def waiting(self) -> tuple[int, ...]:
        """Broadcast banks that never held a slot: who may still accept, in broadcast order."""
        held = {s.bank_id for s in self.slots}
        return tuple(b for b in self.broadcast if b not in held)


def _move(slot: Slot | None, action: str) -> SlotState:
    target = TRANSITIONS.get((slot.state if slot else None, action))
    if target is None:
        code = "slot_expired" if slot and slot.state == SlotState.EXPIRED else f"slot_cannot_{action}"
        raise SlotError(code, code=code)
    return target


def accept(g: Grab, bank_id: int, today: date, due: Callable[[date, int], date] = add_workdays) -> Grab:
    """Bank ``bank_id`` accepts: it takes a free slot with a deadline ``service_workdays`` working days on."""
    if g.closed:
        raise SlotError("request_closed", code="request_closed")
    if bank_id not in g.broadcast:
        raise SlotError("not_broadcast", code="not_broadcast")
    slot = g.slot_of(bank_id)
    if slot is not None and slot.state != SlotState.EXPIRED:
        raise SlotError("already_accepted", code="already_accepted")
    _move(slot, "accept")  # an expired slot refuses with slot_expired
    if g.holding() >= g.k:
        raise SlotError("slots_full", code="slots_full", details={"k": g.k})
    new = Slot(bank_id, SlotState.ENGAGED, today, due(today, g.service_workdays))
    return replace(g, slots=(*g.slots, new))


def respond(g: Grab, bank_id: int, today: date) -> Grab:
    """An engaged bank responds (approval or decline) on or before its deadline."""
    slot = g.slot_of(bank_id)
    target = _move(slot, "respond")
    if today > slot.due_on:
        raise SlotError("slot_expired", code="slot_expired", details={"due_on": slot.due_on.isoformat()})
    return _replace(g, replace(slot, state=target, responded_on=today))


def withdraw(g: Grab, bank_id: int) -> Grab:
    slot = g.slot_of(bank_id)
    return _replace(g, replace(slot, state=_move(slot, "withdraw")))


def expire(g: Grab, today: date) -> tuple[Grab, tuple[int, ...]]:
    """Expire every engaged slot whose deadline passed before ``today``; return the banks that lost theirs
    (the bureau is alerted for each; the freed places pass to ``waiting()`` banks)."""
    lapsed = tuple(s.bank_id for s in g.slots if s.state == SlotState.ENGAGED and s.due_on < today)
    slots = tuple(replace(s, state=SlotState.EXPIRED) if s.bank_id in lapsed else s for s in g.slots)
    return replace(g, slots=slots), lapsed


def _replace(g: Grab, slot: Slot) -> Grab:
    return replace(g, slots=tuple(slot if s.bank_id == slot.bank_id else s for s in g.slots))
