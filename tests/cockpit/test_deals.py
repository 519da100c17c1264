"""ABS deals in the cockpit and the search box: the district's deal counts with its outstanding amount; the
search finds a deal only for people the securitisation gate lets see it."""

from __future__ import annotations

import pytest
from django.utils import timezone

from tanxin.securitisation import facts as securitisation
from tests.cockpit.conftest import NANSHAN
from tests.securitisation.support import build

pytestmark = pytest.mark.django_db


@pytest.fixture
def deal_world(db):
    return build(runs=False)


def test_the_cockpit_counts_the_districts_deals_from_securitisation_facts(deal_world):
    year = timezone.localdate().year
    body = deal_world.world.client("bureau_officer").get(f"/api/v1/cockpit/{NANSHAN}/{year}").json()
    deals = next(s for s in body["sections"] if s["key"] == "deals")
    figures = {f["key"]: f["exact"] for f in deals["figures"]}
    facts = securitisation.deals({deal_world.world.orgs["bureau"].jurisdiction_id})
    assert figures["deals"] == len(facts) == 1
    assert figures["outstanding"] == sum(d.outstanding_fen for d in facts)


def test_the_search_finds_a_deal_only_for_those_who_may_see_it(deal_world):
    hits = deal_world.client("guarantor").get("/api/v1/search", {"q": "测试专项"}).json()
    assert [h["label"] for g in hits["groups"] if g["kind"] == "deal" for h in g["hits"]] == ["测试专项计划（机密）"]
    for who in ("other_guarantor", "bank_without_consent", "enterprise_b"):
        body = deal_world.client(who).get("/api/v1/search", {"q": "测试专项"}).json()
        assert all(g["kind"] != "deal" for g in body["groups"]), who
