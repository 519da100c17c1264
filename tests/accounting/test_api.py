"""Accounting API: data entry, bad input (4xx, field errors, nothing partial), evidence, factor library."""

from __future__ import annotations

import io

import pytest
from openpyxl import Workbook

from tanxin.accounting.models import ActivityLine, EvidenceFile, FactorRecord, Inventory
from tests.accounting.factories import standard_ledger

pytestmark = pytest.mark.django_db
API = "/api/v1/accounting"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def _source(world, **extra):
    body = {"name": "Diesel trucks", "source_type": "fuel_combustion", "category": "vehicle", "subject": "DIESEL"}
    body.update(extra)
    client = world.client("enterprise_a")
    response = client.post(f"{API}/enterprises/{world.orgs['enterprise_a'].pk}/sources", body,
                           content_type="application/json")  # fmt: skip
    assert response.status_code == 201, response.content
    return response.json()["id"]


def _post_line(world, source_id, persona="enterprise_a", lang="en", **body):
    client = world.client(persona)
    return client.post(f"{API}/sources/{source_id}/lines", body, content_type="application/json",
                       HTTP_ACCEPT_LANGUAGE=lang)  # fmt: skip


def test_a_member_enters_a_month_and_the_inventory_is_stored(world):
    source = _source(world)
    response = _post_line(world, source, "enterprise_a", year=2024, month=3, quantity="1000", unit="kg")
    assert response.status_code == 201, response.content
    assert response.json()["data"] == {"quantity": "1000"}
    inv = Inventory.objects.get(enterprise=world.orgs["enterprise_a"], year=2024)
    assert inv.total_china_kg == 3145  # 1 t diesel = 3.1451 tCO2 (golden value)


def test_units_are_converted_any_sensible_way(world):
    grid = _source(world, name="Grid", source_type="electricity", subject="")
    for month, (qty, unit) in enumerate([("1", "MWh"), ("1000", "kWh"), ("0.1", "万kWh"), ("1000", "度")], start=1):
        assert _post_line(world, grid, year=2024, month=month, quantity=qty, unit=unit).status_code == 201
    results = Inventory.objects.get(enterprise=world.orgs["enterprise_a"], year=2024).line_results
    assert len({tuple(v) for v in results.values()}) == 1


@pytest.mark.parametrize(("body", "field", "code"), [
    ({"quantity": "-5", "unit": "t"}, "quantity", "negative_quantity"),
    ({"quantity": "5", "unit": "furlong"}, "unit", "unknown_unit"),
    ({"quantity": "5", "unit": "MWh"}, "unit", "dimension_mismatch"),
    ({"quantity": "5", "unit": "L"}, "density_kg_per_l", "density_required"),
    ({"quantity": "5", "unit": "t", "period": "2023-04"}, "period", "period_outside_year"),
    ({"quantity": "5", "unit": "t", "month": 13}, "month", "invalid_period"),
    ({"quantity": "1e12", "unit": "t"}, "quantity", "absurd_quantity"),
    ({"quantity": "5", "unit": "t", "measured_ncv": "42"}, "lab_report", "lab_report_required"),
    ({"unit": "t"}, "quantity", "missing_field"),
])  # fmt: skip
def test_bad_lines_are_refused_with_a_field_error_and_nothing_saved(world, body, field, code):
    source = _source(world)
    response = _post_line(world, source, year=2024, month=body.pop("month", 4), **body)
    assert response.status_code == 400, response.content
    error = response.json()
    assert error["code"] == code
    assert field in error["details"], error
    assert not ActivityLine.objects.exists()
    assert not Inventory.objects.exists()


def test_a_dimension_error_is_translated(world):
    source = _source(world)
    response = _post_line(world, source, lang="zh-hans", year=2024, month=1, quantity="5", unit="MWh")
    assert response.status_code == 400
    assert "无法" in response.json()["message"]


