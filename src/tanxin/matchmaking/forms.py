"""Forms of the matchmaking pages (amounts typed in yuan, stored in fen by the views)."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tanxin.matchmaking.domain.catalogue import BANDS
from tanxin.matchmaking.models import FinancingRequest
from tanxin.matchmaking.models.catalogue import COLLATERAL_LABELS, KIND_LABELS
from tanxin.matchmaking.models.requests import DECLINE_REASONS, GREEN_CATEGORIES
from tanxin.orgs.models import Jurisdiction, Organisation

Yuan = {"max_digits": 15, "decimal_places": 2, "min_value": 0}
COLLATERAL = [(k.value, v) for k, v in COLLATERAL_LABELS.items()]


class RequestForm(forms.Form):
    amount_yuan = forms.DecimalField(label=_("Amount (CNY)"), **Yuan)
    term_months = forms.IntegerField(label=_("Term (months)"), min_value=0, max_value=9999, initial=12)
    purpose = forms.CharField(label=_("Purpose"), max_length=300)
    green_category = forms.ChoiceField(label=_("Green use"), required=False,
                                       choices=[("", _("None")), *list(GREEN_CATEGORIES.items())])  # fmt: skip
    green_description = forms.CharField(label=_("Green project"), max_length=300, required=False)
    collateral = forms.MultipleChoiceField(label=_("Collateral on offer"), choices=COLLATERAL, required=False,
                                           widget=forms.CheckboxSelectMultiple)  # fmt: skip
    urgency = forms.ChoiceField(label=_("Urgency"), choices=FinancingRequest.Urgency.choices, initial="normal")
    mode = forms.ChoiceField(label=_("Mode"), choices=FinancingRequest.Mode.choices, initial="grab")
    banks = forms.ModelMultipleChoiceField(label=_("Banks that may read our data"), required=False,
                                           queryset=Organisation.objects.none(), widget=forms.CheckboxSelectMultiple,
                                           help_text=_("Leave empty to let every bank with a matching product read "
                                                       "it (a consent is recorded for each)."))  # fmt: skip

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["banks"].queryset = (Organisation.objects.filter(kind__in=("bank", "guarantor"))
                                         .exclude(status="closed").order_by("name_zh"))  # fmt: skip


class ProductForm(forms.Form):
    name_zh = forms.CharField(label=_("Name (Chinese)"), max_length=120)
    name_en = forms.CharField(label=_("Name (English)"), max_length=120, required=False)
    kind = forms.ChoiceField(label=_("Type"), choices=[(k.value, v) for k, v in KIND_LABELS.items()])
    jurisdiction = forms.ModelChoiceField(label=_("District"), queryset=Jurisdiction.objects.filter(level="district"))
    min_amount_yuan = forms.DecimalField(label=_("Minimum amount (CNY)"), **Yuan)
    max_amount_yuan = forms.DecimalField(label=_("Maximum amount (CNY)"), **Yuan)
    min_term_months = forms.IntegerField(label=_("Minimum term (months)"), min_value=0, max_value=9999)
    max_term_months = forms.IntegerField(label=_("Maximum term (months)"), min_value=0, max_value=9999)
    spread_min_bp = forms.IntegerField(label=_("Spread over LPR from (bp)"), min_value=0, max_value=99999)
    spread_max_bp = forms.IntegerField(label=_("Spread over LPR to (bp)"), min_value=0, max_value=99999)
    collateral = forms.MultipleChoiceField(label=_("Accepted collateral"), choices=COLLATERAL, required=False,
                                           widget=forms.CheckboxSelectMultiple)  # fmt: skip
    industries = forms.CharField(label=_("Eligible industries (GB/T 4754 codes, comma-separated)"), required=False,
                                 max_length=200)  # fmt: skip
    min_band = forms.ChoiceField(label=_("Minimum screening band"), required=False,
                                 choices=[("", _("None"))] + [(b, b) for b in BANDS])  # fmt: skip
    green_only = forms.BooleanField(label=_("Green uses only"), required=False)
    green_conditions = forms.CharField(label=_("Green-use conditions"), max_length=300, required=False)
    response_workdays = forms.IntegerField(label=_("Response promise (working days)"), min_value=0, max_value=999,
                                           initial=5)  # fmt: skip


class AnswerForm(forms.Form):
    decision = forms.ChoiceField(label=_("Answer"), choices=[("approve", _("Approve")), ("decline", _("Decline"))])
    amount_yuan = forms.DecimalField(label=_("Approved amount (CNY)"), required=False, **Yuan)
    rate_percent = forms.DecimalField(label=_("Annual rate (%)"), required=False, max_digits=6, decimal_places=4,
                                      min_value=0)  # fmt: skip
    term_months = forms.IntegerField(label=_("Term (months)"), required=False, min_value=0, max_value=9999)
    decline_code = forms.ChoiceField(label=_("Reason for declining"), required=False,
                                     choices=[("", "—"), *list(DECLINE_REASONS.items())])  # fmt: skip
    note = forms.CharField(label=_("Note"), max_length=300, required=False)


class DisburseForm(forms.Form):
    amount_yuan = forms.DecimalField(label=_("Amount (CNY)"), **Yuan)
    paid_on = forms.DateField(label=_("Paid on"))
    reference = forms.CharField(label=_("Bank's reference"), max_length=60)
    green_category = forms.ChoiceField(label=_("Green use"), required=False,
                                       choices=[("", _("None")), *list(GREEN_CATEGORIES.items())])  # fmt: skip
    project = forms.CharField(label=_("Project"), max_length=200, required=False)


class UseForm(forms.Form):
    progress_pct = forms.IntegerField(label=_("Progress (%)"), min_value=0, max_value=100)
    note = forms.CharField(label=_("What was done"), max_length=500)
    evidence = forms.FileField(label=_("Evidence (PDF, JPEG or PNG)"), required=False)


class PeriodForm(forms.Form):
    start = forms.DateField(label=_("From"), required=False)
    end = forms.DateField(label=_("To"), required=False)


MAX_REQUESTS = 200  # a meeting's list of requests discussed


class RequestRefsField(forms.CharField):
    """Requests named by their numbers (a station has thousands: they are typed, never listed as choices)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 20 * MAX_REQUESTS)
        super().__init__(**kwargs)
        self.queryset = FinancingRequest.objects.none()

    def clean(self, value: Any) -> list[FinancingRequest]:
        text = super().clean(value) or ""
        refs = list(dict.fromkeys(r.upper() for r in re.split(r"[\s,，、;；]+", text) if r))
        if len(refs) > MAX_REQUESTS:
            raise forms.ValidationError(_("At most %(n)d requests.") % {"n": MAX_REQUESTS})
        found = {r.ref: r for r in self.queryset.filter(ref__in=refs)}
        unknown = [ref for ref in refs if ref not in found]
        if unknown:
            raise forms.ValidationError(_("No request you may see has the number %(refs)s.") %
                                        {"refs": "、".join(unknown[:5])})  # fmt: skip
        return [found[ref] for ref in refs]


class MeetingForm(forms.Form):
    title_zh = forms.CharField(label=_("Title (Chinese)"), max_length=200)
    title_en = forms.CharField(label=_("Title (English)"), max_length=200, required=False)
    held_on = forms.DateField(label=_("Date"))
    venue = forms.CharField(label=_("Venue"), max_length=200, required=False)
    banks = forms.ModelMultipleChoiceField(label=_("Banks"), queryset=Organisation.objects.none(), required=False,
                                           widget=forms.CheckboxSelectMultiple)  # fmt: skip
    requests = RequestRefsField(label=_("Requests discussed"), required=False,
                                help_text=_("Request numbers, separated by commas, e.g. RZ2026-000001, RZ2026-000002."))
    outcomes = forms.CharField(label=_("Outcomes"), required=False, max_length=2000, widget=forms.Textarea)

    def __init__(self, user: Any, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["banks"].queryset = (Organisation.objects.filter(kind__in=("bank", "guarantor"))
                                         .exclude(status="closed").order_by("name_zh"))  # fmt: skip
        self.fields["requests"].queryset = FinancingRequest.objects.visible_to(user).exclude(status="withdrawn")
