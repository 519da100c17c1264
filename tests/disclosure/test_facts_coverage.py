"""A jurisdiction's disclosure coverage: due, published and published emissions per year, as the records say."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tanxin.disclosure import facts, services
from tanxin.disclosure.models import Report, ReportVersion
from tanxin.orgs.models import Organisation
from tests.disclosure.support import drive

pytestmark = pytest.mark.django_db

NANSHAN, FUTIAN, SHENZHEN = "440305", "440304", "440300"


def from_records(jurisdiction_ids: set[int], year: int) -> tuple:
    """The newest published annual version of each enterprise's report, read one record at a time."""
    orgs = [o for o in Organisation.objects.filter(kind="enterprise", jurisdiction_id__in=jurisdiction_ids)
            if o.status != "closed"]  # fmt: skip
    due = {o.pk for o in orgs if o.key_emitter or o.ets != "none"}
    published, kg = set(), 0
    for org in orgs:
        versions = ReportVersion.objects.filter(report__enterprise=org, report__year=year, report__kind="annual",
                                                state="published").order_by("-number")  # fmt: skip
        if versions:
            published.add(org.pk)
            kg += versions[0].figure_kg or 0
    return year, len(orgs), len(due), len(published), len(published & due), kg


def as_tuple(y: facts.CoverageYear) -> tuple:
    return y.year, y.enterprises, y.due, y.published, y.published_due, y.published_kg


@pytest.fixture
def disclosed(world):
    drive(world, "published", year=2025, total=52_772_000)  # verified at 52,771,433 kg
    futian = drive(world, "published", enterprise="enterprise_b", year=2025, total=3_000_000)
    Report.objects.filter(pk=futian.report_id).update(enterprise=world.orgs["enterprise_futian"])  # Futian's own
    drive(world, "published", year=2024, total=40_000_000)
    # Distinctive figures that are not public: verified but unpublished, a draft, an unpublished restatement.
    drive(world, "verified", enterprise="enterprise_b", year=2025, total=9_876_543_000)
    drive(world, "draft", enterprise="enterprise_b", year=2024, total=7_777_777_000)
    published = ReportVersion.objects.get(report__enterprise=world.orgs["enterprise_a"], report__year=2025)
    services.restate(world.users["enterprise_a"], published.pk, "更正排放因子")
    return world


def test_coverage_counts_the_newest_published_figure_of_each_enterprise_and_nothing_unpublished(disclosed):
    nanshan = {disclosed.jurisdictions[NANSHAN].pk}
    found = facts.coverage(nanshan, [2023, 2024, 2025])
    assert [as_tuple(y) for y in found.years] == [from_records(nanshan, y) for y in (2023, 2024, 2025)]
    year = found.year(2025)
    assert (year.published, year.published_due, year.published_kg) == (1, 1, 52_771_433)
    assert year.last_published_at is not None and found.year(2023).last_published_at is None
    assert found.year(2024).published_kg == 40_000_000 - 567


def test_a_city_counts_its_districts_and_a_district_only_itself(disclosed):
    city = set(disclosed.jurisdictions[SHENZHEN].with_descendants())
    futian = {disclosed.jurisdictions[FUTIAN].pk}
    assert as_tuple(facts.coverage(city, [2025]).years[0]) == from_records(city, 2025)
    assert facts.coverage(city, [2025]).years[0].published_kg == 52_771_433 + 3_000_000 - 567
    assert facts.coverage(futian, [2025]).years[0].published == 1


def test_a_closed_enterprise_is_left_out(disclosed):
    a = disclosed.orgs["enterprise_a"]
    Organisation.objects.filter(pk=a.pk).update(status="closed")
    year = facts.coverage({a.jurisdiction_id}, [2025]).years[0]
    assert (year.published, year.published_kg) == (0, 0)
    assert as_tuple(year) == from_records({a.jurisdiction_id}, 2025)


def test_many_years_cost_two_reads(disclosed):
    with CaptureQueriesContext(connection) as reads:
        facts.coverage({disclosed.jurisdictions[NANSHAN].pk}, range(2015, 2027))
    assert len(reads.captured_queries) == 2
