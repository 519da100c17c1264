"""The enterprise claims the financing subsidy: it picks an open scheme, its loans and the interest period; the
loans' facts are filled in from the platform's records and support's workflow takes the claim from there."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tanxin.common.money import format_yuan
from tanxin.matchmaking.services import subsidy
from tanxin.matchmaking.views._util import fen, own_enterprise
from tanxin.orgs.models import Organisation
from tanxin.support.services import subsidies
from tanxin.web.forms import attempt


class ClaimForm(forms.Form):
    scheme = forms.TypedChoiceField(label=gettext_lazy("Subsidy scheme"), coerce=int)
    loans = forms.MultipleChoiceField(label=gettext_lazy("Loans"), widget=forms.CheckboxSelectMultiple)
    start = forms.DateField(label=gettext_lazy("Interest period from"))
    end = forms.DateField(label=gettext_lazy("Interest period to (exclusive)"))
    fee_yuan = forms.DecimalField(label=gettext_lazy("Guarantee fees paid (CNY)"), required=False, max_digits=15,
                                  decimal_places=2, min_value=0)  # fmt: skip
    contract = forms.FileField(label=gettext_lazy("Loan contract"))
    settlement = forms.FileField(label=gettext_lazy("Interest settlement certificate"))
    pledge_notice = forms.FileField(label=gettext_lazy("Pledge notice (pledge loans)"), required=False)

    def __init__(self, enterprise_id: int, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        jurisdiction = Organisation.objects.get(pk=enterprise_id).jurisdiction
        self.fields["scheme"].choices = [(s.id, f"{s.title}（{s.year}）") for s in subsidies.open_schemes(
            {jurisdiction.pk, jurisdiction.parent_id} - {None})]  # fmt: skip
        self.fields["loans"].choices = [(c.key, f"{c.ref} · {c.lender} · {format_yuan(c.principal_fen)}")
                                        for c in subsidy.claimable(enterprise_id)]  # fmt: skip


@login_required
def claim(request: HttpRequest) -> HttpResponse:
    enterprise_id = own_enterprise(request.user)
    if enterprise_id is None:
        raise PermissionDenied
    form = ClaimForm(enterprise_id, request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        evidence = {k: (d[k].name, d[k].read()) for k in ("contract", "settlement", "pledge_notice") if d.get(k)}
        fee = fen(d.get("fee_yuan"))
        keys = list(d["loans"])
        fees = {keys[0]: fee} if fee else {}
        app = attempt(form, lambda: subsidy.claim(request.user, d["scheme"], enterprise_id, keys, d["start"], d["end"],
                                                  evidence, fees))  # fmt: skip
        if app is not None:
            messages.success(request, _("Claim saved; submit it from the application page."))
            return redirect("support:application", app.pk)
    return render(request, "matchmaking/form.html", {"form": form, "title": _("Claim the financing subsidy")})
