"""Disclosure in the browser: an enterprise submits, the bureau reviews in its overview, and the public
portal draws the trend chart under the CSP in both languages."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.disclosure.support import drive
from tests.e2e.conftest import screenshot, sign_in

pytestmark = pytest.mark.e2e


def test_enterprise_submits_and_bureau_accepts_from_the_overview(page, e2e_world):
    version = drive(e2e_world, "draft")
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    sign_in(page, "enterprise_a")
    page.goto(f"/disclosure/v/{version.pk}/")
    expect(page.locator("[data-testid=emissions]")).to_contain_text("1,234.6")
    page.click("button[data-action=submit]")
    expect(page.locator(".messages")).to_contain_text("提交")
    screenshot(page, "disclosure-submitted-zh")
    page.click("form[action='/accounts/logout/'] button")

    sign_in(page, "bureau_officer")
    page.goto("/disclosure/bureau/?year=2025")
    expect(page.locator("#review + table")).to_contain_text("甲企业（机密名称A）")
    screenshot(page, "disclosure-bureau-zh")
    page.click("#review + table a")
    page.click("button[data-action=accept]")
    expect(page.locator("[data-testid=assign]")).to_be_visible()
    assert not errors, errors


def test_public_portal_draws_the_chart_in_both_languages(page, e2e_world):
    drive(e2e_world, "published", year=2024, total=900_000)
    drive(e2e_world, "published", year=2025)
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.goto("/disclosure/public/")
    expect(page.locator("[data-testid=latest]")).to_contain_text("1 家企业")
    page.click("[data-testid=public] a")
    expect(page.locator("#trend-chart canvas")).to_have_count(1)
    screenshot(page, "disclosure-public-zh")
    page.click("button[data-lang=en]")
    expect(page.locator("h2").first).to_have_text("Emission trend")
    expect(page.locator("#trend-chart canvas")).to_have_count(1)
    screenshot(page, "disclosure-public-en")
    assert not errors, errors
