"""Disclosure on top of real accounting data: the draft pins ``report_inputs``, a restatement after
corrected activity data shows the change, and the facts other modules read follow the verified figure."""

import pytest
from django.test import Client

from tanxin.accounting import services as accounting
from tanxin.disclosure import content, facts, services
from tanxin.disclosure.models import ReportVersion
from tests.disclosure.support import PDF

pytestmark = pytest.mark.django_db


def _ledger(world, year: int, diesel_t: str = "2") -> None:
    user, org = world.users["enterprise_a"], world.orgs["enterprise_a"]
    trucks = accounting.create_source(user, org.pk, {
        "name": f"柴油货车 {year}", "source_type": "fuel_combustion", "category": "vehicle", "subject": "DIESEL"})
    grid = accounting.create_source(user, org.pk, {
        "name": f"市电 {year}", "source_type": "electricity", "category": "building"})  # fmt: skip
    for month in range(1, 13):
        accounting.save_line(user, trucks.pk, {"year": year, "month": month, "quantity": diesel_t, "unit": "t"})
        accounting.save_line(user, grid.pk, {"year": year, "month": month, "quantity": "50000", "unit": "kWh"})


def _through_publication(world, version_id: int) -> None:
    u = world.users
    services.act(u["enterprise_a"], version_id, "submit")
    services.act(u["bureau_officer"], version_id, "accept")
    services.assign_verifier(u["bureau_officer"], version_id, world.orgs["verifier_assigned"].pk)
    services.upload_statement(u["verifier_assigned"], version_id, "statement.pdf", PDF)
    version = ReportVersion.objects.get(pk=version_id)
    services.verify(u["verifier_assigned"], version_id, version.total_kg)
    services.act(u["bureau_officer"], version_id, "publish")


def test_a_report_pins_the_accounting_inputs_and_a_restatement_shows_the_correction(world):
    org = world.orgs["enterprise_a"]
    _ledger(world, 2023)
    _ledger(world, 2024)
    expected = accounting.report_inputs(org.pk, 2024)
    version = services.create_report(world.users["enterprise_a"], org.pk, 2024)
    assert version.total_kg == expected["total_kg"]["china_regulatory"] > 0
    assert version.previous_year_kg == expected["previous_year_total_kg"] == accounting.report_inputs(
        org.pk, 2023)["total_kg"]["china_regulatory"]  # fmt: skip
    assert version.snapshot_digest == expected["snapshot_digest"]
    built = content.build(version)
    assert built["methodology"]["views"] and built["sources"] and built["by_scope"]["rows"]

    _through_publication(world, version.pk)
    assert facts.verified_emissions(org.pk, 2024).tonnes == facts.kg_to_tonnes(version.total_kg)

    # A correction in accounting does not touch the published version; a restatement picks it up.
    user = world.users["enterprise_a"]
    extra = accounting.create_source(user, org.pk, {"name": "应急柴油发电机", "source_type": "fuel_combustion",
                                                    "category": "generator", "subject": "DIESEL"})  # fmt: skip
    accounting.save_line(user, extra.pk, {"year": 2024, "month": 12, "quantity": "1", "unit": "t"})
    published = ReportVersion.objects.get(pk=version.pk)
    assert published.total_kg == version.total_kg
    new = services.restate(user, version.pk, "补录应急发电机柴油")
    assert new.total_kg > version.total_kg
    diff = content.diff(published, new)
    assert any(c.key == "total_kg" for c in diff.totals_changed) and diff.lines_added

    page = world.client("enterprise_a").get(f"/disclosure/v/{new.pk}/").content.decode()
    assert 'id="trend-data"' in page  # the internal page charts accounting's emission_trend
    public = Client().get(f"/api/v1/disclosure/public/enterprises/{org.pk}").json()
    assert public["trend_kg"] == {"2024": version.total_kg}  # public sees the published figure only
