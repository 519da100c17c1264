"""Accounting pages: who sees what (permission matrix per page), forms, Excel import, both languages."""

from __future__ import annotations

import io

import pytest
from openpyxl import Workbook

from tanxin.accounting.models import ActivityLine, EvidenceFile
from tests.accounting.factories import standard_ledger
from tests.personas import check_matrix

pytestmark = pytest.mark.django_db
READERS_OF_A = {"bureau_admin", "bureau_officer", "enterprise_a", "bank_with_consent"}
SIGNED_IN = {"bureau_admin", "bureau_officer", "enterprise_a", "enterprise_b", "bank_with_consent",
             "bank_without_consent", "verifier_assigned", "verifier_other", "expert"}  # fmt: skip


@pytest.fixture
def ledger(world):
    sources = standard_ledger(world)
    line = sources["boiler"].lines.order_by("month").first()
    return {"sources": sources, "line": line, "e": world.orgs["enterprise_a"].pk}


def test_enterprise_a_pages_follow_the_gate(world, ledger):
    e, line, source = ledger["e"], ledger["line"], ledger["sources"]["boiler"]
    for url in (f"/accounting/e/{e}/", f"/accounting/e/{e}/inventory/2024/", f"/accounting/sources/{source.pk}/",
                f"/accounting/lines/{line.pk}/explain/", f"/accounting/lines/{line.pk}/evidence/"):
        check_matrix(world, url, READERS_OF_A, secret="Gas boiler")


def test_only_the_enterprise_reaches_its_entry_pages(world, ledger):
    e, line = ledger["e"], ledger["line"]
    for url in (f"/accounting/e/{e}/sources/new/", f"/accounting/e/{e}/import/",
                f"/accounting/e/{e}/import/template.xlsx", f"/accounting/e/{e}/statistics/2024/",
                f"/accounting/lines/{line.pk}/edit/"):
        check_matrix(world, url, {"enterprise_a"})


def test_factor_library_is_for_signed_in_users_and_changed_by_the_bureau(world):
    check_matrix(world, "/accounting/factors/", SIGNED_IN)
    check_matrix(world, "/accounting/gwp/", SIGNED_IN)
    check_matrix(world, "/accounting/factors/new/", {"bureau_admin", "bureau_officer"})


def test_the_accounting_index_lists_only_visible_enterprises(world, ledger):
    body = world.client("bank_with_consent").get("/accounting/").content.decode()
    assert "Alpha Secret Co" in body or "甲企业" in body
    assert "乙企业" not in body
    assert world.client("enterprise_a").get("/accounting/").status_code == 302
    assert world.client("verifier_assigned").get("/accounting/").status_code == 403


def test_values_tagged_m_are_labelled_to_be_confirmed_in_both_languages(world):
    # The kgce calorific value and the steam table are tagged M (recalled, not confirmed) in data/accounting.
    client = world.client("bureau_officer")
    assert "待确认" in client.get("/accounting/gwp/").content.decode()
    client.cookies["tanxin_language"] = "en"
    assert "to be confirmed" in client.get("/accounting/gwp/").content.decode()
    page = world.client("enterprise_a").get("/accounting/factors/?family=grid_ets").content.decode()
    assert "grid.cn.ets_compliance.2022" in page


def test_the_line_form_saves_and_shows_field_errors(world, ledger):
    client = world.client("enterprise_a")
    source = ledger["sources"]["vehicles"]
    url = f"/accounting/sources/{source.pk}/"
    bad = client.post(url, {"year": 2025, "month": "1", "kind": "fuel", "quantity": "3", "unit": "MWh"})
    assert bad.status_code == 400
    assert b"field-error" in bad.content
    assert not ActivityLine.objects.filter(source=source, year=2025).exists()
    ok = client.post(url, {"year": 2025, "month": "1", "kind": "fuel", "quantity": "3", "unit": "t"})
    assert ok.status_code == 302
    assert ActivityLine.objects.filter(source=source, year=2025).count() == 1


def test_measured_ncv_with_a_lab_report_upload(world, ledger):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = world.client("enterprise_a")
    source = ledger["sources"]["vehicles"]
    data = {"year": 2025, "month": "2", "kind": "fuel", "quantity": "3", "unit": "t", "measured_ncv": "43.1"}
    refused = client.post(f"/accounting/sources/{source.pk}/", data)
    assert refused.status_code == 400
    fake = client.post(f"/accounting/sources/{source.pk}/",
                       {**data, "lab_report": SimpleUploadedFile("lab.pdf", b"GIF89a")})  # fmt: skip
    assert fake.status_code == 400
    real = client.post(f"/accounting/sources/{source.pk}/",
                       {**data, "lab_report": SimpleUploadedFile("lab.pdf", b"%PDF-1.7\n%%EOF")})  # fmt: skip
    assert real.status_code == 302
    line = ActivityLine.objects.get(source=source, year=2025, month=2)
    assert line.lab_report.purpose == EvidenceFile.Purpose.LAB_REPORT


