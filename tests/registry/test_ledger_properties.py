"""Random sequences of registry operations never create, lose or over-encumber a tonne."""

from __future__ import annotations

from datetime import date

from hypothesis import HealthCheck, event, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule

from tanxin.common.errors import DomainError
from tanxin.registry.domain import journal
from tanxin.registry.domain.ledger import (
    Allocate,
    Cancel,
    Clawback,
    Enforce,
    Issue,
    PlaceHold,
    Release,
    Reverse,
    Surrender,
    SurrenderRules,
    Transfer,
    decide,
)
from tanxin.registry.domain.model import (
    AccountKind,
    Authority,
    Hold,
    HoldKind,
    InstrumentKind,
    Snapshot,
    apply,
)

from .builders import ACCOUNTS, ALICE, BOB, CAN, CAROL, CCER, ISS, MGT, SUR, SZA23, SZA24, SZA25

INSTRUMENTS = (SZA23, SZA24, SZA25, CCER)
HOLDERS = (ALICE, BOB, CAROL)
BANKS = ("bank-a", "bank-b")
RULES = SurrenderRules(2024, InstrumentKind.SZA, frozenset({InstrumentKind.CCER}), offset_cap_remaining_t=300)

# Mostly plausible sizes, sometimes more than anyone holds, sometimes invalid (≤ 0) on purpose.
tonnes = st.one_of(st.integers(1, 1_500), st.integers(1_500, 20_000), st.integers(-3, 0))
holders = st.sampled_from(HOLDERS)
instruments = st.sampled_from(INSTRUMENTS)


