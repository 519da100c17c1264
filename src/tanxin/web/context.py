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
    active, active_group = _active(request.path, home.url, items, groups)
    unread = None if principal.is_anonymous else notifications.unread_count(request.user)
    return {"nav_items": items, "nav_top": top, "nav_groups": groups, "nav_active": active,
            "nav_active_group": active_group, "principal": principal, "unread_notices": unread,
            "search_enabled": not principal.is_anonymous}  # fmt: skip


def _active(path: str, home_url: str, items: list[NavItem], groups) -> tuple[str, str]:
    """The menu item a page belongs to (the longest item URL it starts with; Home only on the home page itself,
    since every path starts with "/"), and the menu group to mark. A page no item names (a register reached from
    a tab, say) marks the group holding its module's pages: the first group with an item under the page's first
    path segment."""
    if path == home_url:
        return home_url, ""
    active = max((i.url for i in items if i.url != home_url and path.startswith(i.url)), key=len, default="")
    group = next((g.key for g in groups if any(i.url == active for i in g.items)), "") if active else ""
    if not group:
        section = "/" + path.strip("/").split("/", 1)[0] + "/"
        group = next((g.key for g in groups if any(i.url.startswith(section) for i in g.items)), "")
    return active, group

