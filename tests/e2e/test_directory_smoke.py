"""Sign in as bureau and as enterprise, switch language, browse the directory, import, hit a forbidden page."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from tanxin.common.identifiers import make_uscc
from tanxin.orgs.models import Organisation
from tests.e2e.conftest import screenshot, sign_in

pytestmark = pytest.mark.e2e


def test_bureau_signs_in_switches_language_and_browses_the_directory(page, e2e_world):
    sign_in(page, "bureau_admin")
    assert page.locator("h1").inner_text() == "管理局工作台"
    page.click("text=查询名录")
    page.wait_for_selector("[data-testid=directory]")
    assert "甲企业（机密名称A）" in page.content()
    assert "福田企业" not in page.content()  # another district
    screenshot(page, "directory-zh")

    page.click("button[data-lang=en]")
    assert page.locator("h1").inner_text() == "Directory"
    assert "Alpha Secret Co" in page.content()
    page.fill("input[name=q]", "Beta")
    page.keyboard.press("Enter")
    # CSP forbids eval, so wait with a locator assertion rather than wait_for_function.
    expect(page.locator("[data-testid=directory] tbody tr")).to_have_count(1)
    assert "Beta Secret Co" in page.locator("[data-testid=directory]").inner_text()
    screenshot(page, "directory-en")
    page.click("button[data-lang=zh-hans]")
    assert page.locator("h1").inner_text() == "名录"


def test_bureau_imports_the_template_and_sees_a_row_report_for_bad_rows(page, e2e_world, tmp_path: Path):
    sign_in(page, "bureau_officer")
    page.goto("/directory/import/")
    with page.expect_download() as download_info:
        page.click("[data-testid=template]")
    template = tmp_path / "template.xlsx"
    download_info.value.save_as(template)

    wb = load_workbook(template)
    ws = wb.worksheets[0]
    good = make_uscc("91", "440305", "ME000001")
    ws.append([good, "导入测试科技有限公司", "Import Test Co", "C39", "production", "small", "440305", "", "", "", "",
               "否", "none"])  # fmt: skip
    ws.append(["91350100M000100Y44", "坏代码公司", "", "Z99", "production", "", "440305", "", "", "", "", "", ""])
    bad_file = tmp_path / "bad.xlsx"
    wb.save(bad_file)
    page.set_input_files("input[type=file]", str(bad_file))
    page.click("main form button[type=submit]")
    report = page.locator("[data-testid=import-report]")
    report.wait_for()
    text = report.inner_text()
    assert "统一社会信用代码无效" in text and "未知的行业代码" in text
    assert not Organisation.objects.filter(uscc=good).exists()  # all or nothing
    screenshot(page, "import-report-zh")

    ws.delete_rows(3)
    good_file = tmp_path / "good.xlsx"
    wb.save(good_file)
    page.set_input_files("input[type=file]", str(good_file))
    page.click("main form button[type=submit]")
    page.wait_for_selector(".messages li")
    assert "已导入 1 家企业" in page.locator(".messages").inner_text()
    assert Organisation.objects.filter(uscc=good, name_zh="导入测试科技有限公司").exists()


def test_enterprise_signs_in_sees_its_home_and_is_refused_bureau_pages(page, e2e_world):
    sign_in(page, "enterprise_a")
    assert page.locator("h1").inner_text() == "企业工作台"
    assert "甲企业（机密名称A）" in page.content()
    response = page.goto("/directory/import/")
    assert response.status == 403
    assert "您无权查看此页面" in page.content()
    other = e2e_world.orgs["enterprise_b"]
    response = page.goto(f"/directory/{other.pk}/")
    assert response.status == 404
    assert "乙企业" not in page.content()
    screenshot(page, "forbidden-zh")


def test_bad_sign_in_shows_an_error_in_the_users_language(page, e2e_world):
    page.goto("/accounts/login/")
    page.click("button[data-lang=en]")
    page.fill("input[name=username]", "bureau_admin")
    page.fill("input[name=password]", "wrong-password")
    page.click("main button[type=submit]")
    assert "Please enter a correct" in page.content()
