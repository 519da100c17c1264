"""The cockpit per jurisdiction and year: who may open it, what it shows, and that it never shows another
district's figures or zeros for a year without records."""

from __future__ import annotations

import io

import pytest
from django.db.models import Sum
from openpyxl import load_workbook

from tanxin.common.identifiers import make_uscc
from tanxin.disclosure.models import ReportVersion
from tanxin.lending.models import Loan
from tanxin.orgs.models import Organisation
from tests.cockpit.conftest import FUTIAN, NANSHAN, SHENZHEN
from tests.personas import OTHER_BUREAU, check_aggregate_for_outsider, check_matrix

pytestmark = pytest.mark.django_db
STAFF = ["bureau_admin", "bureau_officer", "superuser"]
NOT_FOUND_ZH = "页面不存在"


def figures(body: dict) -> dict[str, int | None]:
    return {f"{s['key']}.{f['key']}": f["exact"] for s in body["sections"] for f in s["figures"]}


def test_only_bureau_staff_of_the_district_or_above_open_its_cockpit(chain):
    url = f"/cockpit/{NANSHAN}/{chain.last_year}/"
    check_matrix(chain.world, url, allowed=STAFF, secret="200.00")
    check_matrix(chain.world, f"/api/v1/cockpit/{NANSHAN}/{chain.last_year}", allowed=STAFF, api=True)
    check_matrix(chain.world, f"/cockpit/{NANSHAN}/{chain.this_year}/report.xlsx", allowed=STAFF)
    check_matrix(chain.world, f"/cockpit/{NANSHAN}/{chain.this_year}/report.pdf", allowed=STAFF)
    check_matrix(chain.world, "/cockpit/", allowed=STAFF, ok_status=(302,))
    # The Nanshan bureau is not staff of the city above it.
    assert chain.world.client("bureau_officer").get(f"/cockpit/{SHENZHEN}/{chain.last_year}/").status_code == 404


def test_the_start_page_takes_staff_to_their_own_district_last_year(chain):
    response = chain.world.client("bureau_officer").get("/cockpit/")
    assert response.status_code == 302 and response["Location"] == f"/cockpit/{NANSHAN}/{chain.last_year}/"
    assert chain.world.client("enterprise_a").get("/cockpit/").status_code == 404


def test_a_district_officer_never_sees_another_districts_figures(chain):
    outsider = chain.world.client(OTHER_BUREAU)
    assert outsider.get(f"/cockpit/{NANSHAN}/{chain.this_year}/").status_code == 404
    assert outsider.get(f"/api/v1/cockpit/{NANSHAN}/{chain.this_year}").status_code == 404
    secrets = [chain.loan.ref, "200.00", "2.00 million", chain.world.orgs["enterprise_a"].name_zh]
    body = check_aggregate_for_outsider(chain.world, f"/api/v1/cockpit/{FUTIAN}/{chain.this_year}", secrets, api=True)
    assert b'"has_data": false' in body or b'"has_data":false' in body
    check_aggregate_for_outsider(chain.world, f"/cockpit/{FUTIAN}/{chain.this_year}/", secrets)


def test_the_cockpit_figures_equal_the_records(chain):
    client = chain.world.client("bureau_officer")
    last = figures(client.get(f"/api/v1/cockpit/{NANSHAN}/{chain.last_year}").json())
    published = (ReportVersion.objects.filter(state="published", report__year=chain.last_year,
                                              report__enterprise__jurisdiction__code=NANSHAN)
                 .values("report__enterprise_id").distinct().count())  # fmt: skip
    enterprises = Organisation.objects.filter(kind="enterprise", jurisdiction__code=NANSHAN).count()
    assert last["disclosure.published"] == published == 1
    assert last["disclosure.emissions"] == 52_771  # the published verified figure, 52,771,433 kg, in whole t
    assert last["disclosure.enterprises"] == enterprises
    assert last["compliance.with_obligation"] == 1
    now = figures(client.get(f"/api/v1/cockpit/{NANSHAN}/{chain.this_year}").json())
    live = Loan.objects.filter(state="live", enterprise__jurisdiction__code=NANSHAN)
    assert now["loans.live"] == live.count() == 1
    assert now["loans.principal"] == live.aggregate(s=Sum("principal_fen"))["s"]
    assert now["loans.year_amount"] == 2_000_000_00


def test_unknown_jurisdiction_or_year_is_not_found_in_the_readers_language(chain):
    client = chain.world.client("bureau_officer")
    for url in ("/cockpit/999999/2025/", f"/cockpit/{NANSHAN}/1999/", f"/cockpit/{NANSHAN}/{chain.this_year + 1}/"):
        response = client.get(url)
        assert response.status_code == 404 and NOT_FOUND_ZH in response.content.decode()
    api = client.get(f"/api/v1/cockpit/{NANSHAN}/1999")
    assert api.status_code == 422
    missing = client.get("/api/v1/cockpit/999999/2025", HTTP_ACCEPT_LANGUAGE="en")
    assert missing.status_code == 404 and missing.json()["message"] == "Not found."


def test_a_year_without_records_says_so_instead_of_printing_zeros(chain):
    client = chain.world.client("bureau_officer")
    html = client.get(f"/cockpit/{NANSHAN}/2010/").content.decode()
    assert 'data-testid="no-data"' in html and 'data-figure=' not in html
    body = client.get(f"/api/v1/cockpit/{NANSHAN}/2010").json()
    assert body["has_data"] is False and all(s["figures"] == [] for s in body["sections"])
    assert body["headlines"] == []