def test_a_duplicate_month_is_a_conflict(world):
    source = _source(world)
    assert _post_line(world, source, year=2024, month=5, quantity="1", unit="t").status_code == 201
    response = _post_line(world, source, year=2024, month=5, quantity="2", unit="t")
    assert response.status_code == 409
    assert response.json()["code"] == "duplicate_period"
    assert ActivityLine.objects.count() == 1
    annual = _post_line(world, source, year=2024, quantity="2", unit="t")
    assert annual.status_code == 409 and annual.json()["code"] == "annual_and_monthly"


def test_wrong_kind_for_source_is_refused(world):
    source = _source(world)
    response = _post_line(world, source, kind="electricity", year=2024, month=1, quantity="1", unit="MWh")
    assert response.status_code == 400 and "kind" in response.json()["details"]


def test_others_cannot_write_to_enterprise_a(world):
    source = _source(world)
    for persona in ("enterprise_b", "bank_with_consent", "bureau_officer", "verifier_assigned"):
        response = _post_line(world, source, persona, year=2024, month=1, quantity="1", unit="t")
        assert response.status_code in (403, 404), persona
    assert not ActivityLine.objects.exists()


def test_explain_shows_the_trace_with_factor_sources(world):
    source = _source(world)
    line = _post_line(world, source, year=2024, month=1, quantity="1", unit="t").json()["id"]
    body = world.client("bureau_officer").get(f"{API}/lines/{line}/explain").json()
    china = next(r for r in body["results"] if r["view"] == "china_regulatory")
    sources = [i["source"] for s in china["steps"] for i in s["inputs"]]
    assert any("fuel.diesel.ncv" in s for s in sources)
    assert world.client("enterprise_b").get(f"{API}/lines/{line}/explain").status_code == 404


class TestEvidence:
    def _line(self, world):
        source = _source(world)
        return _post_line(world, source, year=2024, month=1, quantity="1", unit="t").json()["id"]

    def _upload(self, world, line, name, data, persona="enterprise_a"):
        return world.client(persona).post(f"{API}/lines/{line}/evidence", {"file": _file(name, data)})

    def test_a_pdf_is_stored_under_its_sha256(self, world):
        line = self._line(world)
        response = self._upload(world, line, "invoice.pdf", PDF)
        assert response.status_code == 201, response.content
        import hashlib

        assert response.json()["sha256"] == hashlib.sha256(PDF).hexdigest()
        again = self._upload(world, line, "copy.pdf", PDF)
        assert again.status_code == 201
        names = set(EvidenceFile.objects.values_list("storage_name", flat=True))
        assert len(names) == 1 and hashlib.sha256(PDF).hexdigest() in names.pop()

    @pytest.mark.parametrize(("name", "data"), [
        ("meter.pdf", PNG),  # a PNG pretending to be a PDF
        ("report.xlsx", b"PK\x03\x04not really a zip"),
        ("script.exe", b"MZ\x90\x00"),
        ("empty.pdf", b""),
    ])  # fmt: skip
    def test_an_upload_that_is_not_what_it_claims_is_refused(self, world, name, data):
        line = self._line(world)
        response = self._upload(world, line, name, data)
        assert response.status_code == 400
        assert "file" in response.json()["details"]
        assert not EvidenceFile.objects.exists()

    def test_a_real_xlsx_and_png_are_accepted(self, world):
        line = self._line(world)
        buffer = io.BytesIO()
        Workbook().save(buffer)
        assert self._upload(world, line, "meter.png", PNG).status_code == 201
        assert self._upload(world, line, "ledger.xlsx", buffer.getvalue()).status_code == 201

    def test_only_the_enterprise_uploads(self, world):
        line = self._line(world)
        assert self._upload(world, line, "x.pdf", PDF, "bank_with_consent").status_code in (403, 404)
        assert self._upload(world, line, "x.pdf", PDF, "enterprise_b").status_code == 404


def _file(name, data):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, data)


