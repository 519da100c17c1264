"""The bureau overview's cards, state counts and queues on a generated district, against a straightforward
count: every version loaded, the newest of each report picked in Python, each rule applied one version at
a time. The district holds restatements (a draft or a filing on top of a published version), interim
reports, last year's round, a closed enterprise, accounting flags (warnings and mere notes) and a
neighbouring district's reports that must not be counted."""

from __future__ import annotations

from collections import Counter
from datetime import date
from decimal import Decimal

import pytest
from django.utils import timezone

from tanxin.disclosure import queries
from tanxin.disclosure import scale as disclosure_scale
from tanxin.disclosure.models import Report, ReportVersion
from tanxin.orgs import scale as orgs_scale
from tanxin.orgs.models import Organisation
from tanxin.web import scale
from tests.personas import add_other_district_bureau

pytestmark = pytest.mark.django_db

YEAR = timezone.localdate().year - 1
FILED = ("submitted", "accepted", "in_verification", "verified", "published")


def _district(world) -> list[int]:
    add_other_district_bureau(world)
    # Next door, enterprises and their reports only (never counted here).
    disclosure_scale.generate(orgs_scale.generate(21, 40, YEAR, bureau=world.orgs["bureau_futian"]))
    ids = scale.build(22, 160, YEAR, bureau=world.orgs["bureau"]).enterprise_ids
    current = {v.report.enterprise_id: v for v in ReportVersion.objects.filter(report__enterprise_id__in=ids)
               .select_related("report")}  # fmt: skip
    published = [v for v in current.values() if v.state == "published"]
    for n, v in enumerate(published[:24]):  # restatements on top of a published version
        ReportVersion.objects.create(report=v.report, number=2, previous=v, state=("draft", "submitted")[n % 2],
                                     total_kg=v.total_kg * 3, previous_year_kg=v.previous_year_kg, quality_score=90,
                                     submitted_at=timezone.now() if n % 2 else None)  # fmt: skip
    working = [v for v in current.values() if v.state in ("submitted", "accepted", "returned")]
    for n, v in enumerate(working[:12]):  # flags from the accounting checks: some warnings, some notes only
        severity = "warning" if n % 3 else "note"
        v.inputs = {**v.inputs, "quality": {"flags": [{"code": "gap", "severity": severity}]}}
        v.flag_count, v.quality_score, v.previous_year_kg = 1, 95, v.total_kg
        v.save()
    for pk in ids[:6]:  # interim reports and last year's round
        Report.objects.create(enterprise_id=pk, year=YEAR, kind="interim", period_start=date(YEAR, 1, 1),
                              period_end=date(YEAR, 6, 30)).versions.create(state="submitted", total_kg=1000,
                                                                            submitted_at=timezone.now())  # fmt: skip
        Report.objects.create(enterprise_id=pk, year=YEAR - 1, period_start=date(YEAR - 1, 1, 1),
                              period_end=date(YEAR - 1, 12, 31)).versions.create(state="accepted", total_kg=1000)
    Organisation.objects.filter(pk__in=ids[-3:]).update(status="closed")
    return ids


def _reference(world) -> dict:
    """Everything the overview shows, counted the plain way."""
    nanshan = world.orgs["bureau"].jurisdiction_id
    versions = [v for v in ReportVersion.objects.select_related("report__enterprise")
                if v.report.enterprise.jurisdiction_id == nanshan]  # fmt: skip
    newest: dict[int, ReportVersion] = {}
    for v in versions:
        if v.report_id not in newest or v.number > newest[v.report_id].number:
            newest[v.report_id] = v
    current = sorted(newest.values(), key=lambda v: (-v.report.year, v.report.enterprise.name_zh, v.report.kind,
                                                     -v.number))  # fmt: skip
    listed = {o.pk for o in Organisation.objects.filter(jurisdiction_id=nanshan, kind="enterprise", status="active")}
    annual = [v for v in current if v.report.year == YEAR and v.report.kind == "annual"
              and v.report.enterprise_id in listed]  # fmt: skip
    counts = dict(Counter(v.state for v in annual))
    counts["none"] = len(listed) - len(annual)
    disclosed = {v.report.enterprise_id for v in versions if v.state == "published" and v.report.year == YEAR
                 and v.report.kind == "annual" and v.report.enterprise_id in listed}  # fmt: skip
    return {"total": len(listed), "counts": counts, "disclosed": len(disclosed),
            "review": sorted((v for v in current if v.state == "submitted"), key=lambda v: (v.submitted_at, v.pk)),
            "verification": [v for v in current if v.state in ("accepted", "in_verification", "verified")],
            "anomalies": [v for v in current if v.state != "draft" and v.total_kg is not None and _why(v)]}  # fmt: skip


