"""The generated station history: the headline is computed from the rows and matches the published figure."""

from __future__ import annotations

import random

import pytest

from tanxin.matchmaking import facts, scale
from tanxin.matchmaking.models import Addressee, Disbursement, FinancingRequest, Product
from tanxin.orgs.models import Organisation
from tanxin.orgs.scale import ScaleContext
from tanxin.orgs.seed import make_enterprises
from tests.matchmaking.builders import market

pytestmark = pytest.mark.django_db


def test_apportion_hits_the_total_exactly():
    assert sum(scale.apportion([3, 7, 11, 1], 1_000_003)) == 1_000_003


def test_seven_hundred_enterprises_give_2_92_billion_to_657(world):
    market(world)
    nanshan = world.jurisdictions["440305"]
    made = Organisation.objects.bulk_create(make_enterprises(random.Random(5), 700, nanshan, start=90_000))
    ids = [o.pk for o in made]
    ctx = ScaleContext(random.Random(11), world.orgs["bureau"], nanshan, 2025, world.users["bureau_admin"], ids,
                       {pk: "none" for pk in ids})  # fmt: skip
    scale.generate(ctx)
    totals = facts.station_totals({nanshan.pk})
    assert (totals.disbursed_fen, totals.enterprises) == (2_920_000_000 * 100, 657)
    assert totals.requests == FinancingRequest.objects.count() > 657
    assert totals.requests >= totals.matched >= totals.accepted >= totals.approved >= totals.disbursed
    assert not Addressee.objects.filter(consent__isnull=True).exists()
    assert sum(Disbursement.objects.values_list("amount_fen", flat=True)) == totals.disbursed_fen
    # a bank sees what it was sent: every request addressed to it is visible through the gate
    bank = world.users["bank_with_consent"]
    sent = list(Addressee.objects.filter(bank=world.orgs["bank_with_consent"]).values_list("request_id", flat=True))
    assert sent and FinancingRequest.objects.visible_to(bank).filter(pk__in=sent).count() == len(sent)


def test_two_districts_without_products_each_get_their_own_generated_catalogue_and_history(world):
    made = {}
    for code, start in (("440305", 91_000), ("440304", 92_000)):
        district = world.jurisdictions[code]
        rows = Organisation.objects.bulk_create(make_enterprises(random.Random(start), 30, district, start=start))
        ids = [o.pk for o in rows]
        scale.generate(ScaleContext(random.Random(3), world.orgs["bureau"], district, 2025, world.users["bureau_admin"],
                                    ids, {pk: "none" for pk in ids}))  # fmt: skip
        made[code] = ids
    banks = Organisation.objects.filter(kind="bank").count()
    for code, ids in made.items():
        products = Product.objects.filter(jurisdiction__code=code)
        assert products.count() == min(banks, 5) and all(p.code.startswith(f"S{code}-") for p in products)
        requests = FinancingRequest.objects.filter(enterprise__jurisdiction__code=code)
        served = set(requests.values_list("enterprise_id", flat=True))
        assert served and served <= set(ids)
