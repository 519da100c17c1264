"""Pledge loans in the browser: the bank reads a live loan with its coverage chart and margin call, the
portfolio's price shock names the loan that breaches, the bureau reads the screening list — in both languages."""

from __future__ import annotations

import pytest

from tanxin.lending.services import margin
from tests.e2e.conftest import screenshot, sign_in
from tests.lending.loans_support import live_loan, on, set_prices

pytestmark = pytest.mark.e2e


@pytest.fixture
def loan_world(e2e_world):
    lw = on(e2e_world)
    loan = live_loan(lw, amount_fen=2_000_000_00, quantity_t=150_000)
    set_prices(last="18.00")  # 150,000 t × 18 = 2.7 M against 2 M: below the 150 % warning line
    margin.mark_all()
    return lw, loan


def test_the_bank_follows_a_loan_into_a_margin_call_and_shocks_its_portfolio(page, loan_world, live_server):
    _lw, loan = loan_world
    sign_in(page, "bank_with_consent")
    page.goto("/lending/")
    main = page.locator("main")
    assert loan.ref in main.inner_text()
    assert "2,000,000.00" in main.inner_text()  # money in yuan with fen and grouped thousands
    page.click(f"text={loan.ref}")
    page.wait_for_selector("[data-testid=calls]")
    text = page.locator("main").inner_text()
    assert "质押贷款" in text
    assert page.locator("[data-testid=calls] tbody tr").count() >= 1  # the open margin call is listed
    page.wait_for_selector("#coverage-chart canvas")  # ECharts drew the chart ...
    assert page.locator("#coverage-chart canvas").first.bounding_box()["height"] > 100  # ... at a visible size
    screenshot(page, "loan-zh")

    page.goto("/lending/portfolio/?shock=-35")
    assert "触线" in page.locator("main").inner_text()  # the shocked loan is marked as breaching
    screenshot(page, "portfolio-zh")

    page.click("button[data-lang=en]")
    page.goto(f"/lending/loans/{loan.pk}/")
    text = page.locator("main").inner_text()
    assert "Pledge loan" in text and "Coverage" in text
    assert not any("\u4e00" <= ch <= "\u9fff" for ch in page.locator("h1").inner_text())
    screenshot(page, "loan-en")


def test_the_bureau_reads_the_screening_list_and_a_card_in_both_languages(page, loan_world):
    lw, _loan = loan_world
    sign_in(page, "bureau_admin")
    page.goto("/lending/screening/")
    assert "企业筛查" in page.locator("main").inner_text()
    screenshot(page, "screening-zh")
    page.goto(f"/lending/screening/{lw.org('enterprise_a').pk}/")
    card = page.locator("main").inner_text()
    assert lw.org("enterprise_a").name_zh in card
    assert "可质押" in card
    page.click("button[data-lang=en]")
    page.goto(f"/lending/screening/{lw.org('enterprise_a').pk}/")
    assert "Pledgeable" in page.locator("main").inner_text()
    screenshot(page, "screening-card-en")
