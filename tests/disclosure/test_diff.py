from decimal import Decimal

import pytest

from tanxin.disclosure.domain.diff import diff_reports
from tanxin.disclosure.domain.errors import DisclosureInputError

OLD = {
    "totals": {"total_co2e_kg": 1000, "by_scope": {"1": 600, "2": 400}},
    "lines": [
        {"line_id": "diesel", "co2e_kg": 600, "quantity": "190.8", "unit": "t"},
        {"line_id": "grid", "co2e_kg": 400, "factor_id": "grid.cn.south.2023"},
    ],
}
NEW = {
    "totals": {"total_co2e_kg": 1100, "by_scope": {"1": 600, "2": 450, "3": 50}},
    "lines": [
        {"line_id": "diesel", "co2e_kg": 600, "quantity": "190.8", "unit": "t"},
        {"line_id": "grid", "co2e_kg": 450, "factor_id": "grid.cn.south.2024"},
        {"line_id": "contractor", "co2e_kg": 50},
    ],
}


def test_changed_totals_are_listed_with_delta_and_ratio():
    changes = {c.key: c for c in diff_reports(OLD, NEW).totals_changed}
    assert set(changes) == {"total_co2e_kg", "by_scope.2", "by_scope.3"}
    assert changes["total_co2e_kg"].delta == 100 and changes["total_co2e_kg"].ratio == Decimal("0.1")
    assert changes["by_scope.3"].old is None and changes["by_scope.3"].delta is None


def test_lines_added_removed_and_changed_are_matched_by_id():
    diff = diff_reports(OLD, NEW)
    assert [line["line_id"] for line in diff.lines_added] == ["contractor"]
    assert diff.lines_removed == ()
    [changed] = diff.lines_changed
    assert changed.line_id == "grid"
    assert changed.fields == {
        "co2e_kg": (400, 450), "factor_id": ("grid.cn.south.2023", "grid.cn.south.2024")}


def test_a_removed_line_is_reported():
    assert [line["line_id"] for line in diff_reports(NEW, OLD).lines_removed] == ["contractor"]


def test_identical_payloads_have_an_empty_diff():
    assert diff_reports(OLD, OLD).is_empty


def test_a_payload_with_repeated_line_ids_is_refused():
    with pytest.raises(DisclosureInputError):
        diff_reports({"lines": [{"line_id": "a"}, {"line_id": "a"}]}, {})
