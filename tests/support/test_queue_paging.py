"""A scheme's application queue is paged 50 at a time, filtered by status and searched by enterprise name or
USCC, with counts per status taken over the searched rows."""

from __future__ import annotations

from collections import Counter

import pytest
from django.utils import timezone

from tanxin.orgs.models import Organisation
from tanxin.support import scale as support_scale
from tanxin.support.models import Application
from tanxin.web import scale

pytestmark = pytest.mark.django_db

YEAR = timezone.localdate().year - 1


@pytest.fixture
def round_(world):
    """The generated round with one application from each of 70 generated enterprises, in rotating states."""
    ctx = scale.build(5, 70, YEAR, bureau=world.orgs["bureau"])
    scheme = support_scale.round_of(ctx)
    applied = set(Application.objects.filter(scheme=scheme).values_list("enterprise_id", flat=True))
    orgs = Organisation.objects.filter(pk__in=ctx.enterprise_ids).exclude(pk__in=applied).order_by("pk")
    Application.objects.bulk_create(
        Application(scheme=scheme, enterprise=o, status=support_scale.STATES[i % len(support_scale.STATES)],
                    enterprise_type=o.enterprise_type or "")
        for i, o in enumerate(orgs)
    )  # fmt: skip
    return scheme


def _rows(response) -> list[int]:
    return [a.pk for a in response.context["apps"]]


def test_the_queue_shows_fifty_a_page_and_every_application_once_across_the_pages(world, round_):
    client = world.client("bureau_officer")
    expected = list(Application.objects.filter(scheme=round_).values_list("pk", flat=True))
    assert 50 < len(expected) <= 100
    url = f"/support/schemes/{round_.pk}/applications/"
    first = client.get(url)
    assert first.status_code == 200
    assert len(_rows(first)) == 50 and first.context["page"].paginator.num_pages == 2
    seen = _rows(first) + _rows(client.get(url + "?page=2"))
    assert sorted(seen) == sorted(expected)
    assert 'page=2">' in first.content.decode()  # the pager links to the next page


def test_the_counts_per_status_match_the_rows_and_the_filter_keeps_only_that_status(world, round_):
    client = world.client("bureau_officer")
    truth = Counter(Application.objects.filter(scheme=round_).values_list("status", flat=True))
    url = f"/support/schemes/{round_.pk}/applications/"
    response = client.get(url)
    shown = {v: n for v, _label, n in response.context["statuses"]}
    assert {v: n for v, n in shown.items() if n} == dict(truth)
    assert response.context["total"] == sum(truth.values())
    filtered = client.get(url + "?status=under_review")
    rows = list(Application.objects.filter(pk__in=_rows(filtered)).values_list("status", flat=True))
    assert set(rows) == {"under_review"} and filtered.context["page"].paginator.count == truth["under_review"]


def test_the_search_finds_an_enterprise_by_name_or_credit_code_and_counts_only_what_it_found(world, round_):
    client = world.client("bureau_officer")
    app = Application.objects.filter(scheme=round_).select_related("enterprise").order_by("pk").last()
    url = f"/support/schemes/{round_.pk}/applications/"
    by_code = client.get(url, {"q": app.enterprise.uscc})
    assert _rows(by_code) == [app.pk] and by_code.context["total"] == 1
    by_name = client.get(url, {"q": app.enterprise.name})
    assert app.pk in _rows(by_name)
    assert all(app.enterprise.name in a.enterprise.name for a in by_name.context["apps"])
    assert client.get(url, {"q": "no-such-enterprise"}).context["total"] == 0


def test_an_unknown_status_or_page_shows_the_first_page_of_everything_not_an_error(world, round_):
    client = world.client("bureau_officer")
    url = f"/support/schemes/{round_.pk}/applications/"
    response = client.get(url, {"status": "bogus", "page": "zz"})
    assert response.status_code == 200 and response.context["status"] == "" and response.context["page"].number == 1
    assert client.get(url, {"page": 999}).context["page"].number == 2
