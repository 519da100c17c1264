"""The compliance summary of many enterprises gives exactly the sums of their positions, in a fixed few reads."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tanxin.orgs.models import Organisation
from tanxin.registry import facts, services
from tests.registry.fixtures import build_registry

pytestmark = pytest.mark.django_db

STATUSES = ("compliant", "late", "non_compliant", "pending")


def summed_positions(ids: list[int], year: int, as_of: date) -> tuple:
    """The per-position computation, summed as the cockpit summed it before the summary existed."""
    rows = [p for p in facts.positions(ids, year, as_of).values() if p.status != "no_obligation"]
    disclosed = [p.obligation_t for p in rows if p.obligation_source == "disclosure"]
    return (
        year, len(ids), *(sum(1 for p in rows if p.status == s) for s in STATUSES),
        sum(p.surplus_t or 0 for p in rows), sum(p.shortfall_t or 0 for p in rows),
        sum(p.obligation_t or 0 for p in rows), sum(disclosed) if disclosed else None,
    )  # fmt: skip


def as_tuple(y: facts.ComplianceYear) -> tuple:
    return (y.year, y.enterprises, y.compliant, y.late, y.non_compliant, y.pending, y.surplus_t, y.shortfall_t,
            y.obligation_t, y.disclosed_t)  # fmt: skip


def compare(ids: list[int], years: list[int], as_of: date) -> facts.ComplianceSummary:
    summary = facts.compliance_summary(ids, years, as_of)
    assert [as_tuple(y) for y in summary.years] == [summed_positions(ids, y, as_of) for y in years]
    return summary


def test_the_summary_of_the_demo_district_and_generated_enterprises_equals_their_summed_positions():
    # The demo district and 40 generated enterprises: late and missing reports, surrenders, offsets, holds.
    call_command("seed_demo", verbosity=0, scale=40)
    ids = list(Organisation.objects.filter(kind="enterprise").values_list("pk", flat=True))
    statuses: set[str] = set()
    for as_of in (date(2025, 6, 1), date(2025, 8, 31), date(2026, 3, 1)):
        summary = compare(ids, [2022, 2023, 2024, 2025], as_of)
        statuses |= {s for y in summary.years for s, n in y.by_status.items() if n}
        assert sum(y.with_obligation for y in summary.years) >= 10
    assert {"compliant", "non_compliant", "pending"} <= statuses
    key = list(Organisation.objects.filter(kind="enterprise", key_emitter=True).values_list("pk", flat=True))
    compare(key, [2024, 2025], date(2026, 3, 1))


def test_a_late_surrender_a_shortfall_and_a_surplus_are_summed_as_each_position_says(world):
    reg = build_registry(world, allocate_a=9_000)
    admin, today = world.users["bureau_admin"], timezone.localdate()
    last = today.year - 1
    services.set_obligation(admin, reg.a.owner_id, last, 4_000, reason="manual")
    services.set_obligation(admin, reg.b.owner_id, last, 1_000, reason="manual", scheme="shenzhen")
    services.set_obligation(admin, reg.a.owner_id, today.year, 12_000, reason="manual")
    services.surrender(world.users["enterprise_a"], reg.a.pk, "SZA-2024", 4_000, last)
    ids = [reg.a.owner_id, reg.b.owner_id, world.orgs["enterprise_futian"].pk]
    for as_of in (date(last, 12, 31), today - timedelta(days=1), today):
        summary = compare(ids, [last, today.year], as_of)
    done = summary.year(last)
    assert (done.compliant + done.late, done.non_compliant + done.pending, done.no_obligation) == (1, 1, 1)
    assert (done.surplus_t, done.shortfall_t, done.obligation_t, done.disclosed_t) == (5_000, 1_000, 5_000, None)
    assert summary.year(today.year).shortfall_t == 12_000 and summary.year(today.year).pending == 1


def test_an_unknown_id_or_no_id_counts_as_no_obligation():
    summary = facts.compliance_summary([10**9], [2024], date(2025, 1, 1))
    assert as_tuple(summary.years[0]) == (2024, 1, 0, 0, 0, 0, 0, 0, 0, None)
    assert facts.compliance_summary([], [2024, 2023]).years[0].year == 2023


def test_five_years_of_many_enterprises_cost_the_same_three_reads_as_one_year_of_one(world):
    build_registry(world)
    ids = list(Organisation.objects.filter(kind="enterprise").values_list("pk", flat=True))
    facts.compliance_summary(ids[:1], [2025])  # the rule book is read from a file once per process
    with CaptureQueriesContext(connection) as one:
        facts.compliance_summary(ids[:1], [2025])
    with CaptureQueriesContext(connection) as many:
        facts.compliance_summary(ids, range(2021, 2026))
    assert len(one.captured_queries) == len(many.captured_queries) == 3
