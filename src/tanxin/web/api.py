"""The shell's API operations (mounted by ``config/api.py`` at ``/api/v1/``): the search box's answer."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from tanxin.web import search as finder

router = Router(tags=["search"])


class SearchQuery(Schema):
    q: str = Field(..., max_length=finder.MAX_LENGTH, description="name, number or reference; at least 2 characters")


class SearchHitOut(Schema):
    kind: str = Field(..., description="enterprise | report | loan | deal | application")
    label: str
    detail: str
    url: str = Field(..., description="the page of the record")


class SearchGroupOut(Schema):
    kind: str
    label: str
    hits: list[SearchHitOut]


class SearchOut(Schema):
    query: str
    count: int
    groups: list[SearchGroupOut]


@router.get("/search", response=SearchOut, operation_id="search")
def search(request: HttpRequest, params: Query[SearchQuery]):
    """What the caller may see whose name, number or reference matches ``q`` (at most 10 per kind)."""
    results = finder.search(request.user, params.q)
    return {"query": results.query, "count": results.count,
            "groups": [{"kind": kind, "label": label, "hits": [vars(h) for h in hits]}
                       for kind, label, hits in results.groups]}  # fmt: skip
