"""Registry vocabulary: instruments, accounts, holds, postings and the snapshot the ledger reads.

Quantities are whole tonnes (``int``). A fractional tonne cannot exist in any registry we mirror,
so it is refused at the door rather than rounded somewhere in the middle.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from types import MappingProxyType

from tanxin.common.errors import DomainError


class InstrumentKind(StrEnum):
    SZA = "SZA"  # Shenzhen allowance (深圳碳排放配额), by vintage
    CEA = "CEA"  # national allowance (全国碳排放配额), by vintage
    CCER = "CCER"  # certified voluntary reduction, by project + issuance batch
    PHCER = "PHCER"  # 碳普惠 credit, by project (scheme) + batch

    @property
    def is_allowance(self) -> bool:
        return self in (InstrumentKind.SZA, InstrumentKind.CEA)


@dataclass(frozen=True)
class Instrument:
    """One fungible unit class. Allowances differ by vintage; credits by project and batch."""

    kind: InstrumentKind
    vintage: int | None = None
    project: str | None = None
    batch: str | None = None

    def __post_init__(self) -> None:
        if self.kind.is_allowance:
            if self.vintage is None or self.project or self.batch:
                raise DomainError("an allowance is identified by its vintage only", code="bad_instrument")
        elif not self.project or not self.batch:
            raise DomainError("a credit needs a project and a batch", code="bad_instrument")

    @property
    def code(self) -> str:
        """Stable text key, used in journal payloads and statements: ``SZA-2023``, ``CCER-P1-B2``."""
        if self.kind.is_allowance:
            return f"{self.kind}-{self.vintage}"
        return f"{self.kind}-{self.project}-{self.batch}"

    @classmethod
    def from_code(cls, code: str) -> Instrument:
        kind, _, rest = code.partition("-")
        ikind = InstrumentKind(kind)
        if ikind.is_allowance:
            return cls(ikind, vintage=int(rest))
        project, _, batch = rest.rpartition("-")
        return cls(ikind, project=project, batch=batch)


class AccountKind(StrEnum):
    HOLDING = "holding"  # an enterprise's (or bank's) own account
    ISSUANCE = "issuance"  # bureau: the source of new units, runs negative (see ledger.py)
    MANAGEMENT = "management"  # bureau: allocated-but-not-yet-distributed and clawed-back units
    SURRENDER = "surrender"  # bureau: sink for compliance surrender
    CANCELLATION = "cancellation"  # bureau: sink for voluntary cancellation

    @property
    def is_sink(self) -> bool:
        return self in (AccountKind.SURRENDER, AccountKind.CANCELLATION)


@dataclass(frozen=True)
class Account:
    id: str
    kind: AccountKind
    owner_id: str | None = None
    blocked: bool = False  # e.g. owner deregistered or under investigation


class HoldKind(StrEnum):
    PLEDGE = "pledge"  # encumbrance; the legal act is registered elsewhere (PBOC registry, notice)
    JUDICIAL_FREEZE = "judicial_freeze"  # court order
    ADMIN_HOLD = "admin_hold"  # bureau, e.g. pending an investigation


class Authority(StrEnum):
    """Who asks for a release or an enforcement; checked against the hold kind."""

    PLEDGEE = "pledgee"
    COURT = "court"
    BUREAU = "bureau"


@dataclass(frozen=True)
class Hold:
    """An open encumbrance on ``quantity`` tonnes of one instrument in one account.

    ``quantity`` is what is still held; releases and enforcements reduce it. ``references`` keeps
    the external identifiers (PBOC registration number, bureau notice, court ruling number).
    """

    id: str
    account_id: str
    instrument: Instrument
    quantity: int
    kind: HoldKind
    pledgee_id: str | None = None
    references: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Posting:
    """One leg: signed whole tonnes on one account. A transaction's legs sum to zero per instrument."""

    account_id: str
    instrument: Instrument
    quantity: int


@dataclass(frozen=True)
class HoldChange:
    """``delta`` > 0 opens or re-opens a hold, < 0 releases or enforces part of it."""

    hold: Hold
    delta: int


class TxKind(StrEnum):
    ISSUE = "issue"
    ALLOCATE = "allocate"
    CLAWBACK = "clawback"
    TRANSFER = "transfer"
    SURRENDER = "surrender"
    CANCEL = "cancel"
    HOLD = "hold"
    RELEASE = "release"
    ENFORCE = "enforce"
    REVERSAL = "reversal"


@dataclass(frozen=True)
class Transaction:
    """What the ledger decided: the service persists exactly this, then journals it."""

    kind: TxKind
    postings: tuple[Posting, ...] = ()
    hold_changes: tuple[HoldChange, ...] = ()
    reverses: str | None = None  # id of the transaction a reversal compensates


@dataclass(frozen=True)
class Snapshot:
    """The state of the involved accounts that the service loaded (under row locks).

    ``balances`` maps (account id, instrument) to tonnes; missing means 0. ``holds`` are the open
    holds by id. ``held`` is derived from the holds so the two can never disagree.
    """

    accounts: Mapping[str, Account]
    balances: Mapping[tuple[str, Instrument], int] = field(default_factory=dict)
    holds: Mapping[str, Hold] = field(default_factory=dict)

    def account(self, account_id: str) -> Account:
        try:
            return self.accounts[account_id]
        except KeyError:
            raise DomainError(f"unknown account {account_id}", code="unknown_account") from None

    def balance(self, account_id: str, instrument: Instrument) -> int:
        return self.balances.get((account_id, instrument), 0)

    def held(self, account_id: str, instrument: Instrument) -> int:
        return sum(
            h.quantity
            for h in self.holds.values()
            if h.account_id == account_id and h.instrument == instrument
        )

    def available(self, account_id: str, instrument: Instrument) -> int:
        return self.balance(account_id, instrument) - self.held(account_id, instrument)


def apply(snapshot: Snapshot, tx: Transaction) -> Snapshot:
    """The snapshot after ``tx``: what a projection table would hold. Used by tests and the verifier."""
    balances = dict(snapshot.balances)
    for p in tx.postings:
        key = (p.account_id, p.instrument)
        balances[key] = balances.get(key, 0) + p.quantity
    holds = dict(snapshot.holds)
    for change in tx.hold_changes:
        current = holds.get(change.hold.id)
        remaining = (current.quantity if current else 0) + change.delta
        if remaining:
            base = current or change.hold
            holds[change.hold.id] = Hold(
                base.id,
                base.account_id,
                base.instrument,
                remaining,
                base.kind,
                base.pledgee_id,
                base.references,
            )
        else:
            holds.pop(change.hold.id, None)
    return Snapshot(snapshot.accounts, MappingProxyType(balances), MappingProxyType(holds))
