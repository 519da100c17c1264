"""The cockpit's support-fund section and its report sentence equal the support module's records (demo 2023:
21 enterprises awarded, as the bureau's summary says)."""

from __future__ import annotations

from django.core.management import call_command
from django.db.models import Sum
from django.test import TestCase

from tanxin.cockpit import board
from tanxin.cockpit.domain.report import sentences
from tanxin.orgs.models import Jurisdiction
from tanxin.support.models import Award, Disbursement, Scheme


class TestSupportSection(TestCase):
    """The demo seeded once for the class; each test runs in its own savepoint."""

    @classmethod
    def setUpTestData(cls):
        call_command("seed_demo", verbosity=0)

    def test_the_fund_year_in_the_cockpit_is_the_schemes_awards_and_payments_on_record(self):
        nanshan = Jurisdiction.objects.get(code="440305")
        c = board.build(nanshan, 2023)
        schemes = Scheme.objects.filter(jurisdiction_id__in=nanshan.with_descendants(), year=2023, kind="fund")
        awards = Award.objects.filter(application__scheme__in=schemes, amount_fen__gt=0)
        assert c.support.schemes == schemes.count() >= 1
        assert c.support.budget_fen == schemes.aggregate(s=Sum("budget_fen"))["s"]
        assert c.support.awardees == awards.values("application__enterprise").distinct().count() == 21
        assert c.support.awarded_fen == awards.aggregate(s=Sum("amount_fen"))["s"]
        assert c.support.paid_fen == Disbursement.objects.filter(application__scheme__in=schemes).aggregate(
            s=Sum("amount_fen"))["s"]  # fmt: skip
        said = {s.key: s for s in sentences(c)}
        assert said["support"].params["n"] == 21 and said["support"].params["fen"] == c.support.awarded_fen
        assert "support" not in c.missing


    def test_a_year_without_a_scheme_has_no_support_figures_rather_than_zeros(self):
        c = board.build(Jurisdiction.objects.get(code="440305"), 2025)
        assert not c.support.has_data
        assert "support" not in {s.key for s in sentences(c)}
