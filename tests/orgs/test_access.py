"""The one enterprise-access rule: staff of the jurisdiction, the enterprise's own people, partners by
consent or by a relationship another module registers (a live loan, for instance)."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from tanxin.orgs import access
from tanxin.orgs.gate import principal_for
from tanxin.orgs.models import Organisation
from tanxin.registry.models import Obligation

pytestmark = pytest.mark.django_db


@pytest.fixture
def pledgee_relationship(world):
    """A stand-in for lending's "pledgee of a live loan": bank_without_consent lends to enterprise B."""
    bank, b = world.orgs["bank_without_consent"], world.orgs["enterprise_b"]

    def live_loans(principal):
        if bank.pk not in principal.org_ids:
            return None
        return Organisation.objects.filter(pk=b.pk).values("pk")

    access.register_relationship("test_pledgee", live_loans)
    yield
    access._RELATIONSHIPS.pop("test_pledgee", None)


def _visible(world, persona: str, enterprise: str) -> bool:
    user = AnonymousUser() if persona == "anonymous" else world.users[persona]
    return access.may_see_enterprise(user, world.orgs[enterprise].pk)


def test_staff_own_people_and_consented_banks_see_an_enterprise_and_nobody_else(world):
    assert _visible(world, "bureau_officer", "enterprise_a")
    assert _visible(world, "enterprise_a", "enterprise_a") and not _visible(world, "enterprise_b", "enterprise_a")
    assert _visible(world, "bank_with_consent", "enterprise_a")
    assert not _visible(world, "bank_without_consent", "enterprise_a")
    assert not _visible(world, "expert", "enterprise_a") and not _visible(world, "anonymous", "enterprise_a")


def test_a_registered_relationship_lets_its_partner_see_the_enterprise_in_every_gate(world, pledgee_relationship):
    bank, b = world.users["bank_without_consent"], world.orgs["enterprise_b"]
    assert _visible(world, "bank_without_consent", "enterprise_b")
    assert not _visible(world, "bank_without_consent", "enterprise_a")  # only the related enterprise
    Obligation.objects.create(enterprise=b, year=2024, scheme="shenzhen", verified_emissions_t=10)
    assert Obligation.objects.visible_to(bank).filter(enterprise=b).exists()
    assert not _visible(world, "bank_with_consent", "enterprise_b")  # the relationship is the bank's own


def test_staff_of_a_jurisdiction_is_decided_in_one_place(world):
    officer = principal_for(world.users["bureau_officer"])
    nanshan, futian = world.orgs["enterprise_a"].jurisdiction_id, world.orgs["enterprise_futian"].jurisdiction_id
    assert access.is_staff_for(officer, nanshan) and not access.is_staff_for(officer, futian)
    assert not access.is_staff_for(principal_for(world.users["enterprise_a"]), nanshan)
    assert not access.is_staff_for(officer, None)


def test_a_jurisdiction_is_added_through_the_service_with_its_history(world):
    from tanxin.orgs.models import Jurisdiction

    parent = world.orgs["enterprise_a"].jurisdiction
    data = {"code": "440305001", "name_zh": "前海片区", "name_en": "Qianhai", "level": "district", "parent": parent.pk}
    response = world.client("bureau_admin").post("/directory/jurisdictions/", data)
    assert response.status_code == 302
    added = Jurisdiction.objects.get(code="440305001")
    assert added.history.get().history_user == world.users["bureau_admin"]
    assert world.client("bureau_officer").post("/directory/jurisdictions/", {**data, "code": "440305002"}
                                               ).status_code == 403  # fmt: skip
    assert not Jurisdiction.objects.filter(code="440305002").exists()
