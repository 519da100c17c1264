"""Registry lists answer the platform's one page shape, and accounts and holds sync with ``updated_since``."""

from urllib.parse import quote

import pytest
from django.utils import timezone

from tanxin.common.limits import MAX_PAGE_SIZE
from tanxin.registry import services
from tanxin.registry.models import Account

from .fixtures import build_registry

pytestmark = pytest.mark.django_db
API = "/api/v1/registry"


@pytest.fixture
def reg(world):
    return build_registry(world)


def since_url(path: str, instant) -> str:
    return f"{API}/{path}?updated_since={quote(instant.isoformat())}"


def test_the_account_list_is_a_page_in_account_number_order(reg):
    page = reg.world.client("bureau_admin").get(f"{API}/accounts?limit=2&offset=1").json()
    visible = Account.objects.visible_to(reg.user("bureau_admin"))
    numbers = list(visible.order_by("number").values_list("number", flat=True))
    assert page["count"] == len(numbers) and page["limit"] == 2 and page["offset"] == 1
    assert [a["number"] for a in page["items"]] == numbers[1:3]


def test_a_page_larger_than_the_maximum_is_refused_with_a_validation_error(reg):
    client = reg.world.client("bureau_admin")
    response = client.get(f"{API}/accounts?limit={MAX_PAGE_SIZE + 1}")
    assert response.status_code == 422 and response.json()["code"] == "validation_error"
    assert client.get(f"{API}/accounts?limit={MAX_PAGE_SIZE}").status_code == 200


def test_an_offset_past_the_end_answers_an_empty_page_with_the_full_count(reg):
    page = reg.world.client("bureau_admin").get(f"{API}/holds?offset=1000").json()
    assert page == {"count": 0, "limit": 50, "offset": 1000, "items": []}


def test_accounts_updated_since_are_those_whose_holdings_moved_or_that_changed(reg):
    since = timezone.now()
    services.transfer(reg.user("enterprise_a"), reg.a.pk, reg.b.number, "SZA-2024", 5, reason="sale")
    bank = Account.objects.get(pk=reg.bank.pk)
    bank.blocked, bank.blocked_reason = True, "court order"
    bank.save()
    page = reg.world.client("bureau_admin").get(since_url("accounts", since)).json()
    assert {a["number"] for a in page["items"]} == {reg.a.number, reg.b.number, reg.bank.number}
    assert page["count"] == 3
    before = reg.world.client("bureau_admin").get(since_url("accounts", since.replace(year=2000))).json()
    assert before["count"] == Account.objects.visible_to(reg.user("bureau_admin")).count()


def test_accounts_updated_since_stay_inside_what_the_caller_may_see(reg):
    since = timezone.now()
    services.transfer(reg.user("enterprise_a"), reg.a.pk, reg.b.number, "SZA-2024", 5, reason="sale")
    page = reg.world.client("enterprise_b").get(since_url("accounts", since)).json()
    assert [a["number"] for a in page["items"]] == [reg.b.number]


def test_holds_updated_since_are_those_placed_or_moved_since_then(reg):
    admin = reg.user("bureau_admin")
    early = services.place_hold(admin, reg.a.pk, "SZA-2024", 100, "admin_hold", reason="check")
    untouched = services.place_hold(admin, reg.a.pk, "SZA-2024", 50, "admin_hold", reason="check")
    since = timezone.now()
    services.release_hold(admin, early["hold_ref"], 40, reason="partly cleared")
    late = services.place_hold(admin, reg.a.pk, "SZA-2024", 10, "admin_hold", reason="check")
    page = reg.world.client("bureau_admin").get(since_url("holds", since)).json()
    refs = {h["ref"] for h in page["items"]}
    assert refs == {early["hold_ref"], late["hold_ref"]} and untouched["hold_ref"] not in refs
    assert page["count"] == 2


def test_holds_filter_by_status_inside_the_page(reg):
    admin = reg.user("bureau_admin")
    kept = services.place_hold(admin, reg.a.pk, "SZA-2024", 100, "admin_hold", reason="check")
    gone = services.place_hold(admin, reg.a.pk, "SZA-2024", 10, "admin_hold", reason="check")
    services.release_hold(admin, gone["hold_ref"], reason="cleared")
    page = reg.world.client("bureau_admin").get(f"{API}/holds?status=open").json()
    assert [h["ref"] for h in page["items"]] == [kept["hold_ref"]] and page["count"] == 1