def _workbook(rows):
    from tanxin.accounting.excel import COLUMNS

    wb = Workbook()
    ws = wb.active
    ws.append(list(COLUMNS))
    for row in rows:
        ws.append([row.get(k) for k in COLUMNS])
    buffer = io.BytesIO()
    wb.save(buffer)
    buffer.seek(0)
    buffer.name = "lines.xlsx"
    return buffer


def test_excel_import_is_all_or_nothing_with_a_row_report(world, ledger):
    client = world.client("enterprise_a")
    url = f"/accounting/e/{ledger['e']}/import/"
    rows = [{"source": "Diesel trucks", "year": 2025, "month": m, "quantity": 2, "unit": "t"} for m in range(1, 4)]
    bad = [*rows, {"source": "Diesel trucks", "year": 2025, "month": 3, "quantity": 2, "unit": "t"},
           {"source": "Grid supply", "year": 2025, "month": 1, "quantity": 5, "unit": "t"},
           {"source": "Nope", "year": 2025, "month": 1, "quantity": 5, "unit": "t"}]  # fmt: skip
    response = client.post(url, {"file": _workbook(bad)})
    assert response.status_code == 400
    assert response.content.count(b"<tr><td>") >= 3
    assert not ActivityLine.objects.filter(year=2025).exists()
    response = client.post(url, {"file": _workbook(rows)})
    assert response.status_code == 302
    assert ActivityLine.objects.filter(year=2025).count() == 3


def test_a_file_that_is_not_a_workbook_is_refused(world, ledger):
    client = world.client("enterprise_a")
    fake = io.BytesIO(b"%PDF-1.4 not excel")
    fake.name = "lines.xlsx"
    response = client.post(f"/accounting/e/{ledger['e']}/import/", {"file": fake})
    assert response.status_code == 400


@pytest.mark.parametrize(("lang", "text"), [("en", "Explain this number"), ("zh-hans", "解释这个数字")])
def test_inventory_page_in_both_languages(world, ledger, lang, text):
    client = world.client("bureau_officer")
    client.cookies["tanxin_language"] = lang
    body = client.get(f"/accounting/e/{ledger['e']}/inventory/2024/").content.decode()
    assert text in body
    assert "inventory-chart-data" in body
    assert "<script>" not in body  # CSP: no inline scripts


def test_the_explain_trace_reads_in_chinese(world, ledger):
    client = world.client("enterprise_a")
    client.cookies["tanxin_language"] = "zh-hans"
    body = client.get(f"/accounting/lines/{ledger['line'].pk}/explain/").content.decode()
    assert "低位发热量" in body and "活动数据" in body
    client.cookies["tanxin_language"] = "en"
    assert "net calorific value" in client.get(f"/accounting/lines/{ledger['line'].pk}/explain/").content.decode()


def test_a_source_is_renamed_but_its_type_is_fixed_once_it_has_data(world, ledger):
    client = world.client("enterprise_a")
    source = ledger["sources"]["boiler"]
    url = f"/accounting/sources/{source.pk}/edit/"
    check_matrix(world, url, {"enterprise_a"})
    base = {"name": "Boiler No. 1", "source_type": "fuel_combustion", "category": "boiler", "subject": "NATURAL_GAS",
            "facility": "Plant 1", "active": "on"}  # fmt: skip
    assert client.post(url, base).status_code == 302
    source.refresh_from_db()
    assert source.name == "Boiler No. 1"
    refused = client.post(url, {**base, "subject": "DIESEL"})
    assert refused.status_code == 200 and b"field-error" in refused.content
    source.refresh_from_db()
    assert source.subject == "NATURAL_GAS"


def test_the_inventory_downloads_as_a_workbook_for_its_readers(world, ledger):
    from openpyxl import load_workbook

    url = f"/accounting/e/{ledger['e']}/inventory/2024.xlsx"
    check_matrix(world, url, READERS_OF_A)
    response = world.client("bank_with_consent").get(url)
    wb = load_workbook(io.BytesIO(response.content))
    assert len(wb.worksheets) == 3
    assert wb.worksheets[1].max_row == 1 + 37
    header, first = list(wb.worksheets[1].iter_rows(min_row=1, max_row=2, values_only=True))
    assert all("tCO2e" in str(h) for h in header[5:8])  # tonnes, as on the page
    assert isinstance(first[3], int | float)  # the quantity is a number, not the text it was typed as
    assert all(isinstance(v, int | float) for v in first[5:8])


def test_constants_tagged_m_are_shown_as_to_be_confirmed(world):
    client = world.client("enterprise_a")
    client.cookies["tanxin_language"] = "en"
    body = client.get("/accounting/gwp/").content.decode()
    assert "energy.kgce" in body and "IAPWS" in body
    assert body.count("to be confirmed") >= 2  # the kgce value and the steam table are M


def test_the_gwp_page_shows_each_table_once_under_a_plain_title(world):
    client = world.client("enterprise_a")
    body = client.get("/accounting/gwp/").content.decode()
    assert "<title>全球变暖潜势 · " in body  # the page title is the title, nothing else
    for table in ("gwp", "parameters", "blends", "steam"):
        assert body.count(f'data-testid="{table}"') == 1, table
