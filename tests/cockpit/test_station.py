"""The finance station in the cockpit: the year's funnel and money equal matchmaking's records, and the
report says "X 万元 to N firms" from them."""

from __future__ import annotations

import pytest
from django.db.models import Sum

from tanxin.matchmaking.models import Disbursement
from tanxin.matchmaking.services import outcomes
from tests.cockpit.conftest import NANSHAN
from tests.matchmaking.builders import MONDAY, WAN, approve, market, payout, post

pytestmark = pytest.mark.django_db


def test_the_station_section_and_its_sentence_equal_the_records(world):
    market(world)
    request = post(world)
    approve(world, request.pk)
    outcomes.disburse(world.users["bank_with_consent"], request.pk, payout(2000 * WAN))
    body = world.client("bureau_officer").get(f"/api/v1/cockpit/{NANSHAN}/{MONDAY.year}").json()
    station = next(s for s in body["sections"] if s["key"] == "station")
    figures = {f["key"]: f["exact"] for f in station["figures"]}
    paid = Disbursement.objects.filter(paid_on__year=MONDAY.year,
                                       request__enterprise__jurisdiction__code=NANSHAN)  # fmt: skip
    assert figures["disbursed"] == paid.aggregate(s=Sum("amount_fen"))["s"] == 2000 * WAN
    assert figures["firms"] == 1
    sentence = next(h for h in body["headlines"] if h["key"] == "station")
    assert "2,000.00 万元" in sentence["text"] and "1家企业" in sentence["text"]
    assert sentence["source"] == "tanxin.matchmaking.facts.station_totals"
