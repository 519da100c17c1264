"""Deadlines per enterprise and for the bureau, the anomaly queue, interim and temporary reports, the seed."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from tanxin.common.errors import DomainError
from tanxin.common.workdays import add_workdays
from tanxin.disclosure import facts, queries, services
from tanxin.disclosure.models import Report, ReportVersion
from tests.disclosure.support import drive, make_inputs

pytestmark = pytest.mark.django_db


def _due(world, persona: str, today: date) -> dict[tuple[str, int | None], str]:
    return {(r.item.rule.code, r.item.obligation.data_year): str(r.item.status)
            for r in queries.due(world.users[persona], today)}  # fmt: skip


def test_a_shenzhen_ets_enterprise_sees_its_disclosure_and_ets_deadlines(world):
    # A is a key emitter in the Shenzhen ETS; B is neither, so nothing is statutorily due for B.
    due = _due(world, "enterprise_a", date(2026, 4, 10))
    assert due[("annual_disclosure", 2025)] == "overdue"  # 15 March has passed
    assert due[("sz_ets_report", 2025)] == "due"  # 30 May: within the 60-day horizon
    assert ("sz_verification", 2025) not in due  # 30 June: beyond it
    assert ("sz_surrender", 2025) not in due  # surrender belongs to the registry
    assert _due(world, "enterprise_b", date(2026, 3, 20)) == {}


def test_submitting_clears_the_disclosure_deadline_and_verification_clears_the_verification_one(world):
    version = drive(world, "submitted")
    today = timezone.localdate(version.submitted_at) + timedelta(days=1)
    due = _due(world, "enterprise_a", date(today.year, 6, 20))
    assert ("annual_disclosure", today.year - 1) not in due
    assert due.get(("sz_verification", today.year - 1)) == "due"


def test_the_bureau_sees_the_deadlines_of_its_jurisdiction_only(world):
    rows = queries.due(world.users["bureau_officer"], date(2026, 3, 20))
    assert {r.enterprise.name_zh for r in rows} == {"甲企业（机密名称A）"}
    assert queries.due(world.users["verifier_assigned"], date(2026, 3, 20)) == []


def test_a_temporary_disclosure_is_due_five_working_days_after_the_event(world):
    a = world.orgs["enterprise_a"]
    event = timezone.localdate() - timedelta(days=1)
    services.create_report(world.users["enterprise_a"], a.pk, event.year, Report.Kind.TEMPORARY, event_date=event,
                           event_reference="罚字1号", inputs=make_inputs())  # fmt: skip
    rows = [r for r in queries.due(world.users["enterprise_a"]) if r.item.rule.code == "temporary_disclosure"]
    assert [r.item.due for r in rows] == [add_workdays(event, 5)]
    assert rows[0].item.obligation.reference == "罚字1号"


def test_an_interim_report_has_its_own_period_inside_the_year(world):
    a = world.orgs["enterprise_a"]
    version = services.create_report(world.users["enterprise_a"], a.pk, 2025, Report.Kind.INTERIM,
                                     period_start=date(2025, 1, 1), period_end=date(2025, 6, 30),
                                     inputs=make_inputs())  # fmt: skip
    assert (version.report.period_start, version.report.period_end) == (date(2025, 1, 1), date(2025, 6, 30))
    with pytest.raises(DomainError):
        services.create_report(world.users["enterprise_a"], a.pk, 2024, Report.Kind.INTERIM,
                               period_start=date(2024, 7, 1), period_end=date(2025, 1, 31), inputs=make_inputs())


def test_low_quality_and_big_jumps_go_to_the_anomaly_queue(world):
    drive(world, "submitted", score=55, previous=1_200_000)
    drive(world, "published", enterprise="enterprise_b", total=3_000_000, previous=1_000_000,
          flags=[{"code": "month_jump", "severity": "warning", "reason": "jump", "line_id": "L1"}])
    anomalies = queries.anomalies(queries.current_versions(world.users["bureau_officer"]))
    reasons = {v.report.enterprise.name_zh: v.anomaly_reasons for v in anomalies}
    assert reasons == {"甲企业（机密名称A）": ["quality"], "乙企业（机密名称B）": ["flags", "change"]}
    drive(world, "draft", year=2024, score=10)  # a draft is the enterprise's business, not yet the bureau's
    assert len(queries.anomalies(queries.current_versions(world.users["bureau_officer"]))) == 2


def test_the_demo_seed_has_every_state_and_ten_published_for_the_latest_round(db):
    import importlib.util

    from tanxin.disclosure import seed as disclosure_seed
    from tanxin.orgs import seed as orgs_seed

    ctx = orgs_seed.seed(2023, enterprises=60)
    if importlib.util.find_spec("tanxin.accounting.seed"):
        importlib.import_module("tanxin.accounting.seed").seed(ctx)
    disclosure_seed.seed(ctx)
    year = timezone.localdate().year - 1
    states = set(ReportVersion.objects.filter(report__year=year).values_list("state", flat=True))
    assert states == {"draft", "submitted", "returned", "accepted", "in_verification", "verified", "published"}
    assert queries.public_disclosures(queries.PublicFilter(year=year)).count() == 10
    assert ReportVersion.objects.filter(number=2).count() == 2  # one restated and republished, one open
    assert Report.objects.filter(kind="temporary").count() == 1
    enterprise = ctx.users["enterprise_a"].memberships.first().organisation_id
    assert facts.verified_emissions(enterprise, year) is not None


def test_a_temporary_disclosure_can_be_submitted_without_emission_figures(world):
    a = world.orgs["enterprise_a"]
    event = timezone.localdate() - timedelta(days=1)
    version = services.create_report(world.users["enterprise_a"], a.pk, event.year, Report.Kind.TEMPORARY,
                                     event_date=event, event_reference="罚字2号", inputs={})  # fmt: skip
    assert services.act(world.users["enterprise_a"], version.pk, "submit").state == "submitted"
    assert not [r for r in queries.due(world.users["enterprise_a"]) if r.item.rule.code == "temporary_disclosure"]


def test_the_overview_counts_in_the_database_and_pages_the_enterprise_table(world):
    drive(world, "published")
    drive(world, "submitted", enterprise="enterprise_b")
    data = queries.overview(world.users["bureau_officer"], 2025, page=1, per_page=1)
    assert (data["total"], data["disclosed"]) == (2, 1)
    assert data["counts"] == {"published": 1, "submitted": 1, "none": 0}
    assert len(data["rows"]) == 1 and data["page"].paginator.num_pages == 2
    assert len(queries.overview(world.users["bureau_officer"], 2025, page=None)["rows"]) == 2


def test_deadline_dates_come_from_a_csv_when_configured(world, settings, tmp_path):
    rules = tmp_path / "deadlines.csv"
    rules.write_text("code,anchor,applies_to,description_en,source,confidence,month,day,workdays\n"
                     "annual_disclosure,following_year,disclosure,Annual,test,M,4,30,\n", encoding="utf-8")  # fmt: skip
    settings.TANXIN_DISCLOSURE_DEADLINES_CSV = str(rules)
    rows = queries.due(world.users["enterprise_a"], date(2026, 4, 10))
    assert [(r.item.rule.code, r.item.due) for r in rows] == [("annual_disclosure", date(2026, 4, 30))]


def test_a_consenting_bank_reads_but_cannot_comment_or_act(world):
    version = drive(world, "submitted")
    bank = world.users["bank_with_consent"]
    with pytest.raises(DomainError) as err:
        services.add_comment(bank, version.pk, "想了解一下")
    assert err.value.status == 403
    with pytest.raises(DomainError) as err:
        services.act(bank, version.pk, "accept")
    assert err.value.status == 404  # the bank may view, not change: the change gate hides the version
