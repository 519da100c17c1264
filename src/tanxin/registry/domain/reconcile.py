"""Daily reconciliation against an external statement (exchange or national registry).

The external side names accounts by its own numbers; ``account_map`` translates them to ledger ids.
Every difference is reported, none is corrected here: fixing is a human decision with a reversal.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum


class DiscrepancyKind(StrEnum):
    MISSING_ACCOUNT = "missing_account"  # ledger holds a balance the statement does not show
    UNKNOWN_ACCOUNT = "unknown_account"  # statement shows an account we cannot map
    BALANCE_MISMATCH = "balance_mismatch"


@dataclass(frozen=True)
class StatementRow:
    external_account: str
    instrument: str  # instrument code, e.g. "SZA-2023"
    balance: int


@dataclass(frozen=True)
class Discrepancy:
    kind: DiscrepancyKind
    external_account: str | None
    account_id: str | None
    instrument: str | None
    statement: int | None
    ledger: int | None


def reconcile(
    statement: Iterable[StatementRow],
    ledger: Mapping[tuple[str, str], int],
    account_map: Mapping[str, str],
) -> list[Discrepancy]:
    """Compare; ``ledger`` is (account id, instrument code) → balance for the accounts in scope.

    Only ledger accounts that appear in ``account_map`` are in scope: the statement of one exchange
    says nothing about accounts held elsewhere.
    """
    out: list[Discrepancy] = []
    reverse = {v: k for k, v in account_map.items()}
    seen: set[tuple[str, str]] = set()
    rows = list(statement)
    for row in rows:
        account_id = account_map.get(row.external_account)
        if account_id is None:
            out.append(
                Discrepancy(
                    DiscrepancyKind.UNKNOWN_ACCOUNT,
                    row.external_account,
                    None,
                    row.instrument,
                    row.balance,
                    None,
                )
            )
            continue
        key = (account_id, row.instrument)
        seen.add(key)
        ours = ledger.get(key, 0)
        if ours != row.balance:
            out.append(
                Discrepancy(
                    DiscrepancyKind.BALANCE_MISMATCH,
                    row.external_account,
                    account_id,
                    row.instrument,
                    row.balance,
                    ours,
                )
            )
    listed = {account_map[r.external_account] for r in rows if r.external_account in account_map}
    for (account_id, instrument), balance in sorted(ledger.items()):
        if account_id not in reverse or (account_id, instrument) in seen or not balance:
            continue
        # The account is on the statement but this instrument is not: a mismatch against an implied 0.
        kind = DiscrepancyKind.BALANCE_MISMATCH if account_id in listed else DiscrepancyKind.MISSING_ACCOUNT
        out.append(
            Discrepancy(
                kind,
                reverse[account_id],
                account_id,
                instrument,
                None if kind == "missing_account" else 0,
                balance,
            )
        )
    return out
