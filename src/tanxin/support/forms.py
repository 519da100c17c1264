"""Page forms. Money is typed in yuan and stored in fen; the services do the checking."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from tanxin.common.money import fen_to_yuan, yuan_to_fen
from tanxin.orgs.models import Organisation
from tanxin.support.models import Criterion, EligibilityRule, Scheme

YUAN = {"max_digits": 14, "decimal_places": 2, "min_value": Decimal("0.01")}
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class SchemeForm(forms.ModelForm):
    budget_yuan = forms.DecimalField(label=_("Budget (CNY)"), **YUAN)
    cap_yuan = forms.DecimalField(label=_("Per-enterprise cap (CNY)"), initial=Decimal(500_000), **YUAN)
    bands = forms.CharField(
        label=_("Score bands"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_('Banded rule only: one band per line, "minimum score: amount in CNY", e.g. 90: 500000.'),
    )
    min_score = forms.DecimalField(label=_("Minimum score for an award"), required=False, min_value=0)
    max_awardees = forms.IntegerField(label=_("Maximum number of awardees"), required=False, min_value=1)

    class Meta:
        model = Scheme
        fields = [
            "code",
            "year",
            "title_zh",
            "title_en",
            "window_opens",
            "window_closes",
            "facts_year",
            "full_marks",
            "allocation_kind",
            "publicity_workdays",
            "spread_threshold",
        ]
        widgets = {"window_opens": DATETIME, "window_closes": DATETIME}

    def __init__(self, *args, frozen: frozenset[str] = frozenset(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["facts_year"].required = False
        self.fields["facts_year"].help_text = _(
            "Year of the disclosure and compliance facts scored (default: year − 1)."
        )
        if self.instance.pk:
            self.fields["budget_yuan"].initial = fen_to_yuan(self.instance.budget_fen)
            self.fields["cap_yuan"].initial = fen_to_yuan(self.instance.cap_fen)
            cfg = self.instance.allocation_config or {}
            self.fields["min_score"].initial = cfg.get("min_score")
            self.fields["max_awardees"].initial = cfg.get("max_awardees")
            self.fields["bands"].initial = "\n".join(
                f"{b['min_score']}: {fen_to_yuan(b['amount_fen'])}" for b in cfg.get("bands", [])
            )
        for name in frozen:
            if name in self.fields:
                self.fields[name].disabled = True

    def clean_bands(self) -> list[dict]:
        out = []
        for number, line in enumerate((self.cleaned_data.get("bands") or "").splitlines(), start=1):
            if not line.strip():
                continue
            try:
                score, amount = (part.strip() for part in line.replace("：", ":").split(":", 1))
                out.append({"min_score": str(Decimal(score)), "amount_fen": yuan_to_fen(amount), "label": ""})
            except Exception as exc:
                raise forms.ValidationError(_('Line %(n)d is not "score: amount".') % {"n": number}) from exc
        return out

    def service_data(self) -> dict:
        data = {name: self.cleaned_data[name] for name in self.Meta.fields if name in self.cleaned_data}
        if not data.get("facts_year") and data.get("year"):
            data["facts_year"] = data["year"] - 1
        data["budget_fen"] = yuan_to_fen(self.cleaned_data["budget_yuan"])
        data["cap_fen"] = yuan_to_fen(self.cleaned_data["cap_yuan"])
        data["allocation_config"] = {
            "min_score": str(self.cleaned_data.get("min_score") or 0),
            "max_awardees": self.cleaned_data.get("max_awardees"),
            "bands": self.cleaned_data.get("bands") or [],
        }
        return {k: v for k, v in data.items() if not (k in self.fields and self.fields[k].disabled)}


def _split(text: str) -> list[str]:
    return [part.strip() for part in text.replace("，", ",").replace("\n", ",").split(",") if part.strip()]


class CriterionForm(forms.ModelForm):
    enterprise_types = forms.MultipleChoiceField(
        label=_("Enterprise types (none ticked: all)"),
        choices=Organisation.EnterpriseType.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    industries = forms.CharField(label=_("Industries (GB/T 4754 codes, comma-separated; empty: all)"), required=False)
    evidence_required = forms.CharField(
        label=_("Evidence required (one per line)"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    class Meta:
        model = Criterion
        fields = [
            "position",
            "code",
            "category",
            "name_zh",
            "name_en",
            "max_points",
            "method",
            "auto_rule",
            "expert_min",
            "expert_max",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["enterprise_types"].initial = self.instance.enterprise_types
            self.fields["industries"].initial = ", ".join(self.instance.industries or [])
            self.fields["evidence_required"].initial = "\n".join(self.instance.evidence_required or [])

    def service_data(self) -> dict:
        data = {name: self.cleaned_data[name] for name in self.Meta.fields}
        data["enterprise_types"] = list(self.cleaned_data["enterprise_types"])
        data["industries"] = [c.upper() for c in _split(self.cleaned_data["industries"])]
        data["evidence_required"] = [
            x.strip() for x in self.cleaned_data["evidence_required"].splitlines() if x.strip()
        ]
        return data


class RuleForm(forms.ModelForm):
    values = forms.CharField(label=_("Values (comma-separated)"), required=False)

    class Meta:
        model = EligibilityRule
        fields = ["code", "fact", "kind", "values", "threshold"]

    def service_data(self) -> dict:
        data = {name: self.cleaned_data[name] for name in self.Meta.fields}
        data["values"] = _split(self.cleaned_data["values"])
        return data


class ApplicationForm(forms.Form):
    requested_yuan = forms.DecimalField(label=_("Amount requested (CNY, optional)"), required=False, **YUAN)
    project_summary = forms.CharField(
        label=_("Summary of green and low-carbon practice"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class DeclarationForm(forms.Form):
    declared_points = forms.DecimalField(label=_("Declared points"), max_digits=7, decimal_places=2)
    statement = forms.CharField(
        label=pgettext_lazy("application", "Statement"),
        required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 2})
    )
    file = forms.FileField(label=_("Evidence file (PDF, image, docx/xlsx)"), required=False)


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class CheckForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Formal check"),
        choices=[
            ("complete", _("Complete")),
            ("returned", _("Return for completion")),
            ("ineligible", _("Ineligible")),
        ],
    )
    reason = forms.CharField(
        label=_("Reasons"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class AssignForm(forms.Form):
    experts = forms.MultipleChoiceField(label=_("Experts"), widget=forms.CheckboxSelectMultiple, choices=())

    def __init__(self, *args, pool=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["experts"].choices = [(u.pk, str(u)) for u in pool]


class CoiForm(forms.Form):
    conflicted = forms.TypedChoiceField(
        label=_("Conflict of interest"),
        coerce=lambda v: v == "yes",
        choices=[
            ("no", _("I have no conflict of interest with this enterprise")),
            ("yes", _("I have a conflict of interest")),
        ],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(label=_("Explanation (required if conflicted)"), required=False, max_length=2000)


class SheetForm(forms.Form):
    comment = forms.CharField(
        label=_("Overall opinion"), required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, items=(), lang="zh-hans", **kwargs):
        super().__init__(*args, **kwargs)
        self.items = list(items)
        for item in self.items:
            low, high = item.expert_range
            name = item.name_en if lang.startswith("en") and item.name_en else item.name_zh
            self.fields[f"score_{item.code}"] = forms.DecimalField(
                label=f"{item.code} {name} ({low}–{high})", max_digits=7, decimal_places=2
            )
            self.fields[f"comment_{item.code}"] = forms.CharField(label=_("Comment"), required=False, max_length=2000)

    def scores(self) -> dict:
        return {i.code: self.cleaned_data[f"score_{i.code}"] for i in self.items}

    def comments(self) -> dict:
        return {i.code: self.cleaned_data.get(f"comment_{i.code}", "") for i in self.items}


class VerifyForm(forms.Form):
    verified_points = forms.DecimalField(label=_("Verified points"), max_digits=7, decimal_places=2)
    note = forms.CharField(label=_("Note (required when points are cut)"), required=False, max_length=2000)


class AdjustScoreForm(forms.Form):
    item_code = forms.CharField(label=_("Criterion code"), max_length=20)
    new_points = forms.DecimalField(label=_("New points"), max_digits=7, decimal_places=2)
    reason = forms.CharField(label=_("Reason"), max_length=2000)


class AwardForm(forms.Form):
    amount_yuan = forms.DecimalField(label=_("Award (CNY)"), max_digits=14, decimal_places=2, min_value=0)
    reason = forms.CharField(label=_("Reason"), required=False, max_length=2000)


class PublicityForm(forms.Form):
    start = forms.DateField(label=_("First day of publicity"), widget=DATE)


class ObjectionForm(forms.Form):
    application = forms.TypedChoiceField(label=_("About"), coerce=int, required=False, empty_value=None, choices=())
    text = forms.CharField(label=_("Objection"), max_length=4000, widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, rows=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["application"].choices = [("", _("The result as a whole"))] + [
            (r["application_id"], r["enterprise"].name) for r in rows
        ]


class AnswerForm(forms.Form):
    answer = forms.CharField(label=_("Answer"), max_length=4000, widget=forms.Textarea(attrs={"rows": 2}))


class DisbursementForm(forms.Form):
    amount_yuan = forms.DecimalField(label=_("Amount paid (CNY)"), **YUAN)
    paid_on = forms.DateField(label=_("Paid on"), widget=DATE)
    reference = forms.CharField(label=_("Payment reference"), max_length=100)
