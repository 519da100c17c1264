"""The public cockpit summary: anyone may read it, and it shows only figures already public on the platform —
never an unpublished disclosure, a support result still being decided, or a loan."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.db.models import Sum
from django.test import TestCase

from tanxin.cockpit import public
from tanxin.disclosure.models import ReportVersion
from tanxin.orgs.models import Jurisdiction
from tanxin.support.models import Award, Scheme
from tests.cockpit.conftest import FUTIAN, NANSHAN, SHENZHEN
from tests.disclosure.support import drive
from tests.personas import PERSONAS, check_matrix

NOT_FOUND_ZH = "页面不存在"
HIDDEN_KG = 9_876_543_000  # enterprise B's verified but unpublished figure: 9,876,542 t once verified


def figures(body: dict) -> dict[str, int | None]:
    return {f["key"]: f["exact"] for f in body["figures"]}


@pytest.fixture
def unpublished(chain):
    """Enterprise B verified but not published last year, and a draft this year, each with a distinctive figure."""
    drive(chain.world, "verified", enterprise="enterprise_b", year=chain.last_year, total=HIDDEN_KG)
    drive(chain.world, "draft", enterprise="enterprise_b", year=chain.this_year, total=7_777_777_000)
    return chain


@pytest.mark.django_db
def test_everyone_reads_the_public_summary_page_and_its_api(unpublished):
    world, year = unpublished.world, unpublished.last_year
    check_matrix(world, f"/cockpit/public/{NANSHAN}/{year}/", set(PERSONAS), secret="9,876,542")
    check_matrix(world, f"/api/v1/cockpit/public/{NANSHAN}/{year}", set(PERSONAS), api=True, secret="9876542")


@pytest.mark.django_db
def test_only_published_disclosures_are_counted_with_their_published_figure_and_date(unpublished):
    year = unpublished.last_year
    body = unpublished.world.client("anonymous").get(f"/api/v1/cockpit/public/{NANSHAN}/{year}").json()
    published = ReportVersion.objects.get(state="published", report__year=year)
    assert figures(body) == {"published": 1, "emissions": 52_771}  # 52,771,433 kg verified, in whole t
    assert all(f["as_of"] == published.published_at.date().isoformat() for f in body["figures"])
    assert body["trend"][-1] == {"year": year, "published": 1, "emissions_t": 52_771,
                                 "as_of": published.published_at.date().isoformat()}  # fmt: skip
    text = unpublished.world.client("anonymous").get(f"/cockpit/public/{NANSHAN}/{year}/").content.decode()
    assert "52,771" in text and "9,876,542" not in text and "9929313" not in text.replace(",", "")
    assert unpublished.loan.ref not in text and "200.00" not in text  # the live loan is not public
    draft_year = unpublished.world.client("anonymous").get(f"/api/v1/cockpit/public/{NANSHAN}/"
                                                           f"{unpublished.this_year}").json()  # fmt: skip
    assert draft_year["has_data"] is False and draft_year["figures"] == []


@pytest.mark.django_db
def test_a_city_sums_its_districts_and_a_district_without_publications_says_so(unpublished):
    client, year = unpublished.world.client("anonymous"), unpublished.last_year
    assert figures(client.get(f"/api/v1/cockpit/public/{SHENZHEN}/{year}").json())["published"] == 1
    futian = client.get(f"/cockpit/public/{FUTIAN}/{year}/")
    assert futian.status_code == 200 and 'data-testid="no-data"' in futian.content.decode()
    english = client.get(f"/api/v1/cockpit/public/{FUTIAN}/{year}", HTTP_ACCEPT_LANGUAGE="en").json()
    assert english["message"] == f"Nothing has been published for {year} in this jurisdiction yet."


@pytest.mark.django_db
def test_an_unknown_jurisdiction_or_year_is_not_found_in_the_readers_language(chain):
    client = chain.world.client("anonymous")
    for url in ("/cockpit/public/999999/2025/", f"/cockpit/public/{NANSHAN}/1999/",
                f"/cockpit/public/{NANSHAN}/{chain.this_year + 1}/"):  # fmt: skip
        response = client.get(url)
        assert response.status_code == 404 and NOT_FOUND_ZH in response.content.decode()
    missing = client.get("/api/v1/cockpit/public/999999/2025", HTTP_ACCEPT_LANGUAGE="en")
    assert missing.status_code == 404 and missing.json()["message"] == "Not found."
    assert client.get(f"/api/v1/cockpit/public/{NANSHAN}/1999").status_code == 422


@pytest.mark.django_db
def test_the_page_speaks_english_when_asked(chain):
    client = chain.world.client("anonymous")
    client.cookies["tanxin_language"] = "en"
    html = client.get(f"/cockpit/public/{NANSHAN}/{chain.last_year}/").content.decode()
    assert "public carbon summary" in html and "Published emissions (t)" in html and "Data as of" in html


class TestPublicisedSupportResults(TestCase):
    """The demo's 2023 fund scheme: its result counts once it is put up for publicity, never before."""

    @classmethod
    def setUpTestData(cls):
        call_command("seed_demo", verbosity=0)

    def test_a_publicised_result_is_counted_as_the_publicity_list_shows_it(self):
        nanshan = Jurisdiction.objects.get(code="440305")
        schemes = Scheme.objects.filter(jurisdiction_id__in=nanshan.with_descendants(), year=2023, kind="fund",
                                        status__in=("publicity", "final"))  # fmt: skip
        awards = Award.objects.filter(application__scheme__in=schemes, amount_fen__gt=0)
        found = public.summary(nanshan, 2023).support
        assert found.schemes == schemes.count() >= 1
        assert found.awardees == awards.values("application__enterprise").distinct().count() > 0
        assert found.awarded_fen == awards.aggregate(s=Sum("amount_fen"))["s"]
        assert found.as_of == max(s.publicity_start for s in schemes)
        body = self.client.get("/api/v1/cockpit/public/440305/2023").json()
        assert {f["key"]: f["exact"] for f in body["figures"]}["awarded"] == found.awarded_fen

    def test_a_result_still_being_decided_is_not_shown(self):
        nanshan = Jurisdiction.objects.get(code="440305")
        Scheme.objects.filter(year=2023, kind="fund").update(status="result_draft")
        found = public.summary(nanshan, 2023).support
        assert (found.schemes, found.awardees, found.awarded_fen) == (0, 0, 0)
        body = self.client.get("/api/v1/cockpit/public/440305/2023").json()
        assert "awarded" not in {f["key"] for f in body["figures"]}
