"""Permission matrix for every accounting API endpoint, and the statistics and listing endpoints."""

from __future__ import annotations

import pytest

from tanxin.accounting import evidence
from tanxin.accounting.models import ActivityLine, AnnualStatistics, EmissionSource, EvidenceFile
from tests.accounting.factories import standard_ledger
from tests.personas import PERSONAS, check_matrix

pytestmark = pytest.mark.django_db
API = "/api/v1/accounting"
READERS_OF_A = {"bureau_admin", "bureau_officer", "enterprise_a", "bank_with_consent"}
SIGNED_IN = set(PERSONAS) - {"anonymous"}


@pytest.fixture
def ledger(world):
    sources = standard_ledger(world)
    return {"e": world.orgs["enterprise_a"].pk, "line": sources["grid"].lines.first(), "source": sources["grid"]}


def test_reads_of_enterprise_a(world, ledger):
    e, line = ledger["e"], ledger["line"]
    for url in (f"{API}/enterprises/{e}/sources", f"{API}/enterprises/{e}/lines?year=2024",
                f"{API}/enterprises/{e}/inventory/2024", f"{API}/enterprises/{e}/trend",
                f"{API}/lines/{line.pk}/explain", f"{API}/enterprises/{e}/evidence"):
        check_matrix(world, url, READERS_OF_A, api=True, secret="Grid supply")


def test_the_factor_library_reads_for_everyone_signed_in(world):
    check_matrix(world, f"{API}/factors?q=diesel", SIGNED_IN, api=True)
    check_matrix(world, f"{API}/gwp", SIGNED_IN, api=True)


WRITERS_OF_A = {"enterprise_a", "enterprise_a_member"}  # admins and members of A enter A's data
# The superuser passes the gate on every row (``GatedQuerySet.visible_to``), writes included.
WRITERS = WRITERS_OF_A | {"superuser"}


def _fresh_each_time(post_body):
    """A request maker whose n-th call sends ``post_body(n)``: every allowed persona creates its own row, so
    a duplicate (409) can never be taken for a successful create."""
    calls = iter(range(1, 100))

    def make(url, method="post"):
        def request(client):
            return getattr(client, method)(url, post_body(next(calls)), content_type="application/json")

        return request

    return make


def test_sources_and_lines_are_created_by_enterprise_a_only_and_nothing_is_written_when_refused(world, ledger):
    e, source = ledger["e"], ledger["source"]
    sources_before, lines_before = EmissionSource.objects.count(), ActivityLine.objects.count()
    make = _fresh_each_time(lambda n: {"name": f"New meter {n}", "source_type": "electricity"})
    statuses = check_matrix(world, f"{API}/enterprises/{e}/sources", WRITERS, api=True, ok_status=(201,),
                            make_request=make(f"{API}/enterprises/{e}/sources"))  # fmt: skip
    assert EmissionSource.objects.count() == sources_before + 3
    created = EmissionSource.objects.filter(name__startswith="New meter")
    assert set(created.values_list("enterprise_id", flat=True)) == {e}
    assert [p for p, status in statuses.items() if status == 201] == sorted(WRITERS)
    make = _fresh_each_time(lambda n: {"year": 2025, "month": n, "quantity": "5", "unit": "MWh"})
    check_matrix(world, f"{API}/sources/{source.pk}/lines", WRITERS, api=True, ok_status=(201,),
                 make_request=make(f"{API}/sources/{source.pk}/lines"))  # fmt: skip
    assert ActivityLine.objects.count() == lines_before + 3


def test_statistics_are_written_by_enterprise_a_only_once_per_year(world, ledger):
    e = ledger["e"]
    check_matrix(world, f"{API}/enterprises/{e}/statistics/2024", WRITERS, method="put", api=True,
                 data={"revenue_wan": "100", "employees": 5})  # fmt: skip
    assert AnnualStatistics.objects.filter(enterprise_id=e, year=2024).count() == 1


def test_a_line_is_deleted_by_enterprise_a_with_204_and_survives_every_refused_persona(world, ledger):
    line = ledger["line"]
    for persona in [p for p in PERSONAS if p not in WRITERS]:
        status = world.client(persona).delete(f"{API}/lines/{line.pk}").status_code
        assert status in ((401, 403, 404) if persona == "anonymous" else (403, 404)), (persona, status)
        assert ActivityLine.objects.filter(pk=line.pk).exists(), persona
    for persona in sorted(WRITERS):
        line = ledger["source"].lines.first()
        assert world.client(persona).delete(f"{API}/lines/{line.pk}").status_code == 204, persona
        assert not ActivityLine.objects.filter(pk=line.pk).exists()


def test_a_member_enters_data_too(world, ledger):
    client = world.client("enterprise_a")
    client.force_login(world.users["enterprise_a_member"])
    response = client.post(f"{API}/sources/{ledger['source'].pk}/lines", {"year": 2025, "month": 2, "quantity": "5",
                                                                          "unit": "MWh"},
                           content_type="application/json")  # fmt: skip
    assert response.status_code == 201


def test_statistics_refuse_negative_numbers_and_store_text_decimals(world, ledger):
    client = world.client("enterprise_a")
    url = f"{API}/enterprises/{ledger['e']}/statistics/2024"
    bad = client.put(url, {"revenue_wan": "-1"}, content_type="application/json")
    assert bad.status_code == 400 and "revenue_wan" in bad.json()["details"]
    ok = client.put(url, {"revenue_wan": "12345.67", "value_added_wan": "3000", "employees": 80},
                    content_type="application/json")  # fmt: skip
    assert ok.status_code == 200, ok.content
    stats = AnnualStatistics.objects.get(enterprise_id=ledger["e"], year=2024)
    assert stats.revenue_wan == "12345.67"
    inventory = client.get(f"{API}/enterprises/{ledger['e']}/inventory/2024").json()
    assert set(inventory["intensities"]) == {"revenue", "value_added", "employees"}


def test_evidence_download_follows_the_gate(world, ledger):
    item = evidence.attach(world.users["enterprise_a"], ledger["e"], "bill.pdf", b"%PDF-1.4 electricity bill",
                           line_id=ledger["line"].pk)  # fmt: skip
    check_matrix(world, f"/accounting/evidence/{item.pk}/", READERS_OF_A)
    response = world.client("enterprise_a").get(f"/accounting/evidence/{item.pk}/")
    assert b"".join(response.streaming_content) == b"%PDF-1.4 electricity bill"
    assert EvidenceFile.objects.get(pk=item.pk).size == 25


def test_a_source_with_an_unknown_fuel_is_refused(world):
    response = world.client("enterprise_a").post(
        f"{API}/enterprises/{world.orgs['enterprise_a'].pk}/sources",
        {"name": "Mystery", "source_type": "fuel_combustion", "subject": "UNOBTAINIUM"},
        content_type="application/json")  # fmt: skip
    assert response.status_code == 400 and "subject" in response.json()["details"]
