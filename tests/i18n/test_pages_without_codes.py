"""Chinese pages name things; they do not show the codes behind them. Workflow actions, states and roles on
the disclosure history, fact sources and evidence digests on the support-fund pages, eligibility keys, and
fuel codes are shown by their labels (the codes stay in the API and the audit trail)."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from tanxin.orgs.models import Organisation
from tanxin.support.models import Application
from tanxin.support.services import applications
from tests.accounting.factories import standard_ledger
from tests.disclosure.support import drive
from tests.support.conftest import PDF, make_scheme

pytestmark = pytest.mark.django_db

WORKFLOW_CODES = re.compile(
    r"\b(create|refresh|submit|return|revise|accept|start_verification|verify|publish|restate|draft|submitted|"
    r"returned|accepted|in_verification|verified|published|enterprise|bureau|verifier)\b"
)
PYTHON_PATH = re.compile(r"\btanxin(\.\w+)+")


def text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def main(html: str) -> str:
    """The visible text of the page's main content (no stylesheet names, no attributes)."""
    return text(html[html.index("<main"):html.index("</main>")])


def section(html: str, testid: str) -> str:
    start = html.index(f'data-testid="{testid}"')
    return html[start:html.index("</table>", start)]


def history_cells(html: str) -> list[str]:
    """Action, by (with role) and state cells of the disclosure workflow log; the reason column is free text."""
    cells = []
    for row in re.findall(r"<tr>(.*?)</tr>", section(html, "events").split("<tbody>", 1)[1], re.S):
        cells += [text(c) for c in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)[1:4]]
    return cells


def test_the_disclosure_history_shows_actions_states_and_roles_by_their_labels(world):
    version = drive(world, "published")
    client = world.client("bureau_officer")
    cells = history_cells(client.get(f"/disclosure/v/{version.pk}/").content.decode())
    assert cells and not [c for c in cells if WORKFLOW_CODES.search(c)], cells
    joined = " ".join(cells)
    assert "草稿 → 已提交" in joined and "已公开" in joined and "核查机构" in joined and "受理" in joined
    client.cookies["tanxin_language"] = "en"
    english = " ".join(history_cells(client.get(f"/disclosure/v/{version.pk}/").content.decode()))
    assert "Draft → Submitted" in english and "Published" in english and "in_verification" not in english


@pytest.fixture
def submitted(world):
    scheme = make_scheme(world)
    user = world.users["enterprise_a"]
    app = applications.start_application(user, scheme.pk)
    applications.save_declaration(user, app.pk, "ACT-1", Decimal(5), "绿色贷款")
    applications.add_evidence(user, app.pk, "ACT-1", "loan.pdf", PDF)
    applications.submit(user, app.pk)
    return scheme, Application.objects.get(pk=app.pk)


def test_the_support_application_page_names_its_fact_sources_and_hides_digests(world, submitted):
    scheme, app = submitted
    year = scheme.facts_year
    # One source as recorded today, one as recorded by an earlier release: both are shown by name.
    sources = {**app.facts["sources"], "disclosure_published": f"tanxin.disclosure.facts.disclosure(3, {year})",
               "disclosure_verified": f"tanxin.disclosure.services.disclosure_facts(3, {year})",
               "compliance_on_time": f"tanxin.registry.facts.compliance(3, {year})"}
    Application.objects.filter(pk=app.pk).update(facts={**app.facts, "sources": sources})
    for persona in ("enterprise_a", "bureau_officer"):
        page = main(world.client(persona).get(f"/support/applications/{app.pk}/").content.decode())
        assert not PYTHON_PATH.search(page), PYTHON_PATH.search(page)
        assert "sha256" not in page and app.evidence.first().sha256[:8] not in page
        assert f"披露报告（{year}年）" in page and f"配额登记（{year} 年度履约）" in page
        assert "loan.pdf" in page  # the evidence file is still there, by its name


def test_the_support_dashboard_names_the_modules_it_reads(world):
    page = main(world.client("bureau_officer").get("/support/dashboard/").content.decode())
    assert not PYTHON_PATH.search(page) and "disclosure →" not in page
    assert "披露报告、配额登记" in page


def test_eligibility_shows_facts_by_name_not_by_key(world):
    scheme = make_scheme(world)
    Organisation.objects.filter(pk=world.orgs["enterprise_a"].pk).update(status="suspended")
    home = main(world.client("enterprise_a").get("/support/").content.decode())
    assert "active" not in home and "False" not in home and "企业状态正常: 不满足 (否)" in home
    criteria = world.client("anonymous").get(f"/support/public/{scheme.pk}/").content.decode()
    assert "registered_in_district" not in criteria and "注册地在本辖区" in criteria
    assert "为是" not in criteria and "is true" not in criteria


def test_fuels_are_shown_by_name_without_their_code(world):
    sources = standard_ledger(world)
    client = world.client("enterprise_a")
    enterprise = text(client.get(f"/accounting/e/{world.orgs['enterprise_a'].pk}/").content.decode())
    assert "柴油" in enterprise and "DIESEL" not in enterprise and "NATURAL_GAS" not in enterprise
    source = text(client.get(f"/accounting/sources/{sources['vehicles'].pk}/").content.decode())
    assert "柴油" in source and "DIESEL" not in source
