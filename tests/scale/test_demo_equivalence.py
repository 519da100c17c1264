"""On the demo district, the set-based reads give exactly what the per-enterprise computations gave."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.management import call_command

from tanxin.disclosure import queries as disclosure
from tanxin.orgs.models import Organisation, User
from tanxin.registry import positions

from .reference import reference_due
from .test_positions import compare

pytestmark = pytest.mark.django_db


def _due(user, today: date, **kw) -> list[tuple]:
    page = disclosure.due_page(user, today, **kw)
    return [(r.enterprise.pk, r.item.rule.code, r.item.obligation.data_year, r.item.obligation.event_date,
             r.item.due, str(r.item.status)) for r in page.items]  # fmt: skip


def test_the_demo_district_gets_the_same_positions_and_deadlines_from_both_computations():
    # The demo district files on time, so 40 generated enterprises (with the scale seed's late and missing
    # reports) give the deadline lists pages worth comparing.
    call_command("seed_demo", verbosity=0, scale=40)
    orgs = list(Organisation.objects.filter(kind="enterprise").order_by("pk"))
    # Before the deadline, just after it, and long after (surrenders, holds, penalties, offsets).
    for as_of in (date(2025, 6, 1), date(2025, 8, 31), date(2026, 3, 1)):
        assert compare(orgs, 2024, as_of) >= 10
    statuses = {p.status for p in positions.positions(orgs, 2024, date(2026, 3, 1)).values()}
    assert {"compliant", "non_compliant", "no_obligation"} <= statuses
    compare(orgs, 2025, date(2026, 3, 1))

    longest = 0
    for username in ("bureau_officer", "enterprise_a"):
        user = User.objects.get(username=username)
        for today in (date(2025, 3, 1), date(2025, 5, 20), date(2025, 7, 15), date(2026, 2, 1)):
            expected = reference_due(user, today)
            longest = max(longest, len(expected))
            assert _due(user, today, limit=None) == expected
            assert disclosure.due_page(user, today).count == len(expected)
            assert _due(user, today, limit=7, offset=5) == expected[5:12]
    assert longest >= 12  # the page of 7 after 5 above was a real page
