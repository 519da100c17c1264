"""The loan's life as an explicit transition table: which action, from which states, to which state, by whom.

    applied → screened → valued → approved → contracted → pledged → live (monitoring) → repaid → released → closed
                                                              live → defaulted → disposing → recovered → closed
    applied … approved → declined (bank) | withdrawn (enterprise)

Partial repayment and partial release (for surrender, against substitute collateral) keep the loan live.
"""

from __future__ import annotations

from enum import StrEnum

from tanxin.common.errors import DomainError


class State(StrEnum):
    APPLIED = "applied"
    SCREENED = "screened"
    VALUED = "valued"
    APPROVED = "approved"
    CONTRACTED = "contracted"
    PLEDGED = "pledged"
    LIVE = "live"
    REPAID = "repaid"
    RELEASED = "released"
    DEFAULTED = "defaulted"
    DISPOSING = "disposing"
    RECOVERED = "recovered"
    CLOSED = "closed"
    DECLINED = "declined"
    WITHDRAWN = "withdrawn"


class Role(StrEnum):
    ENTERPRISE = "enterprise"
    BANK = "bank"
    BUREAU = "bureau"


S = State
BEFORE_APPROVAL = frozenset({S.APPLIED, S.SCREENED, S.VALUED})
TRANSITIONS: dict[str, tuple[frozenset[State], State, Role]] = {
    "screen": (frozenset({S.APPLIED}), S.SCREENED, Role.BANK),
    "value": (frozenset({S.SCREENED, S.VALUED}), S.VALUED, Role.BANK),
    "approve": (frozenset({S.VALUED}), S.APPROVED, Role.BANK),
    "contract": (frozenset({S.APPROVED}), S.CONTRACTED, Role.BANK),
    "register_pledge": (frozenset({S.CONTRACTED}), S.PLEDGED, Role.BUREAU),
    "disburse": (frozenset({S.PLEDGED}), S.LIVE, Role.BANK),
    "repay": (frozenset({S.LIVE}), S.REPAID, Role.BANK),  # a full repayment; partial ones stay live
    "release": (frozenset({S.REPAID}), S.RELEASED, Role.BANK),
    "close": (frozenset({S.RELEASED, S.RECOVERED}), S.CLOSED, Role.BANK),
    "default": (frozenset({S.LIVE}), S.DEFAULTED, Role.BANK),
    "dispose": (frozenset({S.DEFAULTED}), S.DISPOSING, Role.BANK),
    "recover": (frozenset({S.DISPOSING}), S.RECOVERED, Role.BANK),
    "decline": (BEFORE_APPROVAL | {S.APPROVED}, S.DECLINED, Role.BANK),
    "withdraw": (BEFORE_APPROVAL | {S.APPROVED}, S.WITHDRAWN, Role.ENTERPRISE),
}
LIVE_STATES = frozenset({S.LIVE})
OPEN_STATES = frozenset(State) - {S.CLOSED, S.DECLINED, S.WITHDRAWN}


def step(state: State, action: str, role: Role) -> State:
    """The next state, or a refusal naming why (unknown action, wrong state, wrong role)."""
    entry = TRANSITIONS.get(action)
    if entry is None:
        raise DomainError("unknown action", code="unknown_action", details={"action": action})
    sources, target, owner = entry
    if State(state) not in sources:
        raise DomainError("the loan is not at this step", code="wrong_state",
                          details={"state": str(state), "action": action})  # fmt: skip
    if role != owner:
        raise DomainError("this step belongs to another party", code="wrong_role",
                          details={"action": action, "role": str(owner)})  # fmt: skip
    return target


def allowed_actions(state: State, role: Role) -> list[str]:
    return [a for a, (sources, _t, owner) in TRANSITIONS.items() if State(state) in sources and owner == role]
