"""A page in the back half of a long list is read from the end and turned round: the same rows, in the
same order, as reading forward with an offset."""

from __future__ import annotations

import random

import pytest
from django.core.paginator import Paginator

from tanxin.orgs.models import Jurisdiction, Organisation
from tanxin.orgs.seed import make_enterprises
from tanxin.web.paging import TwoWayPaginator

pytestmark = pytest.mark.django_db


@pytest.fixture
def orgs(world):
    district = Jurisdiction.objects.create(name_zh="测试区", name_en="Test", code="440399", level="district")
    made = make_enterprises(random.Random(3), 53, district, start=70_000)
    for i, org in enumerate(made):
        org.name_zh = f"同名企业{i % 4}"  # ties on the name: the primary key decides
    Organisation.objects.bulk_create(made)
    return Organisation.objects.filter(jurisdiction=district)


@pytest.mark.parametrize("per_page,orphans", [(5, 0), (10, 3), (53, 0), (60, 0)])
def test_every_page_is_the_same_both_ways(orgs, per_page, orphans):
    ordered = orgs.order_by("name_zh", "pk")
    forward = Paginator(ordered, per_page, orphans=orphans)
    two_way = TwoWayPaginator(ordered, per_page, orphans=orphans)
    assert two_way.num_pages == forward.num_pages
    for number in forward.page_range:
        assert [o.pk for o in two_way.page(number)] == [o.pk for o in forward.page(number)]


def test_descending_orders_and_lists_page_the_same_way(orgs):
    ordered = orgs.order_by("-name_zh", "-pk")
    rows = list(ordered)
    for source in (ordered, rows):
        pages = TwoWayPaginator(source, 7)
        assert [o.pk for n in pages.page_range for o in pages.page(n)] == [o.pk for o in rows]


def test_narrow_rows_give_the_slices_and_count_of_the_queryset(orgs):
    from tanxin.web.paging import NarrowRows, narrow_page

    ordered = orgs.select_related("industry").order_by("name_zh", "-pk")
    rows = list(ordered)
    narrow = NarrowRows(ordered)
    assert narrow.count() == len(rows) == 53
    for start in (0, 10, 50, 60):
        assert [o.pk for o in narrow[start:start + 10]] == [o.pk for o in rows[start:start + 10]]
    page = narrow_page(ordered, 3, 20)
    assert [o.pk for o in page.object_list] == [o.pk for o in rows[40:53]] and page.paginator.count == 53
