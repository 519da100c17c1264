"""The accounting routes still without a persona matrix: the desk's front page, line edits and deletions, source
changes, evidence and lab reports (enterprise A's own people), and the factor library's additions and
corrections (bureau staff). A refused write changes nothing."""

from __future__ import annotations

from itertools import count

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tanxin.accounting import library, services
from tanxin.accounting.models import ActivityLine, EmissionSource, EvidenceFile, FactorRecord
from tests.personas import check_matrix, check_write_matrix

pytestmark = pytest.mark.django_db
API = "/api/v1/accounting"
WRITERS_OF_A = ["enterprise_a", "enterprise_a_member"]
STAFF = ["bureau_admin", "bureau_officer"]
PDF = b"%PDF-1.4 electricity bill"
_n = count(1)


def test_the_accounting_desk_lists_enterprises_for_the_bureau_and_banks_and_sends_an_enterprise_home(world):
    allowed = [*STAFF, "bank_with_consent", "bank_without_consent", "enterprise_a", "enterprise_b"]
    statuses = check_matrix(world, "/accounting/", allowed, ok_status=(200, 302))
    assert [p for p in allowed if statuses[p] == 200] == [*STAFF, "bank_with_consent", "bank_without_consent"]
    home = world.client("enterprise_b").get("/accounting/")
    assert home["Location"] == f"/accounting/e/{world.orgs['enterprise_b'].pk}/"
    secret = world.orgs["enterprise_a"].name_zh
    assert secret in world.client("bureau_officer").get("/accounting/").content.decode()
    assert secret in world.client("bank_with_consent").get("/accounting/").content.decode()
    assert secret not in world.client("bank_without_consent").get("/accounting/").content.decode()


def _source(world) -> EmissionSource:
    return services.create_source(world.users["enterprise_a"], world.orgs["enterprise_a"].pk,
                                  {"name": f"Meter {next(_n)}", "source_type": "electricity",
                                   "category": "building"})  # fmt: skip


def _line(world) -> ActivityLine:
    source = _source(world)
    services.save_line(world.users["enterprise_a"], source.pk, {"year": 2024, "month": 3, "quantity": "100",
                                                                "unit": "MWh"})  # fmt: skip
    return source.lines.get()


def _quantity(line: ActivityLine) -> str | None:
    row = ActivityLine.objects.filter(pk=line.pk).first()
    return None if row is None else row.data["quantity"]


def test_only_enterprise_as_people_replace_a_line(world):
    before = _quantity(_line(world))
    check_write_matrix(world, WRITERS_OF_A, lambda: _line(world),
                       lambda client, line: client.put(f"{API}/lines/{line.pk}", {"year": 2024, "month": 3,
                                                       "quantity": "250", "unit": "MWh"},
                                                       content_type="application/json"),
                       _quantity, "250")  # fmt: skip
    assert before == "100"


def _exists(line: ActivityLine) -> bool:
    return ActivityLine.objects.filter(pk=line.pk).exists()


def test_only_enterprise_as_people_delete_a_line_in_the_api_and_on_the_page(world):
    check_write_matrix(world, WRITERS_OF_A, lambda: _line(world),
                       lambda client, line: client.delete(f"{API}/lines/{line.pk}"), _exists, False,
                       ok_status=(204,))  # fmt: skip
    check_write_matrix(world, WRITERS_OF_A, lambda: _line(world),
                       lambda client, line: client.post(f"/accounting/lines/{line.pk}/delete/"), _exists, False,
                       ok_status=(302,), api=False)  # fmt: skip


def _renamed(source: EmissionSource) -> bool:
    source.refresh_from_db()
    return source.name == f"Main meter {source.pk}"


def test_only_enterprise_as_people_rename_a_source(world):
    check_write_matrix(world, WRITERS_OF_A, lambda: _source(world),
                       lambda client, s: client.patch(f"{API}/sources/{s.pk}", {"name": f"Main meter {s.pk}"},
                                                      content_type="application/json"),
                       _renamed, True)  # fmt: skip


def test_only_enterprise_as_people_attach_evidence_to_a_line(world):
    check_write_matrix(world, WRITERS_OF_A, lambda: _line(world),
                       lambda client, line: client.post(f"{API}/lines/{line.pk}/evidence",
                                                        {"file": SimpleUploadedFile("bill.pdf", PDF)}),
                       lambda line: EvidenceFile.objects.filter(line_id=line.pk).count(), 1,
                       ok_status=(201,))  # fmt: skip


def test_only_enterprise_as_people_upload_a_lab_report(world):
    a = world.orgs["enterprise_a"]

    def lab_reports() -> int:
        return EvidenceFile.objects.filter(enterprise=a, purpose=EvidenceFile.Purpose.LAB_REPORT).count()

    check_write_matrix(world, WRITERS_OF_A, lab_reports,
                       lambda client, _: client.post(f"{API}/enterprises/{a.pk}/lab-reports",
                                                     {"file": SimpleUploadedFile("lab.pdf", PDF)}),
                       lambda before: lab_reports() - before, 1, ok_status=(201,))  # fmt: skip


def _factor_body(n: int) -> dict:
    return {"factor_id": f"grid.cn.national.{2030 + n}", "family": "grid_average", "subject": "CN",
            "year": 2030 + n, "value": "0.5100", "unit": "tCO2/MWh", "publisher": "MEE/NBS",
            "source_ref": "announcement", "confidence": "V", "name_zh": "全国电网平均",
            "name_en": "China national average"}  # fmt: skip


def test_only_bureau_staff_add_a_factor(world):
    check_write_matrix(world, STAFF, lambda: _factor_body(next(_n)),
                       lambda client, body: client.post(f"{API}/factors", body, content_type="application/json"),
                       lambda body: FactorRecord.objects.filter(factor_id=body["factor_id"]).count(), 1,
                       ok_status=(201,))  # fmt: skip


def _factor(world) -> FactorRecord:
    return library.add_factor(world.users["bureau_admin"], _factor_body(next(_n)))


def _superseded(factor: FactorRecord) -> bool:
    factor.refresh_from_db()
    return factor.superseded_by_id is not None


def test_only_bureau_staff_correct_a_factor_in_the_api_and_on_the_page(world):
    def correction(f: FactorRecord) -> dict:
        return {"factor_id": f"{f.factor_id}.r1", "value": "0.5200", "reason": "typo", "publisher": "MEE/NBS",
                "source_ref": "announcement", "confidence": "V"}  # fmt: skip

    check_write_matrix(world, STAFF, lambda: _factor(world),
                       lambda client, f: client.post(f"{API}/factors/{f.pk}/supersede", correction(f),
                                                     content_type="application/json"),
                       _superseded, True, ok_status=(201,))  # fmt: skip
    check_write_matrix(world, STAFF, lambda: _factor(world),
                       lambda client, f: client.post(f"/accounting/factors/{f.pk}/supersede/", correction(f)),
                       _superseded, True, ok_status=(302,), api=False)  # fmt: skip
    corrected = FactorRecord.objects.filter(factor_id__endswith=".r1").first()
    assert corrected is not None and corrected.value == "0.5200"
