"""Navigation: each module contributes items through ``tanxin.<module>.nav.items(request, principal)``.

The shell decides where an item goes: the menus are grouped by what a person does (data, compliance,
finance, support, administration), and the group of each module's items is set here, by app label and, where
one app serves two groups, by URL name. A module's ``nav.py`` only says which items a role may use; a new app
needs one line in ``APP_GROUPS``. A group no item of the role falls into is not shown.
"""

from __future__ import annotations

import importlib
import importlib.util
from dataclasses import dataclass, replace

from django.conf import settings
from django.urls import Resolver404, resolve
from django.utils.translation import gettext_lazy as _

TOP, HEADER = "top", "header"  # on the bar itself; in the header tools (the inbox with its unread count)
DATA, COMPLIANCE, FINANCE, SUPPORT, ADMIN = "data", "compliance", "finance", "support", "admin"
GROUP_LABELS = {DATA: _("Data"), COMPLIANCE: _("Compliance"), FINANCE: _("Finance"), SUPPORT: _("Support"),
                ADMIN: _("Administration")}  # fmt: skip
GROUP_ORDER = (DATA, COMPLIANCE, FINANCE, SUPPORT, ADMIN)
APP_GROUPS = {"orgs": ADMIN, "accounting": DATA, "market": DATA, "disclosure": COMPLIANCE, "registry": COMPLIANCE,
              "support": SUPPORT, "lending": FINANCE, "securitisation": FINANCE, "matchmaking": FINANCE,
              "cockpit": TOP}  # fmt: skip
# Items whose app serves another group than its own: the directory is data; the inbox sits in the header.
ITEM_GROUPS = {"orgs:directory": DATA, "orgs:inbox": HEADER, "disclosure:public": DATA}


@dataclass(frozen=True)
class NavItem:
    label: str
    url: str
    order: int = 100
    group: str = ""  # set by the shell (``collect``); modules leave it empty


@dataclass(frozen=True)
class NavGroup:
    key: str
    label: str
    items: tuple[NavItem, ...]


def group_of(app_label: str, item: NavItem) -> str:
    try:
        name = resolve(item.url.split("?", 1)[0]).view_name
    except Resolver404:
        name = ""
    return ITEM_GROUPS.get(name, APP_GROUPS.get(app_label, ADMIN))


def collect(request, principal) -> list[NavItem]:
    items: list[NavItem] = []
    for label in settings.TANXIN_APPS:
        module_name = f"tanxin.{label}.nav"
        if importlib.util.find_spec(module_name) is not None:
            for item in importlib.import_module(module_name).items(request, principal):
                items.append(item if item.group else replace(item, group=group_of(label, item)))
    return sorted(items, key=lambda item: item.order)


def grouped(items: list[NavItem]) -> tuple[list[NavItem], list[NavGroup]]:
    """(items shown on the bar itself, the non-empty menus in their fixed order)."""
    top = [i for i in items if i.group == TOP]
    groups = [NavGroup(key, str(GROUP_LABELS[key]), tuple(i for i in items if i.group == key)) for key in GROUP_ORDER]
    return top, [g for g in groups if g.items]
