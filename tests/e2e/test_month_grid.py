"""An enterprise pastes a column of monthly figures from a spreadsheet into the twelve-month grid and saves."""

from __future__ import annotations

import pytest

from tanxin.accounting.models import ActivityLine
from tests.accounting.factories import standard_ledger
from tests.e2e.conftest import screenshot, sign_in

pytestmark = pytest.mark.e2e

PASTE = """(text) => {
  const data = new DataTransfer();
  data.setData('text/plain', text);
  const first = document.querySelector('input[data-month="1"]');
  first.focus();
  first.dispatchEvent(new ClipboardEvent('paste', {clipboardData: data, bubbles: true, cancelable: true}));
}"""


def test_a_pasted_column_fills_the_months_and_saves_all_of_them(page, e2e_world):
    sources = standard_ledger(e2e_world)
    meter = next(s for s in sources.values() if s.source_type == "electricity")
    sign_in(page, "enterprise_a")
    page.goto(f"/accounting/sources/{meter.pk}/")
    page.click("[data-testid=months-link]")
    page.fill("input[name=year]", "2026")
    with page.expect_navigation():
        page.locator("input[name=year]").press("Tab")  # another year reloads the grid with that year's months
    page.select_option("select[name=unit]", "MWh")
    page.evaluate(PASTE, "1,200\n1,150.5\n\n980\n")
    assert page.input_value('input[data-month="2"]') == "1150.5"  # thousands separators dropped
    assert page.input_value('input[data-month="3"]') == ""
    screenshot(page, "accounting-month-grid-zh")
    page.click("[data-testid=month-grid] button[type=submit]")
    page.wait_for_selector(".messages")
    saved = sorted((line.month, line.data["quantity"]) for line in ActivityLine.objects.filter(source=meter, year=2026))
    assert saved == [(1, "1200"), (2, "1150.5"), (4, "980")]
