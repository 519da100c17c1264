"""The holds list comes in pages, newest first; its pager keeps the status filter."""

from __future__ import annotations

import re

import pytest

from tanxin.registry import services
from tanxin.registry import views as registry_views
from tanxin.registry.models import Hold

from .fixtures import build_registry

pytestmark = pytest.mark.django_db


def _refs(page: str) -> list[str]:
    return re.findall(r"/holds/([^/]+)/release/", page)


def test_the_holds_list_is_paged_newest_first_and_every_hold_is_on_exactly_one_page(world, monkeypatch):
    monkeypatch.setattr(registry_views, "LIST_PAGE", 2)
    reg = build_registry(world, allocate_a=1_000)
    admin = world.users["bureau_admin"]
    for _ in range(5):
        services.place_hold(admin, reg.a.pk, "SZA-2024", 10, "judicial_freeze", reason="court order",
                            legal_basis="(2026) 粤0305执1号")  # fmt: skip
    newest_first = list(Hold.objects.order_by("-placed_at", "-pk").values_list("ref", flat=True))
    officer = world.client("bureau_officer")
    pages = [officer.get("/registry/holds/", {"status": "open", "page": n}).content.decode() for n in (1, 2, 3)]
    assert [_refs(p) for p in pages] == [newest_first[0:2], newest_first[2:4], newest_first[4:5]]
    assert "status=open&amp;page=2" in pages[0] and "status=open&amp;page=1" in pages[1]
    beyond = officer.get("/registry/holds/", {"status": "open", "page": 99}).content.decode()
    assert _refs(beyond) == newest_first[4:5]  # a page past the end is the last page


def test_a_short_holds_list_has_no_pager(world):
    reg = build_registry(world, allocate_a=1_000)
    services.place_hold(world.users["bureau_admin"], reg.a.pk, "SZA-2024", 10, "judicial_freeze", reason="court order",
                        legal_basis="(2026) 粤0305执1号")  # fmt: skip
    page = world.client("bureau_officer").get("/registry/holds/").content.decode()
    assert len(_refs(page)) == 1 and 'class="pager"' not in page
