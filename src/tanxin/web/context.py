from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from tanxin.orgs.gate import principal_for
from tanxin.web.nav import NavItem, collect


def navigation(request):
    principal = principal_for(getattr(request, "user", None))
    items = [NavItem(_("Home"), reverse("home"), 0)]
    if not principal.is_anonymous:
        items += collect(request, principal)
    path = request.path
    active = max((i.url for i in items if path.startswith(i.url)), key=len, default="")
    return {"nav_items": items, "nav_active": active, "principal": principal}
