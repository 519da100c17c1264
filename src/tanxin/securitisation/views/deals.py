"""The deal list, a new deal, and the deal designer (parties, pool with reasons, structure, runs)."""

from __future__ import annotations

import json
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from tanxin.common.errors import DomainError
from tanxin.orgs.domain.roles import OrgKind
from tanxin.orgs.gate import principal_for
from tanxin.securitisation import facts, queries, services
from tanxin.securitisation.domain import templates
from tanxin.securitisation.gate import Access, access_for
from tanxin.securitisation.messages import REASONS
from tanxin.securitisation.models import Run
from tanxin.securitisation.services import deals as deal_services
from tanxin.securitisation.views.common import guarded, load
from tanxin.web.forms import attempt, flash_action


class DealForm(forms.Form):
    name_zh = forms.CharField(label=gettext_lazy("Name (Chinese)"), max_length=120)
    name_en = forms.CharField(label=gettext_lazy("Name (English)"), max_length=120, required=False)
    cut_off = forms.DateField(label=gettext_lazy("Cut-off date"), widget=forms.DateInput(attrs={"type": "date"}))
    first_payment = forms.DateField(label=gettext_lazy("First payment date"),
                                    widget=forms.DateInput(attrs={"type": "date"}))  # fmt: skip
    originator = forms.CharField(label=gettext_lazy("Originator"), max_length=120, required=False)
    plan_manager = forms.CharField(label=gettext_lazy("Plan manager"), max_length=120, required=False)
    custodian = forms.CharField(label=gettext_lazy("Custodian"), max_length=120, required=False)
    servicer = forms.CharField(label=gettext_lazy("Servicer"), max_length=120, required=False)
    rating_agency = forms.CharField(label=gettext_lazy("Rating agency"), max_length=120, required=False)


class StructureForm(forms.Form):
    senior_share_pct = forms.DecimalField(label=gettext_lazy("Senior share (%)"), min_value=1, max_value=99,
                                          initial=87, decimal_places=2)  # fmt: skip
    senior_coupon_pct = forms.DecimalField(label=gettext_lazy("Senior coupon (% a year)"), min_value=0,
                                           max_value=50, initial="3.80", decimal_places=2)  # fmt: skip
    mezzanine_share_pct = forms.DecimalField(label=gettext_lazy("Mezzanine share (%)"), min_value=0, max_value=50,
                                             initial=0, decimal_places=2)  # fmt: skip
    expected_maturity = forms.IntegerField(label=gettext_lazy("Senior expected maturity (months)"), min_value=1,
                                           max_value=600, initial=12)  # fmt: skip
    reserve_yuan = forms.DecimalField(label=gettext_lazy("Reserve account (CNY)"), min_value=0, initial=0,
                                      decimal_places=2, max_digits=15)  # fmt: skip
    oc_floor = forms.DecimalField(label=gettext_lazy("OC test floor"), min_value=0, max_value=10, initial="1.05",
                                  decimal_places=4)  # fmt: skip
    principal_mode = forms.ChoiceField(label=gettext_lazy("Principal"), choices=[
        ("sequential", gettext_lazy("Sequential")), ("pro_rata", gettext_lazy("Pro rata"))])  # fmt: skip
    guarantor = forms.BooleanField(label=gettext_lazy("Guarantor shortfall payment"), required=False,
                                   initial=True)  # fmt: skip


class JsonForm(forms.Form):
    structure = forms.CharField(label=gettext_lazy("Structure (JSON)"), widget=forms.Textarea(attrs={"rows": 12}))


@login_required
def deal_list(request: HttpRequest) -> HttpResponse:
    rows = list(queries.deals(request.user)[:200])
    summaries = {s.id: s for s in facts.deals()} if rows else {}
    p = principal_for(request.user)
    return render(request, "securitisation/list.html", {
        "deals": [(d, summaries.get(d.pk), access_for(request.user, d)) for d in rows],
        "may_create": p.is_superuser or bool(p.org_ids_of_kind(OrgKind.GUARANTOR)),
    })  # fmt: skip


@login_required
def deal_new(request: HttpRequest) -> HttpResponse:
    p = principal_for(request.user)
    if not (p.is_superuser or p.org_ids_of_kind(OrgKind.GUARANTOR)):
        raise PermissionDenied
    form = DealForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        deal = attempt(form, lambda: services.create_deal(request.user, form.cleaned_data))
        if deal is not None:
            messages.success(request, _("Deal created."))
            return redirect("securitisation:deal", deal.pk)
    return render(request, "securitisation/new.html", {"form": form})


def _candidates(deal: Any) -> list[dict[str, Any]]:
    return [{"fact": c.fact, "eligible": c.verdict.eligible, "in_pool": c.in_pool, "months": c.verdict.remaining_months,
             "reasons": [str(REASONS.get(r, r)) for r in c.verdict.reasons]}
            for c in deal_services.candidates(deal)]  # fmt: skip


