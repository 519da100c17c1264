"""Support lists answer the platform's one page shape ``{count, limit, offset, items}``."""

from __future__ import annotations

import pytest

from tanxin.support import mapping

from .conftest import make_scheme

pytestmark = pytest.mark.django_db
API = "/api/v1/support"


def test_the_frozen_criteria_of_a_scheme_come_a_page_at_a_time_in_tree_order(world):
    scheme = make_scheme(world)
    codes = [i.code for i in mapping.criteria_tree(scheme).items]
    assert len(codes) >= 3
    client = world.client("bureau_admin")
    first = client.get(f"{API}/schemes/{scheme.pk}/criteria?limit=2").json()
    rest = client.get(f"{API}/schemes/{scheme.pk}/criteria?limit=2&offset=2").json()
    assert first["count"] == rest["count"] == len(codes)
    assert [c["code"] for c in first["items"] + rest["items"]] == codes[:4]


def test_published_schemes_are_a_page_for_anyone(world):
    scheme = make_scheme(world)
    page = world.client("anonymous").get(f"{API}/public/schemes").json()
    assert page["limit"] == 50 and page["offset"] == 0
    assert [s["id"] for s in page["items"]] == [scheme.pk] and page["count"] == 1


def test_a_scheme_list_page_past_the_end_is_empty_but_counts_every_scheme(world):
    make_scheme(world)
    page = world.client("bureau_admin").get(f"{API}/schemes?offset=10").json()
    assert page == {"count": 1, "limit": 50, "offset": 10, "items": []}


def test_a_page_above_the_maximum_size_is_a_validation_error(world):
    response = world.client("bureau_admin").get(f"{API}/applications?limit=501")
    assert response.status_code == 422 and response.json()["code"] == "validation_error"


def test_applications_changed_since_an_instant_are_those_saved_at_or_after_it(world):
    from datetime import timedelta
    from urllib.parse import quote

    from django.utils import timezone

    from tanxin.support.services import applications

    scheme = make_scheme(world)
    a = applications.start_application(world.users["enterprise_a"], scheme.pk)
    b = applications.start_application(world.users["enterprise_b"], scheme.pk)
    since = timezone.now() + timedelta(microseconds=1)
    client = world.client("bureau_admin")

    def changed(instant) -> list[int]:
        page = client.get(f"{API}/applications?updated_since={quote(instant.isoformat())}").json()
        return [x["id"] for x in page["items"]]

    assert sorted(changed(since - timedelta(hours=1))) == sorted([a.pk, b.pk])
    assert changed(since) == []
    applications.submit(world.users["enterprise_b"], b.pk)
    assert changed(since) == [b.pk]
    assert world.client("enterprise_a").get(f"{API}/applications?updated_since={quote(since.isoformat())}").json() \
        == {"count": 0, "limit": 50, "offset": 0, "items": []}  # the enterprise never sees B's change
