"""Accounting writes and reads, one import for this app's pages, API and tests.

Calculation and stored inventories live in ``inventories``, the permission helpers in ``access``, data
entry in ``entry``; other apps read through ``accounting.facts``. ``report_inputs`` and
``emission_trend`` are service-to-service (disclosure checks its own gate); everything else takes the
acting ``user`` and checks the accounting gate first.
"""

from __future__ import annotations

from tanxin.accounting.access import can_edit, require_edit, require_view
from tanxin.accounting.entry import (
    STATISTICS_FIELDS,
    clean_line_data,
    create_source,
    delete_line,
    parse_period,
    save_line,
    set_statistics,
    subject_choices,
    update_source,
    validate_line,
)
from tanxin.accounting.inventories import (
    MAX_YEAR,
    MIN_YEAR,
    bulk_calculation,
    compute,
    emission_trend,
    recompute,
    recompute_all,
    report_inputs,
    restatement_proposals,
)

__all__ = [
    "MAX_YEAR", "MIN_YEAR", "STATISTICS_FIELDS", "bulk_calculation", "can_edit", "clean_line_data", "compute",
    "create_source", "delete_line", "emission_trend", "parse_period", "recompute", "recompute_all", "report_inputs",
    "require_edit", "require_view", "restatement_proposals", "save_line", "set_statistics", "subject_choices",
    "update_source", "validate_line",
]
