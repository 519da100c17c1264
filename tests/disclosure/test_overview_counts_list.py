"""The report list's count and the deadlines' counts, kept while the data are unchanged, follow every change:
a page asked with the stamp of the data counts what a fresh count counts."""

from __future__ import annotations

from datetime import date

import pytest
from django.utils import timezone

from tanxin.disclosure import queries, reuse
from tanxin.disclosure.models import Report
from tanxin.orgs.models import Organisation
from tanxin.web import scale

pytestmark = pytest.mark.django_db

YEAR = timezone.localdate().year - 1
TODAY = date(YEAR + 1, 5, 20)


def _kept(user) -> tuple[int, int]:
    data = reuse.stamp(Organisation.objects.visible_to(user).filter(kind="enterprise"))[1]
    page = queries.current_page(user, queries.ReportFilter(), 1, 25, data)
    return page.paginator.count, queries.due_page(user, TODAY, data=data).count


def _fresh(user) -> tuple[int, int]:
    return queries.current_versions(user).count(), len(queries.due(user, TODAY))


def test_the_kept_list_and_deadline_counts_follow_new_reports_filings_and_enterprise_changes(world):
    scale.build(31, 80, YEAR, bureau=world.orgs["bureau"])
    user = world.users["bureau_officer"]
    before = _kept(user)
    assert before == _fresh(user)
    report = Report.objects.create(enterprise=world.orgs["enterprise_a"], year=YEAR, period_start=date(YEAR, 1, 1),
                                   period_end=date(YEAR, 12, 31))  # fmt: skip
    version = report.versions.create(state="draft", total_kg=10)
    opened = _kept(user)
    assert opened == _fresh(user) and opened[0] == before[0] + 1
    version.state, version.submitted_at = "submitted", timezone.now()
    version.save()
    filed = _kept(user)
    assert filed == _fresh(user) and filed[1] < opened[1]
    member = world.orgs["enterprise_b"]  # no ETS, not a key emitter: nothing due until it becomes one
    member.key_emitter = True
    member.save()
    bound = _kept(user)
    assert bound == _fresh(user) and bound[1] > filed[1]