def _why(v: ReportVersion) -> list[str]:
    reasons = []
    if v.quality_score is not None and v.quality_score < 80:
        reasons.append("quality")
    flags = ((v.inputs or {}).get("quality") or {}).get("flags") or []
    if v.flag_count and any(f.get("severity") in ("warning", "error") for f in flags):
        reasons.append("flags")
    if v.previous_year_kg and abs(Decimal(v.total_kg - v.previous_year_kg) / v.previous_year_kg) > Decimal("0.5"):
        reasons.append("change")
    return reasons


def test_the_overview_counts_and_queues_match_a_straightforward_count(world):
    _district(world)
    expected = _reference(world)
    data = queries.overview(world.users["bureau_officer"], YEAR, page=2, per_page=50)
    assert data["total"] == expected["total"] and data["disclosed"] == expected["disclosed"]
    assert data["counts"] == {k: n for k, n in expected["counts"].items() if n or k == "none"}
    assert data["review_count"] == len(expected["review"])
    assert [v.pk for v in data["review_queue"]] == [v.pk for v in expected["review"][:10]]
    assert data["verification_count"] == len(expected["verification"])
    assert data["anomaly_count"] == len(expected["anomalies"])
    assert [v.pk for v in data["anomalies"]] == [v.pk for v in expected["anomalies"][:10]]
    assert [v.anomaly_reasons for v in data["anomalies"]] == [_why(v) for v in expected["anomalies"][:10]]
    flagged = {v.pk for v in expected["anomalies"] if "flags" in _why(v)}
    assert flagged and expected["disclosed"] > expected["counts"].get("published", 0)  # the set tests both


def test_the_full_overview_lists_every_queue_item_and_every_enterprise(world):
    _district(world)
    expected = _reference(world)
    data = queries.overview(world.users["bureau_officer"], YEAR, page=None)
    assert len(data["rows"]) == expected["total"]
    assert sum(row["disclosed"] for row in data["rows"]) == expected["disclosed"]
    assert [v.pk for v in data["review_queue"]] == [v.pk for v in expected["review"]]
    assert sorted(v.pk for v in data["verification"]) == sorted(v.pk for v in expected["verification"])
    assert [v.pk for v in data["anomalies"]] == [v.pk for v in expected["anomalies"]]
    by_enterprise = {v.report.enterprise_id: v.pk for v in expected["verification"] + expected["review"]
                     if v.report.year == YEAR and v.report.kind == "annual"}  # fmt: skip
    shown = {row["enterprise"].pk: row["version"].pk for row in data["rows"] if row["version"]}
    assert all(shown[e] == pk for e, pk in by_enterprise.items() if e in shown)


def test_the_neighbouring_bureau_counts_only_its_own_district(world):
    _district(world)
    data = queries.overview(world.users["bureau_other_district"], YEAR, page=1)
    assert data["total"] == Organisation.objects.filter(jurisdiction=world.orgs["bureau_futian"].jurisdiction,
                                                        kind="enterprise").count()  # fmt: skip
    assert sum(data["counts"].values()) == data["total"]


def _matches(data: dict, expected: dict) -> bool:
    return (data["total"], data["disclosed"], data["counts"], data["review_count"], data["anomaly_count"],
            data["verification_count"]) == (expected["total"], expected["disclosed"],
                                            {k: n for k, n in expected["counts"].items() if n or k == "none"},
                                            len(expected["review"]), len(expected["anomalies"]),
                                            len(expected["verification"]))  # fmt: skip


def test_a_kept_overview_follows_every_change_to_versions_reports_and_enterprises(world):
    ids = _district(world)
    user = world.users["bureau_officer"]
    assert _matches(queries.overview(user, YEAR), _reference(world))
    version = ReportVersion.objects.filter(report__enterprise_id__in=ids, state="submitted").first()
    version.state = "accepted"
    version.save()
    assert _matches(queries.overview(user, YEAR), _reference(world))
    closed = Organisation.objects.get(pk=ids[0])
    closed.status = "closed"
    closed.save()
    assert _matches(queries.overview(user, YEAR), _reference(world))
    renamed = ReportVersion.objects.filter(report__enterprise_id__in=ids, state="accepted").last().report.enterprise
    assert queries.overview(user, YEAR)["verification"][0].report.enterprise != renamed
    renamed.name_zh = "0" + renamed.name_zh  # sorts first among the accepted: the verification queue's order changes
    renamed.save()
    assert queries.overview(user, YEAR)["verification"][0].report.enterprise == renamed
    report = Report.objects.create(enterprise_id=ids[1], year=YEAR, kind="temporary", period_start=date(YEAR, 3, 1),
                                   period_end=date(YEAR, 3, 1), event_date=date(YEAR, 3, 1))  # fmt: skip
    report.versions.create(state="submitted", total_kg=5, submitted_at=timezone.now())
    assert _matches(queries.overview(user, YEAR), _reference(world))
