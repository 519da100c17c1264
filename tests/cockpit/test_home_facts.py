"""The enterprise home's open findings and applications come from the disclosure and support facts, for the
person's own enterprises only."""

from __future__ import annotations

import pytest

from tanxin.cockpit import homes
from tanxin.disclosure import services
from tests.disclosure.support import drive

pytestmark = pytest.mark.django_db


def test_open_findings_are_those_not_yet_resolved_oldest_first_and_only_of_the_enterprises_asked(world):
    version = drive(world, "in_verification", year=2025)
    verifier = world.users["verifier_assigned"]
    first = services.add_finding(verifier, version.pk, "observation", "抽查发票")
    second = services.add_finding(verifier, version.pk, "material", "电表读数与发票不符")
    services.resolve_finding(verifier, first.pk)
    a, b = world.orgs["enterprise_a"].pk, world.orgs["enterprise_b"].pk
    tasks = homes.enterprise_tasks([a])
    assert [(f.id, f.version_id, f.year, f.severity) for f in tasks.findings] == [(second.pk, version.pk, 2025,
                                                                                    "material")]  # fmt: skip
    assert homes.enterprise_tasks([b]).findings == () and homes.enterprise_tasks([]).applications == ()
    page = world.client("enterprise_a").get("/").content.decode()
    assert "电表读数与发票不符" in page and "抽查发票" not in page
    assert "电表读数与发票不符" not in world.client("enterprise_b").get("/").content.decode()
