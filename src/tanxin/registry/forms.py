"""Registry forms. Each tonne-moving form carries a one-time idempotency key, so a double click replays."""

from __future__ import annotations

import uuid

from django import forms
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from tanxin.registry.models import Hold
from tanxin.web.forms import EnterpriseField, EnterpriseSearchInput


class KeyedForm(forms.Form):
    idempotency_key = forms.CharField(widget=forms.HiddenInput, max_length=200)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("idempotency_key", uuid.uuid4().hex)


def _instrument():
    return forms.CharField(
        label=_("Instrument"), max_length=80, help_text=_("For example SZA-2024, CEA-2024 or CCER-P001-B1")
    )


def _quantity():
    return forms.IntegerField(label=_("Quantity (t)"), min_value=1)


class TransferForm(KeyedForm):
    to_account = forms.CharField(label=_("Destination account number"), max_length=40)
    instrument = _instrument()
    quantity = _quantity()
    reason = forms.CharField(label=_("Reason"), max_length=500, required=False)


class SurrenderForm(KeyedForm):
    instrument = _instrument()
    quantity = _quantity()
    year = forms.IntegerField(label=_("Compliance year"), min_value=2000, max_value=2100)


class CancelForm(KeyedForm):
    instrument = _instrument()
    quantity = _quantity()
    beneficiary = forms.CharField(label=_("On behalf of"), max_length=200, required=False)
    purpose = forms.CharField(label=_("Purpose"), max_length=300, required=False)


class TrustedForm(forms.Form):
    counterparty = forms.CharField(label=_("Trusted counterparty account number"), max_length=40)


class IssueForm(KeyedForm):
    instrument = _instrument()
    quantity = _quantity()
    reason = forms.CharField(label=_("Reason"), max_length=500)
    legal_basis = forms.CharField(label=_("Legal basis"), max_length=300, required=False)


class AllocateForm(KeyedForm):
    SUBTYPES = [("pre_allocation", _("Pre-allocation")), ("true_up", _("True-up")), ("clawback", _("Claw-back"))]
    account = forms.CharField(label=_("Account number"), max_length=40)
    subtype = forms.ChoiceField(label=_("Type"), choices=SUBTYPES)
    instrument = _instrument()
    quantity = _quantity()
    reason = forms.CharField(label=_("Reason"), max_length=500)
    legal_basis = forms.CharField(label=_("Legal basis"), max_length=300, required=False)


class BulkForm(KeyedForm):
    SUBTYPES = [("pre_allocation", _("Pre-allocation")), ("true_up", _("True-up"))]
    file = forms.FileField(
        label=_("Allocation table (CSV or XLSX)"),
        help_text=_("Columns: uscc or account, instrument, quantity. All rows or none."),
    )
    subtype = forms.ChoiceField(label=_("Type"), choices=SUBTYPES)
    reason = forms.CharField(label=_("Reason"), max_length=500)
    legal_basis = forms.CharField(label=_("Legal basis"), max_length=300, required=False)


class HoldForm(KeyedForm):
    kind = forms.ChoiceField(label=_("Kind"), choices=Hold.Kind.choices)
    instrument = _instrument()
    quantity = _quantity()
    pledgee = forms.ModelChoiceField(label=_("Pledgee"), queryset=None, required=False)
    registration_no = forms.CharField(label=_("Registration number (PBOC registry)"), max_length=120, required=False)
    notice_no = forms.CharField(label=_("Notice or ruling number"), max_length=120, required=False)
    reason = forms.CharField(label=_("Reason"), max_length=500, required=False)
    legal_basis = forms.CharField(label=_("Legal basis"), max_length=300, required=False)

    def __init__(self, *args, pledgees=None, kinds=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["pledgee"].queryset = pledgees
        if kinds is not None:
            self.fields["kind"].choices = [c for c in Hold.Kind.choices if c[0] in kinds]


class ReleaseForm(KeyedForm):
    quantity = forms.IntegerField(label=_("Quantity (t)"), min_value=1, required=False,
                                  help_text=_("Leave empty to release everything still held."))  # fmt: skip
    reason = forms.CharField(label=_("Reason"), max_length=500, required=False)


class EnforceForm(KeyedForm):
    quantity = _quantity()
    beneficiary_account = forms.CharField(label=_("Beneficiary account number"), max_length=40, required=False,
                                          help_text=_("Pledges go to the pledgee's account; freezes to this account "
                                                      "or, if empty, to surrender."))  # fmt: skip
    reason = forms.CharField(label=_("Reason"), max_length=500, required=False)
    legal_basis = forms.CharField(label=_("Legal basis"), max_length=300, required=False)


class OpenAccountForm(forms.Form):
    organisation = EnterpriseField(label=_("Organisation"), help_text=_("Type a name or a credit code."),
                                   widget=EnterpriseSearchInput(reverse_lazy("registry:account_organisations")))
    external_number = forms.CharField(
        label=_("External account number"), max_length=60, required=False,
        help_text=_("The number in the authoritative registry, if this one mirrors it."),
    )  # fmt: skip

    def __init__(self, *args, organisations=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations


class ReverseForm(KeyedForm):
    tx_id = forms.CharField(label=_("Transaction to reverse"), max_length=40)
    reason = forms.CharField(label=_("Reason"), max_length=500)


class ObligationForm(forms.Form):
    enterprise = EnterpriseField(label=_("Enterprise"), help_text=_("Type a name or a credit code."),
                                 widget=EnterpriseSearchInput(reverse_lazy("registry:obligation_enterprises")))
    year = forms.IntegerField(label=_("Compliance year"), min_value=2000, max_value=2100)
    tonnes = forms.IntegerField(label=_("Obligation (t)"), min_value=0)
    reason = forms.CharField(label=_("Reason"), max_length=500)

    def __init__(self, *args, enterprises=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["enterprise"].queryset = enterprises


class StatementForm(forms.Form):
    file = forms.FileField(label=_("External statement (CSV)"),
                           help_text=_("Columns: external_account, instrument, balance."))  # fmt: skip
    name = forms.CharField(label=_("Statement name"), max_length=200, required=False)


class ResolveForm(forms.Form):
    resolution = forms.CharField(label=_("Resolution"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)


class CertificateCheckForm(forms.Form):
    code = forms.CharField(label=_("Certificate code"), max_length=32)
