"""Aggregate pages and exports count only what the user may see: the Futian bureau (staff of a neighbouring
district) sees none of Nanshan's names or figures on any dashboard, board, overview or export, while the
Nanshan bureau sees them (so each secret below is really on the page for those allowed)."""

from __future__ import annotations

import io
import json

import pytest
from openpyxl import load_workbook

from tanxin.registry import services as registry
from tanxin.support import queries as support_queries
from tanxin.support.models import Award
from tanxin.support.services import applications
from tests.disclosure.support import drive
from tests.personas import add_other_district_bureau, check_aggregate_for_outsider
from tests.registry.fixtures import build_registry
from tests.support.conftest import make_scheme

pytestmark = pytest.mark.django_db

NAME_A, NAME_B = "甲企业（机密名称A）", "乙企业（机密名称B）"
AWARD_FEN = 7_654_321  # 76,543.21 CNY: a figure nothing else on the pages produces


@pytest.fixture
def fund(world):
    """A Nanshan scheme with two applications and one award."""
    scheme = make_scheme(world)
    app_a = applications.start_application(world.users["enterprise_a"], scheme.pk)
    applications.start_application(world.users["enterprise_b"], scheme.pk)
    Award.objects.create(application=app_a, rank=1, draft_fen=AWARD_FEN, amount_fen=AWARD_FEN, cap_fen=AWARD_FEN,
                         basis="proportional")  # fmt: skip
    return scheme


def test_the_fund_dashboard_counts_nothing_of_another_district(world, fund):
    outsider = add_other_district_bureau(world)
    theirs = support_queries.dashboard(outsider)
    assert theirs == {"by_status": {}, "by_type": {}, "scores": [], "by_industry": {}, "by_category": {}, "years": []}
    ours = support_queries.dashboard(world.users["bureau_admin"])
    assert ours["by_status"] == {"draft": 2}
    assert [(y["applications"], y["committed_fen"], y["awardees"]) for y in ours["years"]] == [(2, AWARD_FEN, 1)]


def test_the_fund_dashboard_page_shows_another_district_no_label_or_amount(world, fund):
    ours = world.client("bureau_admin").get("/support/dashboard/").content.decode()
    assert "76543.21" in ours and "2024 v1" in ours
    check_aggregate_for_outsider(world, "/support/dashboard/", ["76543.21", "2024 v1"])


def test_the_fund_results_exports_are_refused_to_another_district(world, fund):
    for url in (f"/support/schemes/{fund.pk}/results.xlsx", f"/support/schemes/{fund.pk}/results.pdf"):
        check_aggregate_for_outsider(world, url, [NAME_A], ok_status=(403, 404))


def test_the_compliance_board_and_its_workbook_hold_only_the_own_district(world):
    reg = build_registry(world, allocate_a=4_000)
    registry.set_obligation(world.users["bureau_admin"], reg.a.owner_id, 2025, 4_321, reason="verified 2025")
    ours = world.client("bureau_admin").get("/registry/compliance/?year=2025").content.decode()
    assert NAME_A in ours and "4321" in ours
    check_aggregate_for_outsider(world, "/registry/compliance/?year=2025", [NAME_A, "4321", "4,321"])
    check_aggregate_for_outsider(world, "/registry/compliance/?year=2025&format=xlsx", [NAME_A, "4321"])
    body = json.loads(check_aggregate_for_outsider(world, "/api/v1/registry/compliance?year=2025", [NAME_A, "4321"],
                                                   api=True))  # fmt: skip
    assert (body if isinstance(body, list) else body["items"]) == []


def test_the_registry_account_list_and_statements_stay_in_the_district(world):
    reg = build_registry(world, allocate_a=4_000)
    check_aggregate_for_outsider(world, "/registry/accounts/", [reg.a.number, reg.b.number, NAME_A])
    check_aggregate_for_outsider(world, f"/registry/accounts/{reg.a.pk}/statement.csv", [NAME_A],
                                 ok_status=(403, 404))  # fmt: skip


def test_the_disclosure_overview_and_its_workbook_count_only_the_own_district(world):
    drive(world, "submitted", year=2025)
    ours = world.client("bureau_officer").get("/disclosure/bureau/?year=2025").content.decode()
    assert NAME_A in ours
    check_aggregate_for_outsider(world, "/disclosure/bureau/?year=2025", [NAME_A, NAME_B])
    check_aggregate_for_outsider(world, "/disclosure/bureau/overview.xlsx?year=2025", [NAME_A, NAME_B])
    body = json.loads(check_aggregate_for_outsider(world, "/api/v1/disclosure/overview?year=2025", [NAME_A, NAME_B],
                                                   api=True))  # fmt: skip
    assert body["total"] == 1 and body["review_queue"] == []  # Futian's one enterprise, and no Nanshan report


def test_the_directory_exports_hold_only_the_own_district(world):
    text = check_aggregate_for_outsider(world, "/directory/export.csv?kind=enterprise", [NAME_A, NAME_B]).decode()
    assert "福田企业（辖区外）" in text
    workbook = check_aggregate_for_outsider(world, "/directory/export.xlsx?kind=enterprise", [])
    names = {row[1] for row in list(load_workbook(io.BytesIO(workbook)).worksheets[0].values)[1:]}
    assert names == {"福田企业（辖区外）"}
    check_aggregate_for_outsider(world, "/directory/", [NAME_A, NAME_B])