def test_the_city_cockpit_drills_down_to_its_districts(chain):
    from tanxin.orgs.models import Membership, User

    city = Organisation.objects.create(kind="bureau", name_zh="深圳市生态环境局", uscc=make_uscc("91", SHENZHEN,
                                       "MB2C0009"), jurisdiction=chain.world.jurisdictions[SHENZHEN])  # fmt: skip
    user = User.objects.create_user("city_officer", password="x" * 12)
    Membership.objects.create(user=user, organisation=city, role="officer")
    client = chain.world.client("bureau_officer")
    client.force_login(user)
    body = client.get(f"/api/v1/cockpit/{SHENZHEN}/{chain.this_year}").json()
    codes = {c["code"] for c in body["children"]}
    assert {NANSHAN, FUTIAN} <= codes
    assert figures(body)["loans.live"] == 1  # the city's figures include its districts'
    html = client.get(f"/cockpit/{SHENZHEN}/{chain.this_year}/").content.decode()
    assert f"/cockpit/{NANSHAN}/{chain.this_year}/" in html


def test_the_annual_report_workbook_holds_the_records_numbers_and_their_sources(chain):
    client = chain.world.client("bureau_officer")
    response = client.get(f"/cockpit/{NANSHAN}/{chain.this_year}/report.xlsx")
    assert response.status_code == 200
    wb = load_workbook(io.BytesIO(response.content))
    sheets = wb.sheetnames
    assert len(sheets) == 3
    rows = list(wb[sheets[1]].iter_rows(values_only=True))
    exact = {(r[1]): r[3] for r in rows[1:]}
    live = Loan.objects.filter(state="live", enterprise__jurisdiction__code=NANSHAN)
    assert live.aggregate(s=Sum("principal_fen"))["s"] in exact.values()
    sources = [r[1] for r in wb[sheets[2]].iter_rows(values_only=True)][1:]
    assert "tanxin.lending.facts.loans" in sources and "tanxin.lending.facts.portfolio_summary" in sources
    headline_rows = list(wb[sheets[0]].iter_rows(values_only=True))
    assert any("200.00" in str(r[0]) for r in headline_rows)  # 2 M CNY said as 200.00 万元


@pytest.mark.parametrize("lang", ["zh-hans", "en"])
def test_the_annual_report_pdf_is_written_in_either_language(chain, lang, tmp_path):
    import shutil
    import subprocess

    client = chain.world.client("bureau_officer")
    response = client.get(f"/cockpit/{NANSHAN}/{chain.this_year}/report.pdf?lang={lang}")
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    if shutil.which("pdftotext"):
        path = tmp_path / "r.pdf"
        path.write_bytes(response.content)
        text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True).stdout
        assert ("2.00 million CNY" in text) if lang == "en" else ("200.00" in text and "万元" in text)


def test_the_page_reuses_a_recent_computation_and_the_report_reads_afresh(chain, settings):
    from tanxin.cockpit import board
    from tanxin.orgs.models import Jurisdiction

    settings.TANXIN_COCKPIT_CACHE_SECONDS = 300
    nanshan = Jurisdiction.objects.get(code=NANSHAN)
    first = board.cockpit(nanshan, chain.this_year)
    assert board.cockpit(nanshan, chain.this_year) is not None
    assert board.cockpit(nanshan, chain.this_year).computed_at == first.computed_at
    Loan.objects.filter(pk=chain.loan.pk).update(principal_fen=1)
    assert board.cockpit(nanshan, chain.this_year).loans.live_principal_fen == first.loans.live_principal_fen
    assert board.cockpit(nanshan, chain.this_year, fresh=True).loans.live_principal_fen == 1
    html = chain.world.client("bureau_officer").get(f"/cockpit/{NANSHAN}/{chain.this_year}/").content.decode()
    assert 'data-testid="computed-at"' in html


def test_a_saved_change_to_any_record_it_reads_shows_on_the_cockpit_at_once(chain, settings):
    from tanxin.cockpit import board
    from tanxin.orgs.models import Jurisdiction

    settings.TANXIN_COCKPIT_CACHE_SECONDS = 300
    nanshan = Jurisdiction.objects.get(code=NANSHAN)
    first = board.cockpit(nanshan, chain.this_year)
    loan = Loan.objects.get(pk=chain.loan.pk)
    loan.principal_fen -= 100_000_00  # a repayment of 100,000 CNY, saved as the services save it (with history)
    loan.save()
    after = board.cockpit(nanshan, chain.this_year)
    assert after.computed_at > first.computed_at
    assert after.loans.live_principal_fen == first.loans.live_principal_fen - 100_000_00
    assert board.cockpit(nanshan, chain.this_year).computed_at == after.computed_at  # nothing else changed: reused


def test_the_cockpit_reads_a_fixed_number_of_queries_however_many_enterprises(chain):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tanxin.cockpit import board
    from tanxin.orgs.models import Jurisdiction

    nanshan = Jurisdiction.objects.get(code=NANSHAN)

    def queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            board.build(nanshan, chain.last_year)
        return len(ctx)

    before = queries()
    Organisation.objects.bulk_create([
        Organisation(kind="enterprise", name_zh=f"新增企业{i}", jurisdiction=nanshan, key_emitter=i % 2 == 0,
                     ets="shenzhen" if i % 3 == 0 else "none", uscc=make_uscc("91", NANSHAN, f"MA9C{i:04d}"))
        for i in range(40)])  # fmt: skip
    assert queries() == before
