"""Posting a financing request failing part-way: the request, its timeline, its ranked matches, the first
bank's consent and addressee are written when addressing the second bank fails. Nothing is kept — no request,
step, match, addressee, consent or notification — and the same request then posts whole."""

from __future__ import annotations

import pytest
from django.db import DatabaseError

from tanxin.matchmaking.models import Addressee, FinancingRequest, Match, Step
from tanxin.matchmaking.services import requests
from tanxin.orgs.models import ConsentGrant, Notification
from tests.matchmaking.builders import market, post
from tests.race import fail_on_call

pytestmark = pytest.mark.django_db
BANKS = ("bank_with_consent", "bank_without_consent")


def _state() -> tuple[int, ...]:
    return (FinancingRequest.objects.count(), FinancingRequest.history.count(), Step.objects.count(),
            Match.objects.count(), Addressee.objects.count(), ConsentGrant.objects.count(),
            Notification.objects.count())  # fmt: skip


def test_addressing_the_second_bank_failing_keeps_nothing_then_the_request_posts_whole(world, monkeypatch):
    market(world)
    before = _state()
    calls = fail_on_call(monkeypatch, requests, "consent_for", 2, DatabaseError("connection lost"))
    with pytest.raises(DatabaseError):
        post(world, banks=BANKS)
    assert calls[0] == 2  # the request, its matches and the first bank's addressee were written
    assert _state() == before
    monkeypatch.undo()
    r = post(world, banks=BANKS)
    assert r.status == "matched" and Addressee.objects.filter(request=r).count() == 2
