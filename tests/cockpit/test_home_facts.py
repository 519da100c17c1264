"""The enterprise home's filings due, open findings and applications come from the disclosure and support facts, for the
person's own enterprises only."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone

from tanxin.cockpit import homes
from tanxin.common.workdays import add_workdays
from tanxin.disclosure import facts, queries, services
from tanxin.disclosure.models import Report
from tests.disclosure.support import drive, make_inputs

pytestmark = pytest.mark.django_db


def test_open_findings_are_those_not_yet_resolved_oldest_first_and_only_of_the_enterprises_asked(world):
    version = drive(world, "in_verification", year=2025)
    verifier = world.users["verifier_assigned"]
    first = services.add_finding(verifier, version.pk, "observation", "抽查发票")
    second = services.add_finding(verifier, version.pk, "material", "电表读数与发票不符")
    services.resolve_finding(verifier, first.pk)
    a, b = world.orgs["enterprise_a"].pk, world.orgs["enterprise_b"].pk
    tasks = homes.enterprise_tasks([a])
    assert [(f.id, f.version_id, f.year, f.severity) for f in tasks.findings] == [(second.pk, version.pk, 2025,
                                                                                    "material")]  # fmt: skip
    assert homes.enterprise_tasks([b]).findings == () and homes.enterprise_tasks([]).applications == ()
    page = world.client("enterprise_a").get("/").content.decode()
    assert "电表读数与发票不符" in page and "抽查发票" not in page
    assert "电表读数与发票不符" not in world.client("enterprise_b").get("/").content.decode()


def test_the_filings_due_fact_lists_what_the_enterprises_owe_as_the_users_deadline_list_does(world):
    a, b = world.orgs["enterprise_a"], world.orgs["enterprise_b"]
    event = timezone.localdate() - timedelta(days=1)
    services.create_report(world.users["enterprise_a"], a.pk, event.year, Report.Kind.TEMPORARY, event_date=event,
                           event_reference="罚字2号", inputs=make_inputs())  # fmt: skip
    for today in (date(2026, 3, 20), timezone.localdate()):
        owed = facts.filings_due([a.pk], today, limit=50)
        listed = queries.due(world.users["enterprise_a"], today)
        assert owed.count == len(listed) and owed.count >= 1
        assert [(f.enterprise_id, f.rule, f.due, f.report_id) for f in owed.items] == [
            (r.enterprise.pk, r.item.rule.code, r.item.due, r.report_id) for r in listed]
    temporary = [f for f in facts.filings_due([a.pk]).items if f.rule == "temporary_disclosure"]
    assert [(f.due, f.enterprise_name) for f in temporary] == [(add_workdays(event, 5), a.name_zh)]
    # Enterprise B is in no ETS and not a key emitter, and the temporary report is A's: B owes nothing.
    assert facts.filings_due([b.pk]).count == 0 and homes.enterprise_tasks([b.pk]).due.items == ()
    assert facts.filings_due([a.pk], limit=1).items == facts.filings_due([a.pk], limit=50).items[:1]
    page = world.client("enterprise_a").get("/").content.decode()
    assert str(temporary[0].label) in page and temporary[0].due.isoformat() in page
