"""Every list page and list endpoint runs the same number of queries for 10 and for 200 enterprises, and
the set-based positions match the per-enterprise computation on a generated set."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tanxin.orgs.models import Organisation
from tanxin.registry import positions, queries
from tanxin.web import scale

from .reference import as_compared, reference_position

pytestmark = pytest.mark.django_db

YEAR = timezone.localdate().year - 1
PAGES = [
    f"/registry/compliance/?year={YEAR}",
    f"/registry/compliance/?year={YEAR}&page=2",
    f"/registry/compliance/?year={YEAR}&q=91",
    "/registry/compliance/enterprises/?enterprise=91",
    f"/api/v1/registry/compliance?year={YEAR}",
    "/disclosure/",
    f"/disclosure/?year={YEAR}&state=submitted",
    f"/disclosure/bureau/?year={YEAR}",
    f"/disclosure/bureau/?year={YEAR}&page=2",
    "/lending/screening/",  # its first page: the set of 110 has fewer than two pages of key emission units
    "/api/v1/lending/screening/enterprises?limit=25",
    "/matchmaking/",
    "/registry/allocation/",
    "/matchmaking/meetings/new/",
]


def _counts(client) -> dict[str, int]:
    counts = {}
    for url in PAGES:
        client.get(url)  # warm per-process caches (rule book, price windows are per request)
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        counts[url] = len(ctx.captured_queries)
    return counts


@pytest.mark.parametrize("reuse_seconds", [0, 600], ids=["computed", "kept"])
def test_list_pages_run_the_same_queries_for_10_and_for_200_enterprises(world, settings, reuse_seconds):
    settings.TANXIN_DISCLOSURE_REUSE_SECONDS = reuse_seconds  # the disclosure aggregates, computed and kept
    client = world.client("bureau_officer")
    scale.build(1, 110, YEAR, bureau=world.orgs["bureau"])  # two pages of the board and of the overview
    few = _counts(client)
    scale.build(2, 200, YEAR, bureau=world.orgs["bureau"])
    many = _counts(client)
    assert many == few


def test_a_generated_set_gets_the_same_positions_from_both_computations(world):
    ctx = scale.build(3, 150, YEAR, bureau=world.orgs["bureau"])
    orgs = list(Organisation.objects.filter(pk__in=ctx.enterprise_ids).order_by("pk"))
    members = [o for o in orgs if o.ets != "none"]
    assert len(members) >= 20
    for as_of in (date(YEAR + 1, 6, 1), date(YEAR + 1, 9, 1)):
        computed = positions.positions(orgs, YEAR, as_of)
        assert [o.pk for o in orgs if as_compared(computed[o.pk]) != reference_position(o, YEAR, as_of)] == []
    statuses = {p.status for p in positions.positions(members, YEAR, date(YEAR + 1, 9, 1)).values()}
    assert {"compliant", "non_compliant"} <= statuses
    pledged = [p for p in positions.positions(members, YEAR).values() if p.pledged_t or p.frozen_t]
    assert pledged  # holds were generated and are seen
    board = queries.board_page(world.users["bureau_officer"], YEAR, limit=20, offset=10)
    assert board.count == len(queries.board_enterprises(world.users["bureau_officer"])) and len(board.items) == 20


def _support_counts(world, scheme_id: int) -> dict[str, int]:
    counts = {}
    for who, url in [("bureau_officer", f"/support/schemes/{scheme_id}/applications/"),
                     ("bureau_officer", f"/support/schemes/{scheme_id}/applications/?status=submitted&page=2"),
                     ("bureau_officer", f"/support/schemes/{scheme_id}/applications/?q=91"),
                     ("bureau_officer", "/support/"), ("expert", "/support/expert/")]:  # fmt: skip
        client = world.client(who)
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        counts[url] = len(ctx.captured_queries)
    return counts


def _apply_and_assign(world, scheme, enterprise_ids: list[int]) -> None:
    """An application in a rotating state from each enterprise not yet applied, each assigned to the expert."""
    from tanxin.support import scale as support_scale
    from tanxin.support.models import Application, ExpertAssignment

    applied = set(Application.objects.filter(scheme=scheme).values_list("enterprise_id", flat=True))
    states = support_scale.STATES
    Application.objects.bulk_create(
        Application(scheme=scheme, enterprise_id=pk, status=states[i % len(states)])
        for i, pk in enumerate(pk for pk in enterprise_ids if pk not in applied)
    )
    assigned = set(ExpertAssignment.objects.values_list("application_id", flat=True))
    ExpertAssignment.objects.bulk_create(
        ExpertAssignment(application_id=pk, expert=world.users["expert"])
        for pk in Application.objects.filter(scheme=scheme).values_list("pk", flat=True) if pk not in assigned
    )


def test_support_queue_pages_run_the_same_queries_for_10_and_for_60_applications(world):
    from tanxin.support import scale as support_scale
    from tanxin.support.models import Application

    ctx = scale.build(4, 70, YEAR, bureau=world.orgs["bureau"])
    scheme = support_scale.round_of(ctx)
    _apply_and_assign(world, scheme, ctx.enterprise_ids[:10])
    assert Application.objects.filter(scheme=scheme).count() <= 15
    few = _support_counts(world, scheme.pk)
    _apply_and_assign(world, scheme, ctx.enterprise_ids)
    assert Application.objects.filter(scheme=scheme).count() >= 60
    many = _support_counts(world, scheme.pk)
    assert many == few


def test_positions_over_several_years_equal_the_positions_read_year_by_year(world):
    ctx = scale.build(4, 120, YEAR, bureau=world.orgs["bureau"])
    orgs = list(Organisation.objects.filter(pk__in=ctx.enterprise_ids).order_by("pk"))
    years = [YEAR - 1, YEAR, YEAR + 1]
    for as_of in (date(YEAR + 1, 6, 1), date(YEAR + 1, 9, 1)):
        together = positions.positions_over(orgs, years, as_of)
        assert set(together) == set(years)
        for year in years:
            assert together[year] == positions.positions(orgs, year, as_of)  # every field, surrenders included
    assert any(p.result and p.result.allowances_surrendered_t for p in together[YEAR].values())  # surrenders seen
