"""The disclosure pages of a generated district: every page of deadlines is the same slice of the full,
per-enterprise list, whichever rules and dates the page straddles; the report list pages the newest
versions in order; the anomaly queue is the first anomalies with the full count."""

from __future__ import annotations

from datetime import date

import pytest
from django.utils import timezone

from tanxin.disclosure import queries as disclosure
from tanxin.disclosure.models import ReportVersion
from tanxin.web import scale

from .reference import reference_due
from .test_demo_equivalence import _due

pytestmark = pytest.mark.django_db

YEAR = timezone.localdate().year - 1


def test_every_page_of_deadlines_is_the_slice_of_the_full_list_across_rules_and_dates(world):
    scale.build(4, 150, YEAR, bureau=world.orgs["bureau"])
    user = world.users["bureau_officer"]
    seen_rules = set()
    for today in (date(YEAR + 1, 3, 1), date(YEAR + 1, 5, 20), date(YEAR + 1, 7, 15)):
        expected = reference_due(user, today)
        assert disclosure.due_page(user, today).count == len(expected)
        for offset in range(0, len(expected) + 20, 37):
            assert _due(user, today, limit=20, offset=offset) == expected[offset:offset + 20]
        seen_rules |= {row[1] for row in expected}
    assert len(seen_rules) >= 3  # pages crossed from one rule's block into another's


def test_the_report_list_pages_the_newest_versions_in_the_list_order(world):
    scale.build(5, 60, YEAR, bureau=world.orgs["bureau"])
    user = world.users["bureau_officer"]
    everything = list(disclosure.current_versions(user))
    pages = [disclosure.current_page(user, disclosure.ReportFilter(), n, 25) for n in (1, 2, 3)]
    assert [v.pk for page in pages for v in page.object_list] == [v.pk for v in everything][:75]
    assert pages[0].paginator.count == len(everything)
    newest = {}
    for v in ReportVersion.objects.all():
        newest[v.report_id] = max(newest.get(v.report_id, 0), v.number)
    assert all(v.number == newest[v.report_id] for v in everything)


def test_the_anomaly_queue_is_the_first_anomalies_in_order_with_the_full_count(world):
    scale.build(6, 120, YEAR, bureau=world.orgs["bureau"])
    current = disclosure.current_versions(world.users["bureau_officer"])
    # Decided one whole version at a time, the way a reviewer would.
    every = [v for v in current if v.state != "draft" and v.total_kg is not None and disclosure._reasons(v)]
    first, count = disclosure.anomalies_page(current, 10)
    assert count == len(every) > 10
    assert [v.pk for v in first] == [v.pk for v in every[:10]]
    assert [v.anomaly_reasons for v in first] == [disclosure._reasons(v) for v in every[:10]]
    assert [v.pk for v in disclosure.anomalies(current)] == [v.pk for v in every]


def test_the_overview_counts_match_the_versions_counted_one_by_one(world):
    from collections import Counter

    scale.build(7, 120, YEAR, bureau=world.orgs["bureau"])
    user = world.users["bureau_officer"]
    data = disclosure.overview(user, YEAR, page=2, per_page=50)
    current = list(disclosure.current_versions(user))
    annual = [v for v in current if v.report.year == YEAR and v.report.kind == "annual"
              and v.report.enterprise.kind == "enterprise" and v.report.enterprise.status == "active"]  # fmt: skip
    assert {k: n for k, n in data["counts"].items() if k != "none"} == dict(Counter(v.state for v in annual))
    assert data["counts"]["none"] == data["total"] - len(annual)
    assert data["review_count"] == sum(v.state == "submitted" for v in current)
    assert data["verification_count"] == sum(v.state in ("accepted", "in_verification", "verified") for v in current)
    assert data["anomaly_count"] == len(disclosure.anomalies(disclosure.current_versions(user)))
    assert data["page"].number == 2 and len(data["rows"]) == min(50, data["total"] - 50)
