"""Shared test vocabulary: a small registry with one of every bureau account and three holders."""

from __future__ import annotations

from tanxin.registry.domain.model import Account, AccountKind, Instrument, InstrumentKind, Snapshot

ISS, MGT, SUR, CAN = "bureau-issuance", "bureau-management", "bureau-surrender", "bureau-cancellation"
ALICE, BOB, CAROL = "acct-alice", "acct-bob", "acct-carol"  # enterprises' holding accounts
BANK = "bank-icbc"

SZA23 = Instrument(InstrumentKind.SZA, vintage=2023)
SZA24 = Instrument(InstrumentKind.SZA, vintage=2024)
SZA25 = Instrument(InstrumentKind.SZA, vintage=2025)
CEA23 = Instrument(InstrumentKind.CEA, vintage=2023)
CCER = Instrument(InstrumentKind.CCER, project="P001", batch="B1")

ACCOUNTS = {
    ISS: Account(ISS, AccountKind.ISSUANCE),
    MGT: Account(MGT, AccountKind.MANAGEMENT),
    SUR: Account(SUR, AccountKind.SURRENDER),
    CAN: Account(CAN, AccountKind.CANCELLATION),
    ALICE: Account(ALICE, AccountKind.HOLDING, owner_id="alice"),
    BOB: Account(BOB, AccountKind.HOLDING, owner_id="bob"),
    CAROL: Account(CAROL, AccountKind.HOLDING, owner_id="carol"),
}


def registry(balances: dict | None = None, holds: dict | None = None, **overrides: Account) -> Snapshot:
    """A snapshot where ``balances`` of holders are backed by a matching negative issuance balance."""
    accounts = {**ACCOUNTS, **overrides}
    full = dict(balances or {})
    for (account, instrument), quantity in (balances or {}).items():
        if account != ISS:
            full[(ISS, instrument)] = full.get((ISS, instrument), 0) - quantity
    return Snapshot(accounts, full, holds or {})
