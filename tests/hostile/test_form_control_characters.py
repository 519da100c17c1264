"""Forms refuse control characters on the field, in the user's language, and save nothing."""

from __future__ import annotations

import pytest
from django import forms
from django.urls import reverse
from django.utils import translation

from tanxin.lending.models import OutreachEntry
from tests.personas import build_world

pytestmark = pytest.mark.django_db


class NoteForm(forms.Form):
    note = forms.CharField(widget=forms.Textarea)


@pytest.mark.parametrize("bad", ["bell\x07", "esc\x1b[31m", "del\x7f", "nul\x00", "half \ud800 pair"])
def test_any_form_text_field_refuses_a_control_character_with_a_chinese_field_error(bad):
    with translation.override("zh-hans"):
        form = NoteForm({"note": bad})
        assert not form.is_valid()
        assert "控制字符" in " ".join(form.errors["note"])


def test_line_breaks_and_tabs_stay_allowed_in_text_areas():
    form = NoteForm({"note": "第一行\r\n第二行\t缩进"})
    assert form.is_valid(), form.errors


def test_a_real_page_shows_the_field_error_and_saves_nothing():
    world = build_world()
    url = reverse("lending:screening_outreach_new", args=[world.orgs["enterprise_a"].pk])
    answer = world.client("bureau_admin").post(url, {
        "topic_kind": "policy", "topic": "碳排放权质押\x07贷款", "channel": "meeting", "told_on": "2026-11-02",
    })  # fmt: skip
    assert answer.status_code == 400  # the form page answers an invalid form with 400 and its field errors
    assert "控制字符" in answer.content.decode()
    assert not OutreachEntry.objects.exists()
