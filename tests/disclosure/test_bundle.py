"""A published figure downloads as a bundle for those who may see its inputs, and the documented command
recomputes it from the file alone."""

import json

import pytest
from django.core.management import CommandError, call_command

from tanxin.accounting.domain import bundle as recompute
from tanxin.disclosure import services
from tanxin.disclosure.models import ReportVersion
from tests.accounting.factories import standard_ledger
from tests.disclosure.support import PDF
from tests.personas import check_matrix

pytestmark = pytest.mark.django_db
ALLOWED = {"bureau_admin", "bureau_officer", "enterprise_a", "verifier_assigned", "bank_with_consent"}


def _published(world, year: int = 2025) -> ReportVersion:
    """A real report: activity data entered through accounting, pinned, verified and published."""
    users, org = world.users, world.orgs["enterprise_a"]
    standard_ledger(world, year)
    version = services.create_report(users["enterprise_a"], org.pk, year)
    services.act(users["enterprise_a"], version.pk, "submit")
    services.act(users["bureau_officer"], version.pk, "accept")
    services.assign_verifier(users["bureau_officer"], version.pk, world.orgs["verifier_assigned"].pk)
    services.upload_statement(users["verifier_assigned"], version.pk, "statement.pdf", PDF)
    services.verify(users["verifier_assigned"], version.pk, version.total_kg, "合理保证")
    return services.act(users["bureau_officer"], version.pk, "publish")


def test_the_bundle_recomputes_the_published_figure_from_the_file_alone(world, tmp_path):
    version = _published(world)
    body = world.client("verifier_assigned").get(f"/disclosure/v/{version.pk}/bundle.json")
    assert body.status_code == 200 and body["Content-Disposition"].startswith("attachment;")
    data = json.loads(body.content)
    assert data["format"] == recompute.BUNDLE_FORMAT and data["library_unchanged_since_filing"]
    assert data["place"]["province"] == "GD" and data["rules"]["ets_covered"] is True
    assert {f["id"] for f in data["factor_library"]["factors"].values()} >= {"grid.cn.south.2023", "fuel.diesel.ncv"}
    grid = data["factor_library"]["factors"]["grid.cn.south.2023"]
    assert (grid["value"], grid["confidence"]) == ("0.4042", "V") and "MEE/NBS" in grid["source"]
    assert len(data["activity_lines"]) == 37  # 12 boiler + 12 vehicle + 12 grid months + the chiller
    result = recompute.recompute(data)
    assert result.matches and result.total_kg == version.inputs["total_kg"]
    path = tmp_path / "bundle.json"
    path.write_bytes(body.content)
    call_command("recompute_bundle", str(path))  # the documented command, no database read needed
    data["activity_lines"][0]["data"]["quantity"] = "2"  # a changed input no longer reproduces the figure
    path.write_text(json.dumps(data))
    with pytest.raises(CommandError):
        call_command("recompute_bundle", str(path))


def test_the_bundle_follows_the_report_gate_page_and_api(world):
    version = _published(world)
    check_matrix(world, f"/disclosure/v/{version.pk}/bundle.json", ALLOWED, secret="fuel.diesel.ncv")
    check_matrix(world, f"/api/v1/disclosure/versions/{version.pk}/bundle.json", ALLOWED, api=True,
                 secret="fuel.diesel.ncv")


def test_only_a_published_figure_has_a_bundle(world):
    standard_ledger(world, 2025)
    draft = services.create_report(world.users["enterprise_a"], world.orgs["enterprise_a"].pk, 2025)
    response = world.client("bureau_officer").get(f"/api/v1/disclosure/versions/{draft.pk}/bundle.json")
    assert response.status_code == 409 and response.json()["code"] == "not_published"
    page = world.client("bureau_officer").get(f"/disclosure/v/{draft.pk}/bundle.json")
    assert page.status_code == 409
