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


def test_the_maximum_loan_is_the_pledgeable_value_at_p_val_times_the_solved_ltv_capped_by_the_band(world):
    from decimal import ROUND_DOWN, Decimal

    from django.utils import timezone

    from tanxin.lending.domain import params, risk, valuation
    from tanxin.lending.screening_profile import sizing
    from tanxin.market import facts as market
    from tanxin.market import services as market_services

    market_services.load_synthetic(seed=2023)
    reg = build_registry(world, allocate_a=60_000)
    admin = world.users["bureau_admin"]
    registry.set_obligation(admin, world.orgs["enterprise_a"].pk, 2024, 40_000, reason="verified")
    registry.surrender(world.users["enterprise_a"], reg.a.pk, "SZA-2024", 40_000, 2024)  # late, but made up
    today = timezone.localdate()  # the surrender is recorded now: read the card after it
    card = q.card(admin, world.orgs["enterprise_a"].pk, today)
    assert not card.result.knocked_out and card.carbon.latest.status == "late"
    s = sizing(card)
    fig = market.figures("SZA", today)
    assert s.price == fig.valuation == min(fig.close, fig.vwap_n)  # P_val = min(close, 20-day VWAP)
    assert s.pledgeable_t == card.carbon.pledgeable_t == 20_000  # 60,000 allocated, 40,000 surrendered
    quotes = [valuation.Quote(r.day, r.close, r.volume_t, r.turnover_fen) for r in market.series("SZA", end=today).rows]
    sigma = valuation.annual_volatility(quotes, today)
    solved = risk.solve_ltv(risk.RiskInputs(float(sigma), 1.0, float(params.STANDARD.liquidation)), 0.05)
    assert (s.sigma, s.solved_ltv) == (sigma, solved)
    collateral = int((Decimal(20_000) * s.price * 100).to_integral_value(ROUND_DOWN))
    ltv = min(solved, card.result.band.ltv_cap)
    assert s.max_loan_fen == int((Decimal(collateral) * ltv).to_integral_value(ROUND_DOWN)) > 0
    # at the LTV used the probability of touching the liquidation line within a year keeps to the target
    assert risk.barrier_probability(risk.RiskInputs(float(sigma), 1.0, 1.2), float(ltv)) <= 0.05 + 1e-9
