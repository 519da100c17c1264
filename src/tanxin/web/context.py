from __future__ import annotations

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tanxin.orgs import notifications
from tanxin.orgs.gate import principal_for
from tanxin.web.nav import TOP, NavItem, collect, grouped

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
            items.append(NavItem(str(label), reverse(name), order, TOP))
        except NoReverseMatch:  # the module is not installed in this deployment
            continue
    return items


def navigation(request):
    principal = principal_for(getattr(request, "user", None))
    home = NavItem(_("Home"), reverse("home"), 0, TOP)
    items = [home] + (public_items() if principal.is_anonymous else collect(request, principal))
    top, groups = grouped(items)
    path = request.path
    active = max((i.url for i in items if path.startswith(i.url)), key=len, default="")
    active_group = next((g.key for g in groups if any(i.url == active for i in g.items)), "")
    unread = None if principal.is_anonymous else notifications.unread_count(request.user)
    return {"nav_items": items, "nav_top": top, "nav_groups": groups, "nav_active": active,
            "nav_active_group": active_group, "principal": principal, "unread_notices": unread,
            "search_enabled": not principal.is_anonymous}  # fmt: skip
