"""The cockpit in the browser: the bureau opens its district's year in Chinese (no English on the page, charts
drawn at a visible size), follows a figure to its records, and reads the same page in English."""

from __future__ import annotations

import re

import pytest
from django.utils import timezone

from tests.disclosure.support import drive
from tests.e2e.conftest import screenshot, sign_in
from tests.lending.loans_support import live_loan, on

pytestmark = pytest.mark.e2e
ALLOWED_LATIN = {"PDF", "Excel"}


@pytest.fixture
def chain_world(e2e_world):
    from django.core.cache import cache

    cache.clear()  # no cockpit computed by an earlier test
    lw = on(e2e_world)
    world = lw.world
    loan = live_loan(lw, amount_fen=2_000_000_00, quantity_t=150_000)
    drive(world, "published", year=timezone.localdate().year - 1, total=52_772_000)
    return world, loan


def latin_words(text: str) -> set[str]:
    return set(re.findall(r"[A-Za-z]{3,}", text)) - ALLOWED_LATIN


def test_the_bureau_reads_its_district_cockpit_in_chinese_and_english(page, chain_world):
    _world, loan = chain_world
    year = timezone.localdate().year
    sign_in(page, "bureau_officer")
    page.goto("/cockpit/")
    page.wait_for_selector("[data-testid=section-loans]")
    page.goto(f"/cockpit/440305/{year}/")
    main = page.locator("main")
    text = main.inner_text()
    assert "碳排放配额质押贷款" in text and "驾驶舱" in page.title()
    assert "200.00 万元" in text  # the 2 M CNY loan, said as Chinese readers say it
    assert not latin_words(text), latin_words(text)  # no English on the Chinese page
    page.wait_for_selector("[data-chart=zones] svg")
    assert page.locator("[data-chart=zones]").bounding_box()["height"] > 150
    screenshot(page, "cockpit-zh")

    page.click("[data-figure='loans.live']")
    page.wait_for_url("**/lending/**")
    assert loan.ref in page.locator("main").inner_text()  # the figure leads to the records behind it

    page.goto(f"/cockpit/440305/{year - 1}/")
    assert "已公开披露" in page.locator("main").inner_text()
    page.click("button[data-lang=en]")
    page.goto(f"/cockpit/440305/{year}/")
    english = page.locator("main").inner_text()
    assert "Carbon-allowance pledge loans" in english and "2.00 million CNY" in english
    assert not any("\u4e00" <= ch <= "\u9fff" for ch in page.locator("h1").inner_text().replace("南山区", ""))
    screenshot(page, "cockpit-en")
