"""The providers' and the bureau's product list comes in pages, ordered by status then code."""

import re

import pytest

from tanxin.matchmaking.models import Product
from tanxin.matchmaking.views import catalogue as catalogue_views
from tests.matchmaking.builders import product_data

pytestmark = pytest.mark.django_db


def test_the_product_list_is_paged_by_status_then_code_and_every_product_is_on_exactly_one_page(world, monkeypatch):
    from tanxin.matchmaking.services import catalogue

    monkeypatch.setattr(catalogue_views, "PER_PAGE", 2)
    nanshan = world.jurisdictions["440305"].pk
    for n in range(3):
        data = product_data(jurisdiction_id=nanshan, code=f"P-PAGE-{n}", name_zh=f"分页产品{n}")
        catalogue.create_product(world.users["bank_with_consent"], data)
    ordered = list(Product.objects.order_by("status", "code", "pk").values_list("pk", flat=True))
    bank = world.client("bank_with_consent")
    pages = [bank.get("/matchmaking/products/", {"page": n}).content.decode() for n in (1, 2)]

    def ids(page: str) -> list[int]:
        return [int(pk) for pk in re.findall(r'href="/matchmaking/products/(\d+)/"', page)]

    assert [ids(p) for p in pages] == [ordered[:2], ordered[2:4]]
    assert 'class="pager"' in pages[0]
