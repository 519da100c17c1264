"""The support applications an enterprise's home lists, read through the support facts (demo district)."""

from __future__ import annotations

from django.core.management import call_command
from django.test import TestCase
from django.utils import translation

from tanxin.support import facts
from tanxin.support.models import Application


class TestApplicationsOf(TestCase):
    @classmethod
    def setUpTestData(cls):
        call_command("seed_demo", verbosity=0)

    def test_the_newest_applications_of_the_enterprises_asked_about_with_their_status_in_the_readers_language(self):
        ids = list(Application.objects.values_list("enterprise_id", flat=True).distinct().order_by("enterprise_id")[:3])
        expected = list(Application.objects.filter(enterprise_id__in=ids).exclude(status="withdrawn").order_by("-pk"))
        assert expected, "the demo has applications"
        with translation.override("en"):
            found = facts.applications_of(ids, limit=100)
        assert [a.id for a in found] == [a.pk for a in expected]
        first = found[0]
        assert (first.enterprise_id, first.scheme_id, first.status) == (expected[0].enterprise_id,
                                                                        expected[0].scheme_id, expected[0].status)
        with translation.override("en"):
            assert first.status_label == expected[0].get_status_display()
        with translation.override("zh-hans"):
            assert facts.applications_of(ids, limit=1)[0].status_label == str(expected[0].get_status_display())

    def test_withdrawn_ones_are_left_out_the_list_is_cut_and_no_enterprise_means_nothing(self):
        app = Application.objects.order_by("pk").first()
        Application.objects.filter(pk=app.pk).update(status="withdrawn")
        assert app.pk not in {a.id for a in facts.applications_of([app.enterprise_id], limit=100)}
        ids = list(Application.objects.values_list("enterprise_id", flat=True).distinct())
        assert len(facts.applications_of(ids, limit=2)) == 2
        assert facts.applications_of([], limit=5) == ()
