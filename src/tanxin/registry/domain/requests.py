"""What a caller may ask the ledger to do: one frozen dataclass per operation.

The service layer builds these from a form or an API payload; ``ledger.decide`` judges them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from .model import Authority, Hold, Instrument, InstrumentKind, Transaction


@dataclass(frozen=True)
class Issue:
    issuance_account: str
    to_account: str
    instrument: Instrument
    quantity: int


@dataclass(frozen=True)
class Allocate:
    """Free allocation: bureau management account → an enterprise's holding account."""

    from_account: str
    to_account: str
    instrument: Instrument
    quantity: int


@dataclass(frozen=True)
class Clawback:
    """Over-allocation taken back (true-up): holding → management. Works on blocked accounts too."""

    from_account: str
    to_account: str
    instrument: Instrument
    quantity: int


@dataclass(frozen=True)
class Transfer:
    from_account: str
    to_account: str
    instrument: Instrument
    quantity: int
    on: date
    initiated_by: str
    approved_by: str | None = None
    # When the destination was added to the source's trusted-counterparty list (None: not on it).
    counterparty_trusted_since: date | None = None


@dataclass(frozen=True)
class SurrenderRules:
    """What the compliance rule pack allows for one obligation (built by compliance.py)."""

    compliance_year: int
    allowance_kind: InstrumentKind  # SZA for Shenzhen, CEA for the national market
    offset_kinds: frozenset[InstrumentKind]
    offset_cap_remaining_t: int  # cap minus offsets already surrendered for this obligation


@dataclass(frozen=True)
class Surrender:
    from_account: str
    to_account: str
    instrument: Instrument
    quantity: int
    rules: SurrenderRules


@dataclass(frozen=True)
class Cancel:
    """Voluntary cancellation (e.g. for a carbon-neutral claim): units leave circulation for good."""

    from_account: str
    to_account: str
    instrument: Instrument
    quantity: int


@dataclass(frozen=True)
class PlaceHold:
    hold: Hold  # hold.quantity is the quantity to encumber; hold.id must be new


@dataclass(frozen=True)
class Release:
    hold_id: str
    authority: Authority
    requested_by: str
    quantity: int | None = None  # None releases everything still held


@dataclass(frozen=True)
class Enforce:
    """Held tonnes move to a beneficiary: pledge disposal, court-ordered deduction, forced surrender."""

    hold_id: str
    quantity: int
    beneficiary_account: str
    authority: Authority
    requested_by: str


@dataclass(frozen=True)
class Reverse:
    """A compensating transaction; the original stays in the journal untouched."""

    original_id: str
    original: Transaction


Request = (
    Issue | Allocate | Clawback | Transfer | Surrender | Cancel | PlaceHold | Release | Enforce | Reverse
)


@dataclass(frozen=True)
class TransferControls:
    """Union-Registry-style controls; all values are configuration, not law."""

    second_approval_above_t: int | None = None  # None: never needed
    require_trusted_counterparty: bool = False
    cooling_off_workdays: int = 4
