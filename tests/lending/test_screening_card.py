"""The screening card computed from platform facts: carbon position from the registry, credit, finance, visits."""

from __future__ import annotations

from datetime import date

import pytest

from tanxin.lending import queries_screening as q
from tanxin.registry import services as registry
from tests.registry.fixtures import build_registry

TODAY = date(2025, 12, 1)  # the 2024 surrender deadline (30 August 2025) has passed


@pytest.fixture(autouse=True)
def _fresh_registry_caches():
    registry.forget_caches()
    yield
    registry.forget_caches()


def test_the_card_reads_holdings_obligation_and_surplus_from_the_registry(world):
    build_registry(world, allocate_a=60_000)
    admin = world.users["bureau_admin"]
    registry.set_obligation(admin, world.orgs["enterprise_a"].pk, 2024, 50_000, reason="verified")
    card = q.card(admin, world.orgs["enterprise_a"].pk, TODAY)
    print(card.carbon, card.result.total, card.result.band, card.result.knockouts)
    assert card.carbon.holdings_t == 60_000
