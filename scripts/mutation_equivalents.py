"""Surviving mutants that cannot change behaviour, each with the reason (read by ``scripts/mutation.py``).

Key: ``<path>::<enclosing function>::<before> -> <after>`` as printed by ``scripts/mutation.py --list`` and
stored in ``var/mutation/<module>.json``. A survivor that is not here is a missing test (or a bug).
"""

from __future__ import annotations

_COST_FLOOR = ("the cost part is max(0, 100,000 - net) * 100 // 100,000: where the floor applies the difference "
               "is <= 0, and a floor of 1 gives 1 * 100 // 100,000 = 0 as well")

EQUIVALENT: dict[str, str] = {
    "src/tanxin/matchmaking/domain/ranking.py::_cost_score::0 -> 1": _COST_FLOOR,
    "src/tanxin/matchmaking/domain/ranking.py::Catalogue.scores::0 -> 1": _COST_FLOOR,
    "src/tanxin/registry/domain/ledger.py::_reverse::s.account(p.account_id) -> pass": (
        "the safety net _check_result looks up every posted account with the same Snapshot.account, so an unknown "
        "account is refused with the same unknown_account (tests/registry/test_domain_mutants_ledger.py)"),
    # accounting
    "src/tanxin/accounting/domain/calc/views.py::_emissions::raise AccountingError('unknown_line_type', "
    "kind=type(line).__name__) -> pass": (
        "unreachable: _emissions is only called by calculate_line and calculate_line_in_views after "
        "source_type_of(line), which raises the same unknown_line_type for a line type it does not know "
        "(tests/accounting/test_domain_mutants_views.py)"),
}
