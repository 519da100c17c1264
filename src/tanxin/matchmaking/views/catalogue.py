"""Catalogue pages: the public catalogue, the providers' and the bureau's product list, a new product, and
the submit / publish / return / withdraw buttons."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from django.views.decorators.http import require_POST

from tanxin.matchmaking import queries
from tanxin.matchmaking.forms import ProductForm
from tanxin.matchmaking.presentation import parameters
from tanxin.matchmaking.services import catalogue
from tanxin.matchmaking.views._util import fen, roles
from tanxin.orgs import access
from tanxin.orgs.gate import principal_for
from tanxin.web.forms import attempt, flash_action

PER_PAGE = 50  # products a page of the providers' and the bureau's list


def public_catalogue(request: HttpRequest) -> HttpResponse:
    return render(request, "matchmaking/catalogue.html", {"products": queries.public_catalogue(),
                                                           "parameters": parameters()})  # fmt: skip


@login_required
def product_list(request: HttpRequest) -> HttpResponse:
    r = roles(request.user)
    if not (r["bank"] or r["staff"]):
        raise PermissionDenied
    p = principal_for(request.user)
    rows = queries.products(request.user)
    if not p.is_superuser:
        rows = rows.filter(Q(jurisdiction_id__in=p.staff_jurisdictions) | Q(provider_id__in=p.org_ids))
    page = Paginator(rows.order_by("status", "code", "pk"), PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "matchmaking/products.html", {"products": page.object_list, "page": page, "query": "",
                                                         "roles": r})  # fmt: skip


@login_required
def product_new(request: HttpRequest) -> HttpResponse:
    if not roles(request.user)["bank"]:
        raise PermissionDenied
    form = ProductForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        data = {k: d[k] for k in ("name_zh", "name_en", "kind", "min_term_months", "max_term_months", "spread_min_bp",
                                  "spread_max_bp", "min_band", "green_only", "green_conditions",
                                  "response_workdays")}  # fmt: skip
        data.update(min_amount_fen=fen(d["min_amount_yuan"]), max_amount_fen=fen(d["max_amount_yuan"]),
                    collateral=list(d["collateral"]), jurisdiction_id=d["jurisdiction"].pk,
                    industries=[x for x in d["industries"].replace("，", ",").split(",") if x.strip()])  # fmt: skip
        product = attempt(form, lambda: catalogue.create_product(request.user, data))
        if product is not None:
            messages.success(request, _("Product %(code)s saved as a draft.") % {"code": product.code})
            return redirect("matchmaking:product", product.pk)
    return render(request, "matchmaking/form.html", {"form": form, "title": _("New financial product")})


@login_required
def product_detail(request: HttpRequest, product_id: int) -> HttpResponse:
    product = queries.products(request.user).filter(pk=product_id).first()
    if product is None:
        raise Http404
    p = principal_for(request.user)
    return render(request, "matchmaking/product.html", {
        "product": product, "mine": product.provider_id in p.org_ids,
        "checker": access.is_staff_for(p, product.jurisdiction_id)})  # fmt: skip


ACTIONS = {
    "submit": (lambda u, pk, note: catalogue.submit_product(u, pk), _l("Submitted to the bureau for its check.")),
    "publish": (lambda u, pk, note: catalogue.check_product(u, pk, publish=True), _l("Product published.")),
    "return": (lambda u, pk, note: catalogue.check_product(u, pk, publish=False, note=note), _l("Product returned.")),
    "withdraw": (lambda u, pk, note: catalogue.withdraw_product(u, pk), _l("Product withdrawn.")),
}


@login_required
@require_POST
def product_step(request: HttpRequest, product_id: int, action: str) -> HttpResponse:
    if action not in ACTIONS or not queries.products(request.user).filter(pk=product_id).exists():
        raise Http404
    call, done = ACTIONS[action]
    flash_action(request, lambda: call(request.user, product_id, request.POST.get("note", "")), done)
    return redirect("matchmaking:product", product_id)
