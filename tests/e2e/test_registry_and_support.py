"""Registry and support fund in the browser: a public certificate check, holdings, and a scheme seen by an
enterprise and by the public, in both languages."""

from __future__ import annotations

import pytest

from tanxin.registry import services as registry
from tests.e2e.conftest import screenshot, sign_in
from tests.support.conftest import make_scheme

pytestmark = pytest.mark.e2e


@pytest.fixture
def cancelled(e2e_world):
    world = e2e_world
    registry.bureau_accounts(world.orgs["bureau"])
    account = registry.holding_account(world.orgs["enterprise_a"])
    admin = world.users["bureau_admin"]
    registry.issue(admin, world.orgs["bureau"].jurisdiction_id, "SZA-2024", 10_000, reason="2024 cap")
    registry.allocate(admin, account.pk, "SZA-2024", 5_000, "pre_allocation", reason="2024 pre-allocation")
    result = registry.cancel(world.users["enterprise_a"], account.pk, "SZA-2024", 120, beneficiary="深圳湾马拉松",
                             purpose="碳中和活动", key="e2e-cancel")  # fmt: skip
    return world, result["certificate_code"]


def test_anyone_checks_a_cancellation_certificate_and_the_holder_sees_its_holdings(page, cancelled):
    _world, code = cancelled
    page.goto("/registry/public/")
    page.fill("input[name=code]", code)
    page.click("form[action$='certificate/'] button[type=submit]")
    certificate = page.locator("[data-testid=certificate]")
    certificate.wait_for()
    assert code in certificate.inner_text() and "120" in certificate.inner_text()
    assert "有效" in certificate.inner_text()
    screenshot(page, "certificate-zh")
    page.click("button[data-lang=en]")
    assert "Valid certificate" in page.locator("[data-testid=certificate]").inner_text()

    page.goto("/registry/public/certificate/?code=TXC-0000-0000-0000")
    assert "No certificate with this code." in page.content()

    page.click("button[data-lang=zh-hans]")
    sign_in(page, "enterprise_a")
    page.goto("/registry/")
    text = page.locator("main").inner_text()
    assert "4,880" in text or "4880" in text  # 5,000 allocated − 120 cancelled
    screenshot(page, "holdings-zh")


def test_an_enterprise_sees_an_open_scheme_and_the_public_reads_its_criteria(page, e2e_world):
    scheme = make_scheme(e2e_world)
    sign_in(page, "enterprise_b")
    page.goto("/support/")
    assert "绿色低碳专项扶持" in page.locator("main").inner_text()
    screenshot(page, "support-enterprise-zh")
    page.goto(f"/support/public/{scheme.pk}/")
    page.click("button[data-lang=en]")
    text = page.locator("main").inner_text()
    assert "Green and low-carbon support" in text and "Carbon disclosure published and verified" in text
    screenshot(page, "support-criteria-en")
