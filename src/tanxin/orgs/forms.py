from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from tanxin.orgs.domain.roles import OrgKind
from tanxin.orgs.models import ApiToken, Jurisdiction, Organisation
from tanxin.orgs.queries import partners


class OrganisationForm(forms.ModelForm):
    """The profile form; ``fields`` is cut down to what the user may edit (see services.editable_fields)."""

    class Meta:
        model = Organisation
        fields = [
            "kind", "uscc", "name_zh", "name_en", "jurisdiction", "industry", "enterprise_type", "size",
            "address", "contact_name", "contact_phone", "contact_email", "key_emitter", "ets", "status",
        ]  # fmt: skip

    def __init__(self, *args, allowed: tuple[str, ...], jurisdictions=None, **kwargs):
        super().__init__(*args, **kwargs)
        for name in list(self.fields):
            if name not in allowed:
                del self.fields[name]
        if "jurisdiction" in self.fields and jurisdictions is not None:
            self.fields["jurisdiction"].queryset = jurisdictions
        if "uscc" in self.fields:
            self.fields["uscc"].help_text = _("18 characters; the check character is verified.")

    def clean_uscc(self) -> str:
        return (self.cleaned_data.get("uscc") or "").strip().upper()


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Excel file (.xlsx)"))


class InviteForm(forms.Form):
    email = forms.EmailField(label=_("Email"))
    role = forms.ChoiceField(label=_("Role"), choices=())

    def __init__(self, *args, roles: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = roles


class AcceptInvitationForm(forms.Form):
    username = forms.CharField(label=_("User name"), max_length=150)
    display_name = forms.CharField(label=_("Display name"), max_length=100, required=False)
    password = forms.CharField(label=_("Password"), widget=forms.PasswordInput, min_length=10)


class ConsentForm(forms.Form):
    grantee = forms.ModelChoiceField(
        label=_("Bank or guarantor"), queryset=partners(OrgKind.BANK, OrgKind.GUARANTOR)
    )
    purpose = forms.CharField(label=_("Purpose"), max_length=200)
    expires_at = forms.DateTimeField(
        label=_("Expires"), required=False, widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )


class TokenForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100)
    scope = forms.ChoiceField(label=_("Scope"), choices=ApiToken.Scope.choices)
    days = forms.IntegerField(label=_("Valid for (days)"), min_value=1, max_value=366, initial=90)


class JurisdictionForm(forms.ModelForm):
    class Meta:
        model = Jurisdiction
        fields = ["code", "name_zh", "name_en", "level", "parent"]
