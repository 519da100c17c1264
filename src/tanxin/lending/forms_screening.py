"""Screening forms: they only parse input; the services decide and refuse with translated reasons."""

from __future__ import annotations

import json
from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tanxin.common.money import yuan_to_fen
from tanxin.lending.models import CreditRecord, OutreachEntry, Visit

DATE = forms.DateInput(attrs={"type": "date"})


class YuanField(forms.CharField):
    """An amount in yuan typed by a person, returned as whole fen."""

    def clean(self, value: Any) -> int | None:
        value = super().clean(value)
        if value in (None, ""):
            return None
        try:
            amount = Decimal(str(value).replace(",", "").strip())
        except InvalidOperation as exc:
            raise forms.ValidationError(_("Enter an amount in yuan.")) from exc
        if not amount.is_finite() or abs(amount) >= Decimal("1e15"):
            raise forms.ValidationError(_("Enter an amount in yuan."))
        return yuan_to_fen(amount)


class EvidenceMixin(forms.Form):
    evidence = forms.FileField(label=_("Evidence (PDF, JPEG or PNG)"), required=False)

    def evidence_tuple(self) -> tuple[str, bytes] | None:
        upload = self.cleaned_data.get("evidence")
        return (upload.name, upload.read()) if upload else None


class CreditRecordForm(EvidenceMixin):
    kind = forms.ChoiceField(label=_("Kind"), choices=CreditRecord.Kind.choices)
    value = forms.ChoiceField(label=_("Value"), required=False, choices=[
        ("", "—"),
        (_("Dishonest-debtor list"), [("listed", _("Listed")), ("not_listed", _("Not listed"))]),
        (_("Environmental credit colour"), [("green", _("Green")), ("blue", _("Blue")), ("yellow", _("Yellow")),
                                            ("red", _("Red"))]),
        (_("Tax credit grade"), [(g, g) for g in ("A", "B", "M", "C", "D")]),
    ])  # fmt: skip
    overdue_count = forms.IntegerField(label=_("Number of overdue loans"), required=False, min_value=0, max_value=999)
    amount = YuanField(label=_("Overdue amount (CNY)"), required=False)
    as_of = forms.DateField(label=_("As of"), widget=DATE)
    note = forms.CharField(label=_("Note"), max_length=500, required=False)

    def service_value(self) -> str:
        if self.cleaned_data["kind"] == "overdue_loans":
            count = self.cleaned_data.get("overdue_count")
            return "" if count is None else str(count)
        return self.cleaned_data.get("value") or ""


class FinancialsForm(EvidenceMixin):
    period_end = forms.DateField(label=_("Period end"), widget=DATE)
    revenue = YuanField(label=_("Revenue (CNY)"))
    net_profit = YuanField(label=_("Net profit (CNY)"))
    total_assets = YuanField(label=_("Total assets (CNY)"))
    total_liabilities = YuanField(label=_("Total liabilities (CNY)"))


class ConsentRequestForm(forms.Form):
    uscc = forms.CharField(label=_("Enterprise's unified social credit code"), max_length=18)
    purpose = forms.CharField(label=_("Purpose"), max_length=200)
    message = forms.CharField(label=_("Message"), max_length=1000, required=False, widget=forms.Textarea)


class AnswerForm(forms.Form):
    decision = forms.ChoiceField(choices=[("accept", _("Accept")), ("decline", _("Decline"))])
    reason = forms.CharField(label=_("Reason"), max_length=500, required=False)


class VisitForm(forms.Form):
    scheduled_for = forms.DateField(label=_("Scheduled for"), widget=DATE)
    purpose = forms.CharField(label=_("Purpose"), max_length=300)


class VisitReportForm(EvidenceMixin):
    visited_on = forms.DateField(label=_("Visited on"), widget=DATE)
    findings = forms.CharField(label=_("Findings"), max_length=5000, widget=forms.Textarea)
    rating = forms.ChoiceField(label=_("Green rating"), choices=Visit.Rating.choices)


class OutreachForm(forms.Form):
    topic_kind = forms.ChoiceField(label=_("Topic"), choices=OutreachEntry.Topic.choices)
    topic = forms.CharField(label=_("Policy or product"), max_length=200)
    channel = forms.ChoiceField(label=_("Channel"), choices=OutreachEntry.Channel.choices)
    told_on = forms.DateField(label=_("Date"), widget=DATE)
    contact_person = forms.CharField(label=_("Person told"), max_length=100, required=False)
    note = forms.CharField(label=_("Note"), max_length=1000, required=False)


class ScorecardForm(forms.Form):
    config = forms.CharField(label=_("Scorecard (JSON)"), widget=forms.Textarea(attrs={"rows": 24}))
    note = forms.CharField(label=_("Note"), max_length=500, required=False)

    def clean_config(self) -> Any:
        try:
            return json.loads(self.cleaned_data["config"])
        except (ValueError, TypeError) as exc:
            raise forms.ValidationError(_("This is not valid JSON.")) from exc
