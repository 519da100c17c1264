import pytest

from tanxin.orgs.queries import own_bureau, partners

pytestmark = pytest.mark.django_db


def test_own_bureau_is_for_staff_not_experts(world):
    assert own_bureau(world.users["bureau_officer"]) == world.orgs["bureau"]
    assert own_bureau(world.users["expert"]) is None
    assert own_bureau(world.users["enterprise_a"]) is None


def test_partners_lists_active_institutions_of_the_asked_kinds_only(world):
    bank = world.orgs["bank_without_consent"]
    assert set(partners("bank")) == {world.orgs["bank_with_consent"], bank}
    bank.status = "closed"
    bank.save()
    assert bank not in partners("bank", "guarantor")
    with pytest.raises(ValueError):
        partners("enterprise")
