"""The menus are grouped by what a person does and show only what the role can use; the header counts unread
notices; the search box finds only what the person may see."""

from __future__ import annotations

import re

import pytest

from tanxin.orgs.notifications import notify
from tanxin.web.nav import ADMIN, COMPLIANCE, DATA, FINANCE, SUPPORT
from tests.personas import check_matrix

pytestmark = pytest.mark.django_db


def groups_on(html: str) -> list[str]:
    return re.findall(r'data-group="(\w+)"', html)


def test_bureau_staff_see_grouped_menus_with_each_module_in_its_group(world):
    response = world.client("bureau_officer").get("/")
    groups = response.context["nav_groups"]
    keys = [g.key for g in groups]
    assert keys == [k for k in (DATA, COMPLIANCE, FINANCE, SUPPORT, ADMIN) if k in keys]
    where = {item.url: g.key for g in groups for item in g.items}
    assert where["/directory/"] == DATA and where["/registry/compliance/"] == COMPLIANCE
    assert where["/support/"] == SUPPORT and where["/lending/"] == FINANCE
    assert where["/directory/tokens/"] == ADMIN
    assert "/directory/inbox/" not in where  # the inbox lives in the header with its count
    assert groups_on(response.content.decode()) == keys


def test_an_enterprise_sees_no_menu_it_cannot_use_and_an_expert_sees_only_its_own(world):
    enterprise = world.client("enterprise_a").get("/").context
    urls = [item.url for g in enterprise["nav_groups"] for item in g.items]
    assert "/directory/" not in urls and "/lending/screening/" not in urls
    expert = world.client("expert").get("/").context
    assert all(g.items for g in expert["nav_groups"])  # no empty menu is ever drawn


def test_the_header_shows_the_unread_count_in_the_readers_language(world):
    user = world.users["enterprise_a"]
    notify(kind="test", subject="Deadline", user_ids=[user.pk], email=False)
    notify(kind="test", subject="Second", user_ids=[user.pk], email=False)
    html = world.client("enterprise_a").get("/").content.decode()
    assert 'data-testid="unread-count"' in html and ">2</span>" in html
    assert "2 条未读通知" in html
    other = world.client("enterprise_b").get("/").content.decode()
    assert 'data-testid="unread-count"' not in other


def test_anonymous_visitors_get_public_pages_and_no_search_box(client, world):
    html = client.get("/").content.decode()
    assert 'role="search"' not in html and "/directory/inbox/" not in html
    assert "/disclosure/public/" in html


def test_the_search_finds_an_enterprise_only_for_people_who_may_see_it(world):
    check_matrix(world, "/search/?q=机密名称A", allowed=["bureau_admin", "bureau_officer", "enterprise_a",
                                                      "bank_with_consent", "superuser", "enterprise_b",
                                                      "bank_without_consent", "verifier_assigned", "verifier_other",
                                                      "expert"])  # fmt: skip
    for persona in ("enterprise_b", "bank_without_consent", "verifier_other", "expert"):
        page = world.client(persona).get("/search/?q=机密名称A")
        assert page.context["results"].groups == () and 'data-testid="no-hits"' in page.content.decode()
    for persona in ("bureau_officer", "enterprise_a", "bank_with_consent"):
        page = world.client(persona).get("/search/?q=机密名称A")
        assert [h.label for h in page.context["results"].groups[0][2]] == [world.orgs["enterprise_a"].name_zh]


def test_the_search_api_answers_the_same_hits_and_refuses_a_long_query(world):
    client = world.client("bureau_officer")
    body = client.get("/api/v1/search", {"q": "Secret"}).json()
    labels = {h["label"] for g in body["groups"] for h in g["hits"]}
    assert labels == {world.orgs["enterprise_a"].name_zh, world.orgs["enterprise_b"].name_zh}
    assert body["count"] == 2
    too_long = client.get("/api/v1/search", {"q": "x" * 101})
    assert too_long.status_code == 422 and too_long.json()["code"] == "validation_error"
    check_matrix(world, "/api/v1/search?q=Secret", api=True,
                 allowed=[p for p in ("bureau_admin", "bureau_officer", "enterprise_a", "enterprise_b",
                                      "bank_with_consent", "bank_without_consent", "verifier_assigned",
                                      "verifier_other", "expert", "superuser")])  # fmt: skip


def test_a_one_letter_query_asks_nothing_and_says_so(world):
    html = world.client("bureau_officer").get("/search/?q=a").content.decode()
    assert "请至少输入两个字符" in html or "Type at least two characters" in html


def test_the_header_box_sends_its_own_field_so_page_filters_keep_theirs(world):
    html = world.client("bureau_officer").get("/directory/").content.decode()
    header = html[:html.index("<main")]
    assert 'name="search"' in header and 'name="q"' not in header
    page = world.client("bureau_officer").get("/search/?search=Secret")
    assert page.context["results"].count == 2


def test_home_is_marked_only_on_the_home_page_and_a_page_outside_the_menus_marks_its_modules_group(world):
    client = world.client("bureau_officer")
    home = client.get("/").context
    assert (home["nav_active"], home["nav_active_group"]) == ("/", "")
    holds = client.get("/registry/holds/").context  # reached from the registry's tabs, in no menu
    assert holds["nav_active"] != "/" and holds["nav_active_group"] == COMPLIANCE
    board = client.get("/registry/compliance/").context
    assert (board["nav_active"], board["nav_active_group"]) == ("/registry/compliance/", COMPLIANCE)
    loans = client.get("/lending/").context
    assert (loans["nav_active"], loans["nav_active_group"]) == ("/lending/", FINANCE)
