"""The persona-matrix coverage record: routes are named the way the resolver and the OpenAPI document name them,
only requests inside a matrix count, and a route missing from both the record and the debt list is reported."""

from __future__ import annotations

import pytest

from tests import matrix_coverage as mc
from tests.personas import PERSONAS, check_matrix


def test_a_django_route_becomes_its_openapi_path():
    assert mc.openapi_path("api/v1/lending/loans/<int:loan_id>/value") == "/api/v1/lending/loans/{loan_id}/value"
    assert mc.openapi_path("api/v1/registry/holds/<ref>/release") == "/api/v1/registry/holds/{ref}/release"


def test_every_declared_api_operation_is_known_and_every_page_route_is_listed():
    ops = mc.api_operations()
    assert ("GET", "/api/v1/lending/loans/{loan_id}") in ops
    assert not any(path == "/api/v1/openapi.json" for _, path in ops)
    pages = mc.page_routes()
    assert "lending/loans/<int:loan_id>/" in pages and "healthz" not in pages
    assert not any(route.startswith("admin/") for route in pages)


@pytest.mark.django_db
def test_only_requests_made_inside_a_matrix_are_recorded(world):
    before = set(mc.COVERED_PAGES)
    mc.COVERED_PAGES.discard("healthz")
    world.client("bureau_admin").get("/healthz")
    assert "healthz" not in mc.COVERED_PAGES
    check_matrix(world, "/healthz", PERSONAS)
    assert "healthz" in mc.COVERED_PAGES
    mc.COVERED_PAGES.clear()
    mc.COVERED_PAGES.update(before)


def test_a_route_neither_covered_nor_owed_is_reported_and_stale_debt_too(monkeypatch):
    monkeypatch.setattr(mc, "missing", lambda: {"page new/page/", "api POST /api/v1/old"})
    monkeypatch.setattr(mc, "debt", lambda: {"api POST /api/v1/old", "page covered/now/"})
    problems = mc.verdict()
    assert any("no persona matrix reaches: page new/page/" in p for p in problems)
    assert any("strike it off" in p and "page covered/now/" in p for p in problems)
    assert not any("/api/v1/old" in p for p in problems)


def test_the_debt_list_names_only_routes_that_exist():
    declared = {f"page {r}" for r in mc.page_routes()} | {f"api {m} {p}" for m, p in mc.api_operations()}
    assert mc.debt() <= declared, sorted(mc.debt() - declared)
