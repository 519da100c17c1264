"""The demo tells one consistent story: ``manage.py check_demo`` passes on a freshly seeded demo, and the
facts each support scheme scored existed before its window closed."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import TestCase

from tanxin.accounting.domain import bundle
from tanxin.disclosure import demo_checks, facts, figure_bundle
from tanxin.disclosure.models import ReportVersion
from tanxin.orgs.models import ConsentGrant
from tanxin.registry import facts as registry
from tanxin.registry.models import Obligation
from tanxin.support.models import Application, Scheme

DISCLOSURE = "tanxin.disclosure.facts.disclosure"
REGISTRY = "tanxin.registry.facts.compliance"


class TestTheDemo(TestCase):
    """The demo seeded once for the class; each test runs in its own savepoint and leaves it as it was."""

    @classmethod
    def setUpTestData(cls):
        call_command("seed_demo", stdout=StringIO())

    def test_the_seeded_demo_passes_check_demo_and_tells_one_story(self):
        out = StringIO()
        call_command("check_demo", stdout=out)
        assert "consistent" in out.getvalue()
        assert demo_checks.problems() == []
        # the enterprise that consented to the first bank is compliant in every year it has an obligation
        consenting = {g.enterprise_id for g in ConsentGrant.objects.filter(grantee__kind="bank")}
        assert consenting
        for enterprise_id in consenting:
            for year in demo_checks.YEARS:
                pos = registry.position(enterprise_id, year)
                assert pos.status in ("compliant", "no_obligation", "pending"), (enterprise_id, year, pos.status)
        # no manual obligation hides a verified figure
        for year in demo_checks.YEARS:
            for pos in registry.positions(consenting, year).values():
                assert pos.obligation_source in ("", "disclosure")


    def test_every_support_scheme_scores_only_facts_that_existed_when_its_window_closed(self):
        for scheme in Scheme.objects.all():
            closes = scheme.window_closes
            for app in Application.objects.filter(scheme=scheme).exclude(facts={}):
                year, sources = app.facts["year"], app.facts["sources"]
                keys = ("disclosure_published", "intensity_this_year")
                if any(sources.get(k, "").startswith(DISCLOSURE) for k in keys):
                    d = facts.disclosure(app.enterprise_id, year)
                    if app.facts["values"].get("disclosure_published"):
                        assert d.published_at is not None and d.published_at <= closes, (scheme.code, app.pk)
                values = app.facts["values"]
                if sources.get("intensity_last_year", "").startswith(DISCLOSURE) and values.get("intensity_last_year"):
                    d = facts.disclosure(app.enterprise_id, year - 1)
                    assert (d.published_at or d.verified_at) <= closes, (scheme.code, app.pk)
                scored = values.get("compliance_on_time") is not None
                if sources.get("compliance_on_time", "").startswith(REGISTRY) and scored:
                    deadline = registry.position(app.enterprise_id, year).deadline
                    assert deadline is not None and deadline <= closes.date(), (scheme.code, app.pk)
        first = Scheme.objects.get(code="GLC-2023")
        assert first.facts_year == 2022  # the round of June–July 2023 scores the year before it


    def test_check_demo_fails_on_a_contradiction(self):
        # the 2024 story: a manual 45,770 t obligation against a verified 9,612 t, without a reason
        consenting = ConsentGrant.objects.filter(grantee__kind="bank").first().enterprise_id
        Obligation.objects.filter(enterprise_id=consenting, year=2024).update(verified_emissions_t=45_770,
                                                                             source="manual", reason="")
        assert any("obligation 45770 t" in p for p in demo_checks.problems())
        with pytest.raises(CommandError, match="inconsistencies"):
            call_command("check_demo", stdout=StringIO(), stderr=StringIO())


    def test_every_published_demo_report_is_recomputed_from_its_bundle_alone(self):
        published = ReportVersion.objects.filter(state="published", report__kind="annual").select_related("report")
        assert published.count() >= 30
        for version in published:
            data = json.loads(figure_bundle.as_json(figure_bundle.build(version)))  # what a download holds
            result = bundle.recompute(data)
            assert result.digest_matches, version.pk
            assert result.total_kg == version.inputs["total_kg"], (version.pk, result.total_kg)
