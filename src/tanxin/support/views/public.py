"""Public pages (no sign-in): published schemes, their criteria, and the publicity list; objections."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from tanxin.orgs.models import Organisation
from tanxin.support import mapping, queries
from tanxin.support.forms import ObjectionForm
from tanxin.support.services import results
from tanxin.support.views._util import attempt


def _scheme(scheme_id: int):
    scheme = queries.public_scheme(scheme_id)
    if scheme is None:
        raise Http404
    return scheme


def public_index(request: HttpRequest) -> HttpResponse:
    return render(request, "support/public_index.html", {"schemes": queries.public_schemes()})


def public_criteria(request: HttpRequest, scheme_id: int) -> HttpResponse:
    scheme = _scheme(scheme_id)
    etype = request.GET.get("type", "")
    if etype not in dict(Organisation.EnterpriseType.choices):
        etype = ""
    lang = get_language() or "zh-hans"
    categories = [
        (cat, label, [(i, queries.item_name(i, lang)) for i in items])
        for cat, label, items in queries.criteria_by_category(scheme, etype or None)
    ]
    ctx = {
        "scheme": scheme,
        "categories": categories,
        "etype": etype,
        "types": Organisation.EnterpriseType.choices,
        "rules": mapping.eligibility_rules(scheme),
        "attainable": sum(i.max_points for _c, _l, items in categories for i, _n in items),
    }
    return render(request, "support/public_criteria.html", ctx)


def public_publicity(request: HttpRequest, scheme_id: int) -> HttpResponse:
    scheme = _scheme(scheme_id)
    rows = queries.public_publicity(scheme)
    return render(
        request,
        "support/public_publicity.html",
        {"scheme": scheme, "rows": rows, "total_fen": sum(r["amount_fen"] for r in rows)},
    )


@login_required
def objection(request: HttpRequest, scheme_id: int) -> HttpResponse:
    scheme = _scheme(scheme_id)
    rows = queries.public_publicity(scheme)
    form = ObjectionForm(request.POST or None, rows=rows)
    if request.method == "POST" and form.is_valid():
        done = attempt(
            form,
            lambda: results.file_objection(
                request.user, scheme.pk, form.cleaned_data["text"], form.cleaned_data["application"]
            ),
        )
        if done:
            messages.success(
                request, _("Your objection has been filed. The bureau will answer it before the result becomes final.")
            )
            return redirect("support:public_publicity", scheme.pk)
    ctx = {
        "form": form,
        "title": _("Object to the result of %(scheme)s") % {"scheme": scheme.title},
        "scheme": scheme,
        "mine": queries.objections(request.user, scheme).filter(filed_by=request.user),
    }
    return render(request, "support/objection.html", ctx, status=400 if form.errors else 200)