class RegistryMachine(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.snap = Snapshot(ACCOUNTS, {}, {})
        self.issued = dict.fromkeys(INSTRUMENTS, 0)
        self.retired = dict.fromkeys(INSTRUMENTS, 0)  # surrendered + cancelled
        self.committed: list = []
        self.records: list[journal.JournalRecord] = []
        self.hold_seq = 0

    def _run(self, request) -> bool:
        """Apply if the ledger accepts; a refusal must leave everything exactly as it was."""
        before = self.snap
        try:
            tx = decide(self.snap, request)
        except DomainError as exc:
            assert self.snap is before
            event(f"refused: {exc.code}")
            return False
        event(f"accepted: {tx.kind}")
        self.snap = apply(self.snap, tx)
        tx_id = f"tx-{len(self.committed) + 1}"
        self.committed.append((tx_id, tx))
        previous = self.records[-1] if self.records else None
        self.records.append(journal.append(previous, "tx", journal.transaction_payload(tx_id, tx)))
        for p in tx.postings:  # track circulation from the sink side
            if p.account_id == ISS:
                self.issued[p.instrument] -= p.quantity
            if self.snap.accounts[p.account_id].kind.is_sink:
                self.retired[p.instrument] += p.quantity
        return True

    @initialize(quantity=st.integers(0, 5_000))
    def issue_and_allocate_to_everyone(self, quantity):
        for instrument in INSTRUMENTS:
            self._run(Issue(ISS, MGT, instrument, 3 * quantity))
            for holder in HOLDERS:
                self._run(Allocate(MGT, holder, instrument, quantity))

    def _open_hold(self, pick: int) -> Hold | None:
        holds = sorted(self.snap.holds)
        return self.snap.holds[holds[pick % len(holds)]] if holds else None

    @rule(instrument=instruments, quantity=tonnes)
    def issue(self, instrument, quantity):
        self._run(Issue(ISS, MGT, instrument, quantity))

    @rule(to=holders, instrument=instruments, quantity=tonnes)
    def allocate(self, to, instrument, quantity):
        self._run(Allocate(MGT, to, instrument, quantity))

    @rule(source=holders, instrument=instruments, quantity=tonnes)
    def claw_back(self, source, instrument, quantity):
        self._run(Clawback(source, MGT, instrument, quantity))

    @rule(source=holders, dest=holders, instrument=instruments, quantity=tonnes)
    def transfer(self, source, dest, instrument, quantity):
        available = self.snap.available(source, instrument)
        accepted = self._run(Transfer(source, dest, instrument, quantity, date(2024, 5, 6), "u1"))
        if source != dest and quantity > 0:
            assert accepted == (quantity <= available)

    @rule(
        account=holders,
        instrument=instruments,
        quantity=tonnes,
        kind=st.sampled_from(list(HoldKind)),
        bank=st.sampled_from(BANKS),
    )
    def hold(self, account, instrument, quantity, kind, bank):
        self.hold_seq += 1
        pledgee = bank if kind is HoldKind.PLEDGE else None
        self._run(PlaceHold(Hold(f"h{self.hold_seq}", account, instrument, quantity, kind, pledgee)))

    @precondition(lambda self: self.snap.holds)
    @rule(pick=st.integers(0, 50), bank=st.sampled_from(BANKS), partial=st.none() | st.integers(1, 2_000))
    def release(self, pick, bank, partial):
        hold = self._open_hold(pick)
        authority = {
            HoldKind.PLEDGE: Authority.PLEDGEE,
            HoldKind.JUDICIAL_FREEZE: Authority.COURT,
            HoldKind.ADMIN_HOLD: Authority.BUREAU,
        }[hold.kind]
        accepted = self._run(Release(hold.id, authority, bank, partial))
        if hold.kind is HoldKind.PLEDGE and bank != hold.pledgee_id:
            assert not accepted  # a pledge is never released by another bank

    @precondition(lambda self: self.snap.holds)
    @rule(pick=st.integers(0, 50), quantity=tonnes, beneficiary=holders)
    def enforce(self, pick, quantity, beneficiary):
        hold = self._open_hold(pick)
        authority = {
            HoldKind.PLEDGE: Authority.PLEDGEE,
            HoldKind.JUDICIAL_FREEZE: Authority.COURT,
            HoldKind.ADMIN_HOLD: Authority.BUREAU,
        }[hold.kind]
        self._run(Enforce(hold.id, quantity, beneficiary, authority, hold.pledgee_id or "authority"))

    @rule(source=holders, instrument=instruments, quantity=tonnes)
    def surrender(self, source, instrument, quantity):
        self._run(Surrender(source, SUR, instrument, quantity, RULES))

    @rule(source=holders, instrument=instruments, quantity=tonnes)
    def cancel(self, source, instrument, quantity):
        self._run(Cancel(source, CAN, instrument, quantity))

    @precondition(lambda self: self.committed)
    @rule(pick=st.integers(0, 50))
    def reverse(self, pick):
        tx_id, tx = self.committed[pick % len(self.committed)]
        self._run(Reverse(tx_id, tx))

    # ------------------------------------------------------------ invariants

    @invariant()
    def every_instrument_sums_to_zero_across_all_accounts(self):
        for instrument in INSTRUMENTS:
            assert sum(q for (_, i), q in self.snap.balances.items() if i == instrument) == 0

    @invariant()
    def circulation_changes_only_by_issuance_and_retirement(self):
        for instrument in INSTRUMENTS:
            circulating = sum(
                self.snap.balance(a, instrument)
                for a, acc in ACCOUNTS.items()
                if acc.kind in (AccountKind.HOLDING, AccountKind.MANAGEMENT)
            )
            assert circulating == self.issued[instrument] - self.retired[instrument]

    @invariant()
    def available_is_never_negative_and_held_never_exceeds_balance(self):
        for account, acc in ACCOUNTS.items():
            if acc.kind is AccountKind.ISSUANCE:
                continue
            for instrument in INSTRUMENTS:
                assert self.snap.available(account, instrument) >= 0
                assert 0 <= self.snap.held(account, instrument) <= self.snap.balance(account, instrument)
        assert all(h.quantity > 0 for h in self.snap.holds.values())

    @invariant()
    def the_journal_replays_to_the_same_balances_and_its_chain_holds(self):
        assert journal.balance_drift(self.records, journal.snapshot_balances(self.snap.balances)) == []
        assert journal.verify_chain(self.records).ok


RegistryMachine.TestCase.settings = settings(
    max_examples=200, stateful_step_count=40, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
TestRegistryNeverCreatesOrLosesTonnes = RegistryMachine.TestCase
