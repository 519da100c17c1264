"""Matchmaking in the browser, in Chinese: an enterprise posts a financing request, sees its ranked products
with their reasons, and the bank it chose grabs it from its list and answers; then in English."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import screenshot, sign_in
from tests.matchmaking.builders import market

pytestmark = pytest.mark.e2e


def test_an_enterprise_posts_a_request_and_a_bank_grabs_it(page, e2e_world, live_server):
    world = e2e_world
    market(world)
    sign_in(page, "enterprise_a")
    page.goto("/matchmaking/requests/new/")
    assert "新建融资需求" in page.locator("main").inner_text()
    page.fill("input[name=amount_yuan]", "30000000")
    page.fill("input[name=term_months]", "12")
    page.fill("input[name=purpose]", "余热回收改造")
    page.select_option("select[name=green_category]", "energy_retrofit")
    page.fill("input[name=green_description]", "空压机余热回收")
    page.check("input[name=collateral][value=allowances]")
    page.check(f"input[name=banks][value='{world.orgs['bank_with_consent'].pk}']")
    page.click("main button[type=submit]")
    page.wait_for_selector("[data-testid=matches]")
    text = page.locator("main").inner_text()
    assert "已发布" in text or "融资需求 RZ" in text
    assert "碳配额质押贷" in page.locator("[data-testid=matches]").inner_text()
    assert "贴息后" in page.locator("[data-testid=matches]").inner_text()  # the reason shows the net rate
    ref = page.locator("h1").inner_text().split()[-1]
    screenshot(page, "matchmaking-request-zh")

    page.context.clear_cookies()
    sign_in(page, "bank_with_consent")
    page.goto("/matchmaking/")
    assert ref in page.locator("[data-testid=requests]").inner_text()
    page.click(f"text={ref}")
    page.click("[data-testid=accept]")
    page.wait_for_selector("text=贵行答复")
    assert "对接中" in page.locator("[data-testid=addressees]").inner_text()
    page.select_option("select[name=decision]", "approve")
    page.fill("input[name=amount_yuan]", "20000000")
    page.fill("input[name=rate_percent]", "3.85")
    page.fill("input[name=term_months]", "12")
    page.click("text=提交答复")
    page.wait_for_selector("text=答复已记录")
    assert "授信已批准" in page.locator("[data-testid=request-status]").inner_text()
    assert "银行已受理" in page.locator("[data-testid=timeline]").inner_text()
    screenshot(page, "matchmaking-bank-zh")

    page.click("button[data-lang=en]")
    page.goto("/matchmaking/catalogue/")
    assert "Green financial products" in page.locator("main").inner_text()
    assert not any("\u4e00" <= ch <= "\u9fff" for ch in page.locator("h1").inner_text())
