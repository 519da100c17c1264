"""Navigation: each module contributes items through ``tanxin.<module>.nav.items(request, principal)``."""

from __future__ import annotations

import importlib
import importlib.util
from dataclasses import dataclass

from django.conf import settings


@dataclass(frozen=True)
class NavItem:
    label: str
    url: str
    order: int = 100


def collect(request, principal) -> list[NavItem]:
    items: list[NavItem] = []
    for label in settings.TANXIN_APPS:
        module_name = f"tanxin.{label}.nav"
        if importlib.util.find_spec(module_name) is not None:
            items.extend(importlib.import_module(module_name).items(request, principal))
    return sorted(items, key=lambda item: item.order)