class TestFactorLibrary:
    def _body(self, **extra):
        body = {"factor_id": "grid.cn.national.2024", "family": "grid_average", "subject": "CN", "year": 2024,
                "value": "0.5100", "unit": "tCO2/MWh", "publisher": "MEE/NBS", "source_ref": "announcement 2026",
                "confidence": "V", "name_zh": "全国电网平均", "name_en": "China national average"}
        body.update(extra)
        return body

    def test_bureau_adds_a_new_year_and_new_calculations_use_it(self, world):
        response = world.client("bureau_officer").post(f"{API}/factors", self._body(), content_type="application/json")
        assert response.status_code == 201, response.content
        from tanxin.accounting.reference import current_snapshot

        assert current_snapshot().select("grid_average", "CN", 2024).factor.id == "grid.cn.national.2024"

    def test_enterprises_and_banks_cannot_change_the_library(self, world):
        for persona in ("enterprise_a", "bank_with_consent", "expert"):
            response = world.client(persona).post(f"{API}/factors", self._body(), content_type="application/json")
            assert response.status_code == 403, persona
        assert world.client("anonymous").get(f"{API}/factors").status_code == 401

    def test_a_correction_supersedes_and_never_overwrites(self, world):
        old = FactorRecord.objects.get(factor_id="fuel.diesel.ncv")
        response = world.client("bureau_admin").post(
            f"{API}/factors/{old.pk}/supersede", {"factor_id": "fuel.diesel.ncv.r1", "value": "43.30",
                                                  "reason": "typo in transcription"},
            content_type="application/json")  # fmt: skip
        assert response.status_code == 201, response.content
        old.refresh_from_db()
        assert old.value == "43.33" and old.superseded_by.factor_id == "fuel.diesel.ncv.r1"
        listed = world.client("enterprise_a").get(f"{API}/factors?q=diesel").json()["items"]
        assert {f["factor_id"] for f in listed} >= {"fuel.diesel.ncv.r1"}
        assert "fuel.diesel.ncv" not in {f["factor_id"] for f in listed}
        again = world.client("bureau_admin").post(
            f"{API}/factors/{old.pk}/supersede", {"factor_id": "x.y.z", "value": "1", "reason": "again"},
            content_type="application/json")  # fmt: skip
        assert again.status_code == 409

    def test_a_second_value_for_the_same_year_is_refused(self, world):
        body = self._body(factor_id="grid.cn.national.2023b", year=2023)
        response = world.client("bureau_officer").post(f"{API}/factors", body, content_type="application/json")
        assert response.status_code == 409

    def test_bad_factor_input_is_a_field_error(self, world):
        body = self._body(unit="kgCO2/kWh")
        response = world.client("bureau_officer").post(f"{API}/factors", body, content_type="application/json")
        assert response.status_code == 400 and "unit" in response.json()["details"]


def test_inventory_endpoint_follows_the_gate(world):
    standard_ledger(world)
    url = f"{API}/enterprises/{world.orgs['enterprise_a'].pk}/inventory/2024"
    from tests.personas import check_matrix

    check_matrix(world, url, {"bureau_admin", "bureau_officer", "enterprise_a", "bank_with_consent"}, api=True,
                 secret="Gas boiler")  # fmt: skip


def test_activity_lines_come_a_page_at_a_time_and_sync_with_updated_since(world):
    from urllib.parse import quote

    from django.utils import timezone

    source = _source(world)
    for month in (1, 2):
        assert _post_line(world, source, year=2024, month=month, quantity="1", unit="t").status_code == 201
    since = timezone.now()
    late = _post_line(world, source, year=2024, month=3, quantity="2", unit="t").json()["id"]
    url = f"{API}/enterprises/{world.orgs['enterprise_a'].pk}/lines"
    client = world.client("enterprise_a")
    page = client.get(f"{url}?year=2024&limit=2&offset=1").json()
    assert page["count"] == 3 and page["limit"] == 2 and [ln["month"] for ln in page["items"]] == [2, 3]
    synced = client.get(f"{url}?updated_since={quote(since.isoformat())}").json()
    assert [ln["id"] for ln in synced["items"]] == [late] and synced["count"] == 1
    assert world.client("enterprise_b").get(f"{url}?updated_since={quote(since.isoformat())}").status_code == 404
