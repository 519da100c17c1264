"""The compliance board pages a province: one page of positions, a search, and an obligation form that
suggests a few enterprises as the user types instead of listing them all."""

from __future__ import annotations

import re

import pytest

from tanxin.orgs.models import Organisation
from tanxin.orgs.seed import make_enterprises
from tanxin.registry import queries, services
from tanxin.registry.models import Obligation
from tests.personas import check_matrix
from tests.registry.fixtures import build_registry

pytestmark = pytest.mark.django_db

BUREAU = {"bureau_admin", "bureau_officer"}


def _members(world, n: int) -> list[Organisation]:
    import random

    nanshan = world.orgs["enterprise_a"].jurisdiction
    orgs = make_enterprises(random.Random(7), n, nanshan, start=50_000)
    for org in orgs:
        org.ets = "shenzhen"
    return Organisation.objects.bulk_create(orgs)


def test_the_board_shows_one_page_of_fifty_and_says_how_many_there_are(world):
    _members(world, 60)
    total = queries.board_enterprises(world.users["bureau_officer"]).count()
    client = world.client("bureau_officer")
    first = client.get("/registry/compliance/?year=2025").content.decode()
    assert first.count("<tr>") - 1 == 50  # header row + 50 enterprises
    assert f"共 {(total + 49) // 50} 页" in first or f"of {(total + 49) // 50}" in first
    last = client.get(f"/registry/compliance/?year=2025&page={(total + 49) // 50}").content.decode()
    assert last.count("<tr>") - 1 == total - 50


def test_the_board_search_finds_an_enterprise_by_name_or_credit_code(world):
    reg = build_registry(world)
    services.set_obligation(world.users["bureau_admin"], reg.a.owner_id, 2025, 4000, reason="manual")
    a, client = reg.a.owner, world.client("bureau_officer")
    for q in (a.name_zh, a.uscc.lower()):
        page = client.get("/registry/compliance/", {"year": 2025, "q": q}).content.decode()
        assert a.name_zh in page and re.search(r">4,?000 <", page)
    assert a.name_zh not in client.get("/registry/compliance/", {"year": 2025, "q": "无此企业"}).content.decode()


def test_the_obligation_form_has_no_option_list_and_suggests_at_most_twenty(world):
    _members(world, 40)
    client = world.client("bureau_officer")
    page = client.get("/registry/compliance/?year=2025").content.decode()
    assert "<option" not in page.split('name="enterprise"', 1)[1].split("</form>", 1)[0]
    suggestions = client.get("/registry/compliance/enterprises/", {"enterprise": "91"}).content.decode()
    assert suggestions.count("<option") == 20
    assert client.get("/registry/compliance/enterprises/", {"enterprise": ""}).content.decode().strip() == ""


def test_the_suggestions_are_for_bureau_staff_and_never_show_another_district(world):
    futian = world.orgs["enterprise_futian"]
    futian.ets = "shenzhen"
    futian.save()
    check_matrix(world, f"/registry/compliance/enterprises/?enterprise={futian.uscc[:6]}", BUREAU,
                 secret=futian.name_zh)  # fmt: skip
    page = world.client("bureau_officer").get("/registry/compliance/enterprises/", {"enterprise": futian.uscc})
    assert futian.name_zh not in page.content.decode()


def test_an_obligation_is_set_by_picking_the_suggested_credit_code(world):
    reg = build_registry(world)
    a = reg.a.owner
    a.ets = "shenzhen"
    a.save()
    client = world.client("bureau_officer")
    form = {"enterprise": a.uscc, "year": 2025, "tonnes": 1234, "reason": "核查排放量"}
    response = client.post("/registry/compliance/?year=2025", form)
    assert response.status_code == 302
    assert Obligation.objects.get(enterprise=a, year=2025).verified_emissions_t == 1234


def test_an_unknown_or_foreign_enterprise_is_a_field_error_and_saves_nothing(world):
    futian = world.orgs["enterprise_futian"]
    futian.ets = "shenzhen"
    futian.save()
    client = world.client("bureau_officer")
    for text in ("无此企业", futian.uscc):
        response = client.post("/registry/compliance/?year=2025",
                               {"enterprise": text, "year": 2025, "tonnes": 1, "reason": "x"})  # fmt: skip
        assert response.status_code == 200
        assert "从建议中选择企业" in response.content.decode()
    assert not Obligation.objects.exists()