@login_required
def deal_detail(request: HttpRequest, deal_id: int) -> HttpResponse:
    deal, access = load(request, deal_id)
    lines = list(queries.pool(request.user, deal, access))
    names = {x.enterprise_id: x.enterprise_name for x in lines}
    subsidy = [(names[s.enterprise_id], s) for s in facts.subsidy_lines(deal.pk) if s.enterprise_id in names]
    context = {"deal": deal, "access": str(access), "lines": lines, "subsidy": subsidy,
               "pool_fen": sum(x.balance_fen for x in lines), "edit": access == Access.EDIT}  # fmt: skip
    if access != Access.LINE:
        pool_fen = context["pool_fen"]
        context.update(
            candidates=_candidates(deal), tranches=list(deal.tranches.all()),
            runs=list(queries.runs(request.user, deal)[:20]), rules=deal.rules,
            base=queries.latest(request.user, deal, Run.Kind.BASE),
            structure_form=StructureForm(), json_form=JsonForm(initial={
                "structure": json.dumps(deal.structure or templates.standard(pool_fen or 1), ensure_ascii=False,
                                        indent=1)}),
        )  # fmt: skip
    return render(request, "securitisation/deal.html", context)


@login_required
def deal_edit(request: HttpRequest, deal_id: int) -> HttpResponse:
    deal, _access = load(request, deal_id, edit=True)
    initial = {k: getattr(deal, k) for k in DealForm.base_fields}
    form = DealForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        if attempt(form, lambda: guarded(lambda: services.update_deal(request.user, deal_id, form.cleaned_data))):
            messages.success(request, _("Deal saved."))
            return redirect("securitisation:deal", deal_id)
    return render(request, "securitisation/edit.html", {"form": form, "deal": deal})


@login_required
@require_POST
def deal_pool(request: HttpRequest, deal_id: int) -> HttpResponse:
    load(request, deal_id, edit=True)
    ids = [int(x) for x in request.POST.getlist("loan") if x.isdigit()]
    try:
        services.set_pool(request.user, deal_id, ids)
        messages.success(request, _("Pool saved."))
    except DomainError as exc:
        bad = exc.details.get("loans", {}) if isinstance(exc.details, dict) else {}
        reasons = "; ".join(f"{k}: {', '.join(str(REASONS.get(r, r)) for r in v)}" for k, v in bad.items())
        messages.error(request, f"{exc.message} {reasons}".strip())
    return redirect("securitisation:deal", deal_id)


@login_required
@require_POST
def deal_structure(request: HttpRequest, deal_id: int) -> HttpResponse:
    deal, _access = load(request, deal_id, edit=True)
    if "structure" in request.POST:
        try:
            data = json.loads(request.POST["structure"])
        except ValueError:
            messages.error(request, _("The structure is not valid JSON."))
            return redirect("securitisation:deal", deal_id)
    else:
        form = StructureForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Check the structure fields."))
            return redirect("securitisation:deal", deal_id)
        d = form.cleaned_data
        pool_fen = sum(deal.pool.filter(active=True).values_list("balance_fen", flat=True))
        data = templates.standard(
            pool_fen, senior_share_bp=int(d["senior_share_pct"] * 100),
            senior_coupon_bp=int(d["senior_coupon_pct"] * 100),
            mezzanine_share_bp=int(d["mezzanine_share_pct"] * 100), expected_maturity=d["expected_maturity"],
            reserve_fen=int(d["reserve_yuan"] * 100), oc_floor=str(d["oc_floor"]), guarantor=d["guarantor"],
            principal_mode=d["principal_mode"])  # fmt: skip
    flash_action(request, lambda: guarded(lambda: services.set_structure(request.user, deal_id, data)),
                 _("Structure saved."))  # fmt: skip
    return redirect("securitisation:deal", deal_id)


def _assumptions(post: Any) -> dict[str, Any]:
    keys = ("cdr", "cpr", "recovery_lag", "slippage", "price_shock", "price_drift", "paths", "seed", "price_model",
            "default_sigma", "correlation")  # fmt: skip
    return {k: post[k].strip() for k in keys if post.get(k, "").strip()}


@login_required
@require_POST
def deal_run(request: HttpRequest, deal_id: int, kind: str) -> HttpResponse:
    load(request, deal_id, edit=True)
    fn = services.run_stress if kind == "stress" else services.run_base
    try:
        run = guarded(lambda: fn(request.user, deal_id, _assumptions(request.POST)))
    except DomainError as exc:
        messages.error(request, str(exc.message))
        return redirect("securitisation:deal", deal_id)
    return redirect("securitisation:run", deal_id, run.pk)


@login_required
def deal_export(request: HttpRequest, deal_id: int) -> HttpResponse:
    deal, _access = load(request, deal_id, full=True)
    response = JsonResponse(services.export_deal(deal), json_dumps_params={"ensure_ascii": False, "indent": 1})
    response["Content-Disposition"] = f'attachment; filename="abs-deal-{deal.pk}.json"'
    return response


@login_required
def deal_import(request: HttpRequest) -> HttpResponse:
    p = principal_for(request.user)
    if not (p.is_superuser or p.org_ids_of_kind(OrgKind.GUARANTOR)):
        raise PermissionDenied
    error = ""
    if request.method == "POST":
        upload = request.FILES.get("file")
        try:
            data = json.loads(upload.read(1_000_001).decode("utf-8")) if upload else None
            deal = services.import_deal(request.user, data)
            messages.success(request, _("Deal imported."))
            return redirect("securitisation:deal", deal.pk)
        except (ValueError, UnicodeDecodeError):
            error = _("The deal description cannot be read.")
        except DomainError as exc:
            error = str(exc.message)
    return render(request, "securitisation/import.html", {"error": error})
