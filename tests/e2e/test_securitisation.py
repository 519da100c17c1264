"""Carbon ABS in the browser: the arranging guarantor opens its deal, runs a base case, sees the tranche
balances drawn and reads the distribution report (收益分配报告) in Chinese."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import screenshot, sign_in
from tests.lending.loans_support import live_loan, on
from tests.securitisation.support import arrange

pytestmark = pytest.mark.e2e


@pytest.fixture
def deal_world(e2e_world):
    lw = on(e2e_world)
    return arrange(lw, live_loan(lw), runs=False)


def test_the_guarantor_runs_a_base_case_and_reads_the_distribution_report_in_chinese(page, deal_world, live_server):
    sign_in(page, "guarantor")
    page.goto("/securitisation/")
    page.click("text=测试专项计划（机密）")
    page.wait_for_selector("[data-testid=pool]")
    text = page.locator("main").inner_text()
    assert "资产池" in text and "交易结构" in text and "区级融资成本补贴" in text
    page.click("text=运行基准情景")
    page.wait_for_selector("[data-testid=measures]")
    assert "加权平均期限" in page.locator("main").inner_text()
    page.wait_for_selector("#abs-chart canvas")
    assert page.locator("#abs-chart canvas").first.bounding_box()["height"] > 100
    screenshot(page, "abs-base-zh")
    page.click("text=返回项目")
    page.click("[data-testid=distribution-link]")
    page.wait_for_selector("[data-testid=report-tranches]")
    report = page.locator("main").inner_text()
    assert "收益分配报告" in report and "证券收益分配" in report and "兑付日" in report
    assert "Distribution report" not in report
    screenshot(page, "abs-report-zh")
