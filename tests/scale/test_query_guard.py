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
