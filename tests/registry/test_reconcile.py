from tanxin.registry.domain.reconcile import DiscrepancyKind, StatementRow, reconcile

ACCOUNT_MAP = {"SZX-0001": "acct-alice", "SZX-0002": "acct-bob", "SZX-0003": "acct-carol"}


def test_a_matching_statement_has_no_discrepancies():
    ledger = {("acct-alice", "SZA-2023"): 1_000, ("acct-bob", "SZA-2023"): 50}
    statement = [StatementRow("SZX-0001", "SZA-2023", 1_000), StatementRow("SZX-0002", "SZA-2023", 50)]
    assert reconcile(statement, ledger, ACCOUNT_MAP) == []


def test_every_kind_of_difference_is_reported():
    ledger = {
        ("acct-alice", "SZA-2023"): 1_000,
        ("acct-alice", "SZA-2024"): 10,  # Alice is on the statement, this line is not
        ("acct-bob", "SZA-2023"): 50,  # Bob is not on the statement at all
        ("acct-zed", "SZA-2023"): 7,  # not mapped to this exchange: out of scope
    }
    statement = [StatementRow("SZX-0001", "SZA-2023", 999), StatementRow("SZX-9999", "SZA-2023", 5)]
    found = {
        (d.kind, d.external_account, d.instrument, d.statement, d.ledger)
        for d in reconcile(statement, ledger, ACCOUNT_MAP)
    }
    assert found == {
        (DiscrepancyKind.BALANCE_MISMATCH, "SZX-0001", "SZA-2023", 999, 1_000),
        (DiscrepancyKind.UNKNOWN_ACCOUNT, "SZX-9999", "SZA-2023", 5, None),
        (DiscrepancyKind.BALANCE_MISMATCH, "SZX-0001", "SZA-2024", 0, 10),
        (DiscrepancyKind.MISSING_ACCOUNT, "SZX-0002", "SZA-2023", None, 50),
    }


def test_a_statement_line_for_a_zero_ledger_balance_is_a_mismatch():
    (d,) = reconcile([StatementRow("SZX-0003", "SZA-2023", 3)], {}, ACCOUNT_MAP)
    assert (d.kind, d.statement, d.ledger) == (DiscrepancyKind.BALANCE_MISMATCH, 3, 0)
