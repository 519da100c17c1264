"""In Chromium: the inventory chart draws (no inline script, no console errors) and "explain this number"
opens in place, in both languages; an enterprise enters a month and sees a translated field error."""

from __future__ import annotations

import pytest

from tests.accounting.factories import standard_ledger
from tests.e2e.conftest import screenshot, sign_in

pytestmark = pytest.mark.e2e


def test_inventory_chart_and_explain_in_both_languages(page, e2e_world):
    standard_ledger(e2e_world)
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" and "Failed to load" not in m.text
            else None)  # fmt: skip
    page.on("response", lambda r: errors.append(r.url) if r.status >= 400 and "favicon" not in r.url else None)
    sign_in(page, "bureau_officer")
    page.goto(f"/accounting/e/{e2e_world.orgs['enterprise_a'].pk}/inventory/2024/")
    page.wait_for_selector("#inventory-scopes canvas")
    page.click("text=解释这个数字 >> nth=0")
    page.wait_for_selector("[data-testid=explain]")
    assert "计算过程" in page.locator("[data-testid=explain]").inner_text()
    screenshot(page, "accounting-inventory-zh")
    page.click("button[data-lang=en]")
    page.wait_for_selector("#inventory-trend canvas")
    assert "Explain this number" in page.content()
    screenshot(page, "accounting-inventory-en")
    assert errors == []  # CSP blocks nothing, every script and style loads


def test_an_enterprise_enters_a_month_and_sees_a_translated_error(page, e2e_world):
    sources = standard_ledger(e2e_world)
    sign_in(page, "enterprise_a")
    page.goto(f"/accounting/sources/{sources['vehicles'].pk}/")
    form = page.locator("[data-testid=line-form]")
    form.locator("input[name=year]").fill("2025")
    form.locator("select[name=month]").select_option("1")
    form.locator("input[name=quantity]").fill("3")
    units = form.locator("select[name=unit] option").all_inner_texts()
    assert "t（吨）" in units and not any("kWh" in u for u in units)  # a fuel is chosen in a fuel's units
    form.locator("select[name=unit]").select_option("L")
    form.locator("button[type=submit]").click()
    assert "需要填写密度（kg/L）" in page.locator(".field-error").first.inner_text()
    form = page.locator("[data-testid=line-form]")
    form.locator("select[name=unit]").select_option("t")
    form.locator("button[type=submit]").click()
    page.wait_for_selector(".messages")
    page.goto(f"/accounting/sources/{sources['vehicles'].pk}/?year=2025")
    assert page.locator("[data-testid=lines] tbody tr").count() == 1
