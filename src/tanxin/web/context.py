from __future__ import annotations

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tanxin.orgs.gate import principal_for
from tanxin.web.nav import NavItem, collect

# Pages anyone may read without signing in (published data only).
PUBLIC_PAGES = [
    ("disclosure:public", gettext_lazy("Public disclosures")),
    ("registry:public", gettext_lazy("Registry explorer")),
    ("support:public_index", gettext_lazy("Support fund notices")),
]


def public_items() -> list[NavItem]:
    items = []
    for order, (name, label) in enumerate(PUBLIC_PAGES, start=50):
        try:
            items.append(NavItem(str(label), reverse(name), order))
        except NoReverseMatch:  # the module is not installed in this deployment
            continue
    return items


def navigation(request):
    principal = principal_for(getattr(request, "user", None))
    items = [NavItem(_("Home"), reverse("home"), 0)]
    items += public_items() if principal.is_anonymous else collect(request, principal)
    path = request.path
    active = max((i.url for i in items if path.startswith(i.url)), key=len, default="")
    return {"nav_items": items, "nav_active": active, "principal": principal}
