"""A guarantor sees the requests addressed to it (with the enterprise's consent) and answers them like a bank;
it never sees the others."""

from __future__ import annotations

import pytest

from tanxin.matchmaking.models import FinancingRequest
from tanxin.matchmaking.services import grab
from tanxin.matchmaking.services.grab import Answer
from tests.matchmaking.builders import MONDAY, WAN, add_guarantor, market, post, publish

pytestmark = pytest.mark.django_db


def test_a_guarantor_sees_and_answers_only_what_it_was_sent(world):
    add_guarantor(world)
    market(world)
    publish(world, "guarantor", name_zh="绿色融资担保", kind="guarantee")
    mine = post(world, banks=("guarantor",))
    other = post(world, banks=("bank_with_consent",))
    user = world.users["guarantor"]
    assert list(FinancingRequest.objects.visible_to(user).values_list("pk", flat=True)) == [mine.pk]
    client = world.client("guarantor")
    assert client.get(f"/matchmaking/requests/{other.pk}/").status_code == 404
    assert "绿色融资担保" in client.get(f"/matchmaking/requests/{mine.pk}/").content.decode()
    grab.accept(user, mine.pk, today=MONDAY)
    answered = grab.respond(user, mine.pk, Answer(True, 1000 * WAN, 15_000, 12), today=MONDAY)
    assert answered.outcome == "approved"
