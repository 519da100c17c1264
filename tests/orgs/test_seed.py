import random

import pytest

from tanxin.common.identifiers import is_valid_uscc
from tanxin.orgs.models import Industry, Jurisdiction, Organisation, User
from tanxin.orgs.reference import load_industries, load_jurisdictions
from tanxin.orgs.seed import make_enterprises, seed

pytestmark = pytest.mark.django_db


def test_the_demo_district_has_what_the_readme_promises():
    ctx = seed(2023)
    enterprises = Organisation.objects.filter(kind="enterprise")
    assert enterprises.count() >= 60
    assert enterprises.filter(key_emitter=True).exists()
    assert {"production", "rd", "service", "other"} <= set(enterprises.values_list("enterprise_type", flat=True))
    assert Organisation.objects.filter(kind="bank").count() == 3
    assert Organisation.objects.filter(kind="guarantor").count() == 1
    assert Organisation.objects.filter(kind="verifier").count() == 2
    assert all(is_valid_uscc(code) for code in Organisation.objects.values_list("uscc", flat=True))
    for username in ["bureau_admin", "bureau_officer", "enterprise_a", "enterprise_b", "bank1", "guarantor",
                     "verifier_a", "expert1"]:  # fmt: skip
        assert User.objects.get(username=username).check_password("Tanxin-demo-2026")
    assert len(ctx.enterprises) == 60


def test_the_same_seed_gives_the_same_enterprises():
    load_industries()
    nanshan = load_jurisdictions()["440305"]
    first = make_enterprises(random.Random(7), 30, nanshan)
    second = make_enterprises(random.Random(7), 30, nanshan)
    assert [(o.uscc, o.name_zh, o.industry_id) for o in first] == [(o.uscc, o.name_zh, o.industry_id) for o in second]
    assert Industry.objects.exists() and Jurisdiction.objects.count() == 3
