"""Home pages per role, health check and error pages (403, 404 and 500)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db import connection
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.views.decorators.csrf import requires_csrf_token
from django.views.decorators.http import require_GET

from tanxin.orgs.domain.roles import OrgKind
from tanxin.orgs.gate import principal_for
from tanxin.orgs.models import Organisation
from tanxin.web import homes

HOME_TEMPLATES = {
    OrgKind.BUREAU: "web/home_bureau.html",
    OrgKind.ENTERPRISE: "web/home_enterprise.html",
    OrgKind.BANK: "web/home_finance.html",
    OrgKind.GUARANTOR: "web/home_finance.html",
    OrgKind.VERIFIER: "web/home_verifier.html",
}


def home(request: HttpRequest) -> HttpResponse:
    principal = principal_for(request.user)
    if principal.is_anonymous:
        return render(request, "web/home_public.html")
    if principal.is_expert and not principal.is_bureau_staff:
        return render(request, "web/home_expert.html")
    kind = principal.primary_kind()
    context = {"organisations": Organisation.objects.filter(pk__in=principal.org_ids)}
    if kind == OrgKind.BUREAU:
        context["stats"] = _bureau_stats(request.user)
    if kind == OrgKind.ENTERPRISE:
        context.update(homes.enterprise_context(request.user, principal))
    if kind in (OrgKind.BANK, OrgKind.GUARANTOR):
        context.update(homes.finance_context(request.user, principal))
    return render(request, HOME_TEMPLATES.get(kind, "web/home_expert.html"), context)


def _bureau_stats(user) -> dict[str, int]:
    enterprises = Organisation.objects.visible_to(user).filter(kind=OrgKind.ENTERPRISE)
    return enterprises.aggregate(
        total=Count("pk"),
        key_emitters=Count("pk", filter=Q(key_emitter=True)),
        ets_national=Count("pk", filter=Q(ets="national")),
        ets_shenzhen=Count("pk", filter=Q(ets="shenzhen")),
        production=Count("pk", filter=Q(enterprise_type="production")),
        rd=Count("pk", filter=Q(enterprise_type="rd")),
    )


@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok", "database": connection.vendor})


def forbidden(request: HttpRequest, exception=None) -> HttpResponse:
    return render(request, "web/error.html", {"status": 403}, status=403)


def not_found(request: HttpRequest, exception=None) -> HttpResponse:
    return render(request, "web/error.html", {"status": 404}, status=404)


@requires_csrf_token
def server_error(request: HttpRequest) -> HttpResponse:
    """A failure of ours, said in the reader's language. The page is drawn without the site's frame and without
    context processors (either may be what failed). Under ``/api/`` the boundary middleware turns it into the
    API's error shape."""
    return HttpResponse(loader.get_template("web/500.html").render(), status=500)


@login_required
@require_GET
def search(request: HttpRequest) -> HttpResponse:
    from tanxin.web import search as finder

    # The header's box sends ``search`` (pages keep ``q`` for their own filters); the search page sends ``q``.
    results = finder.search(request.user, request.GET.get("q") or request.GET.get("search"))
    return render(request, "web/search.html", {"results": results, "search_query": results.query,
                                               "too_short": 0 < len(results.query) < finder.MIN_LENGTH})  # fmt: skip
