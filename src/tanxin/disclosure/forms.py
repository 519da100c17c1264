"""Forms for the disclosure pages; the services do the real checking."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from tanxin.disclosure.models import Finding, Report, ReportVersion

TEXTAREA = forms.Textarea(attrs={"rows": 4})


class CreateForm(forms.Form):
    enterprise = forms.TypedChoiceField(label=_("Enterprise"), coerce=int)
    year = forms.IntegerField(label=_("Data year"), min_value=2000)
    kind = forms.ChoiceField(label=_("Kind"), choices=Report.Kind.choices, initial=Report.Kind.ANNUAL)
    period_start = forms.DateField(label=_("Period start (interim)"), required=False,
                                   widget=forms.DateInput(attrs={"type": "date"}))  # fmt: skip
    period_end = forms.DateField(label=_("Period end (interim)"), required=False,
                                 widget=forms.DateInput(attrs={"type": "date"}))  # fmt: skip
    event_date = forms.DateField(label=_("Event date (temporary)"), required=False,
                                 widget=forms.DateInput(attrs={"type": "date"}),
                                 help_text=_("The day the legal document (e.g. a penalty decision) was received."))
    event_reference = forms.CharField(label=_("Event reference (temporary)"), max_length=200, required=False)

    def __init__(self, *args, enterprises=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["enterprise"].choices = [(e.pk, e.name) for e in enterprises]
        self.fields["year"].max_value = timezone.localdate().year
        self.fields["year"].initial = timezone.localdate().year - 1


class ContentForm(forms.ModelForm):
    class Meta:
        model = ReportVersion
        fields = ["boundary", "methodology_notes", "reduction_targets", "reduction_actions", "quality_statement"]
        widgets = {f: TEXTAREA for f in fields}


class ReasonForm(forms.Form):
    reason = forms.CharField(label=pgettext_lazy("disclosure", "Reason"), widget=TEXTAREA, required=False,
                             max_length=20_000)


class CommentForm(forms.Form):
    body = forms.CharField(label=_("Comment"), widget=TEXTAREA, max_length=20_000)


class AssignForm(forms.Form):
    verifier = forms.TypedChoiceField(label=_("Verification body"), coerce=int)

    def __init__(self, *args, verifiers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["verifier"].choices = [(v.pk, v.name) for v in verifiers]


class FindingForm(forms.Form):
    severity = forms.ChoiceField(label=_("Severity"), choices=Finding.Severity.choices)
    body = forms.CharField(label=_("Finding"), widget=TEXTAREA, max_length=20_000)


class StatementForm(forms.Form):
    file = forms.FileField(label=_("Signed verification statement (PDF)"))


class VerifyForm(forms.Form):
    verified_t = forms.DecimalField(label=_("Verified total (tCO2e, China regulatory view)"), min_value=Decimal(0),
                                    max_digits=15, decimal_places=3)  # fmt: skip
    opinion = forms.CharField(label=_("Verification opinion"), widget=TEXTAREA, required=False, max_length=20_000)

    def verified_kg(self) -> int:
        return int(self.cleaned_data["verified_t"] * 1000)


class RestateForm(forms.Form):
    reason = forms.CharField(label=_("Why is the report restated?"), widget=TEXTAREA, max_length=20_000)
