"""The demo screening: every band, some knock-outs, a visit, outreach and a pending consent request."""

from __future__ import annotations

import pytest

from tanxin.accounting import seed as accounting_seed
from tanxin.disclosure import seed as disclosure_seed
from tanxin.lending import queries_screening as q
from tanxin.lending import seed_screening
from tanxin.lending.models import ConsentRequest, OutreachEntry, ScorecardVersion, Visit
from tanxin.market import seed as market_seed
from tanxin.orgs import seed as orgs_seed
from tanxin.registry import seed as registry_seed
from tanxin.registry import services as registry

pytestmark = pytest.mark.django_db


def test_the_demo_screening_list_holds_every_band_and_some_knock_outs():
    registry.forget_caches()
    ctx = orgs_seed.seed()
    for module in (accounting_seed, disclosure_seed, market_seed, registry_seed):  # the facts screening reads
        module.seed(ctx)
    seed_screening.seed(ctx)
    cards = q.ranked(ctx.users["bureau_admin"])
    bands = {c.result.band.code for c in cards if c.result.band}
    assert bands == {"A", "B", "C", "D"}
    assert sum(1 for c in cards if c.result.knocked_out) >= 2
    assert ScorecardVersion.objects.get().status == "active"
    assert Visit.objects.filter(status="completed").count() >= 2 and Visit.objects.filter(status="scheduled").exists()
    assert OutreachEntry.objects.count() == 3
    assert ConsentRequest.objects.filter(status="pending").count() == 1
    registry.forget_caches()
