"""One basis per published figure, the same names in the public open data and the signed-in API, and a
published report that stays findable under its state while a draft restatement sits on top of it."""

import csv
import io

import pytest
from django.test import Client

from tanxin.disclosure import services
from tests.disclosure.support import drive, make_inputs

pytestmark = pytest.mark.django_db
API = "/api/v1/disclosure"


def _two_published_years(world):
    # 2024: calculated 1,000,000 kg, verified 999,433 kg (drive verifies total − 567)
    # 2025: calculated 1,234,567 kg (previous year as calculated: 1,000,000), verified 1,234,000 kg
    drive(world, "published", year=2024, total=1_000_000, previous=None)
    return drive(world, "published", year=2025, total=1_234_567, previous=1_000_000)


def test_the_published_figure_and_everything_beside_it_are_on_the_verified_basis(world):
    _two_published_years(world)
    [row] = [r for r in Client().get(f"{API}/public/disclosures").json()["items"] if r["year"] == 2025]
    assert (row["figure_kg"], row["figure_basis"]) == (1_234_000, "verified")
    assert row["calculated_kg"] == 1_234_567 and row["verified_kg"] == 1_234_000
    assert row["previous_year_kg"] == 999_433  # the 2024 published, verified figure, not the calculated 1,000,000
    # (1,234,000 − 999,433) / 999,433 = 23.4698… % → 23.5
    assert row["change_pct"] == "23.5"
    # the pinned intensity 0.4321 was on the calculated total: × 1,234,000 / 1,234,567 = 0.431901…
    assert (row["intensity_value_added"], row["intensity_basis"]) == ("0.431902", "verified")
    assert row["total_kg"] == row["figure_kg"]  # the deprecated alias keeps its meaning


def test_the_public_csv_and_the_signed_in_api_name_the_same_quantity_the_same_way(world):
    version = _two_published_years(world)
    text = Client().get("/disclosure/public/open-data.csv").getvalue().decode("utf-8-sig")
    [csv_row] = [r for r in csv.DictReader(io.StringIO(text)) if r["year"] == "2025"]
    signed_in = world.client("bureau_officer").get(f"{API}/versions/{version.pk}").json()
    public = next(r for r in Client().get(f"{API}/public/disclosures").json()["items"] if r["year"] == 2025)
    for key in ("figure_kg", "figure_basis", "calculated_kg", "verified_kg", "previous_year_kg", "change_pct",
                "intensity_value_added", "intensity_basis", "total_kg"):
        assert str(signed_in[key]) == str(public[key]) == csv_row[key], key
    assert signed_in["previous_year_calculated_kg"] == 1_000_000  # kept, under its own name, signed-in only
    assert "previous_year_calculated_kg" not in public


def test_a_year_without_a_published_previous_year_has_no_change_rather_than_a_mixed_one(world):
    drive(world, "published", year=2025, previous=1_000_000)
    [row] = Client().get(f"{API}/public/disclosures").json()["items"]
    assert row["previous_year_kg"] is None and row["change_pct"] is None


def test_a_figure_not_yet_verified_says_it_is_calculated(world):
    version = drive(world, "submitted")
    body = world.client("bureau_officer").get(f"{API}/versions/{version.pk}").json()
    assert (body["figure_kg"], body["figure_basis"], body["change_pct"]) == (1_234_567, "calculated", None)
    assert body["intensity_basis"] == "calculated"


def test_the_report_page_labels_its_basis(world):
    version = _two_published_years(world)
    page = world.client("bureau_officer").get(f"/disclosure/v/{version.pk}/").content.decode()
    assert "1,234.0" in page and "已核查" in page
    assert "999.4" in page and "+23.5%" in page


def test_a_published_report_stays_findable_by_state_under_a_draft_restatement(world):
    published = drive(world, "published")
    draft = services.restate(world.users["enterprise_a"], published.pk, "更正活动数据",
                             inputs=make_inputs(world.orgs["enterprise_a"].pk))
    officer = world.client("bureau_officer")
    found = officer.get(f"{API}/reports?state=published").json()["items"]
    assert [(r["id"], r["state"]) for r in found] == [(published.pk, "published")]
    drafts = officer.get(f"{API}/reports?state=draft").json()["items"]
    assert [r["id"] for r in drafts] == [draft.pk]
    newest = officer.get(f"{API}/reports").json()["items"]
    assert [r["id"] for r in newest] == [draft.pk]  # without a filter: the newest version of each report
    assert len(Client().get(f"{API}/public/disclosures").json()["items"]) == 1
