"""Golden compliance scenario: a Shenzhen unit short 1,200 t after the deadline, fined from the price series."""

from datetime import date
from decimal import Decimal

import pytest

from tanxin.market.models import PricePoint
from tanxin.registry import facts, queries, services

from .fixtures import build_registry

pytestmark = pytest.mark.django_db


def _prices(instrument: str, start: date, end: date, price_fen: int) -> None:
    """One row per weekday; turnover/volume exactly ``price_fen`` so the VWAP is known by hand."""
    day, rows = start, []
    while day <= end:
        if day.weekday() < 5:
            rows.append(PricePoint(instrument=instrument, day=day, open_fen=price_fen, close_fen=price_fen,
                                   volume_t=1000, turnover_fen=price_fen * 1000, source="test"))  # fmt: skip
        day = date.fromordinal(day.toordinal() + 1)
    PricePoint.objects.bulk_create(rows)


def test_a_shenzhen_unit_short_1200_t_is_fined_three_times_the_six_month_average(world):
    reg = build_registry(world, cap=100_000, allocate_a=8_800)
    admin, ent = world.users["bureau_admin"], world.users["enterprise_a"]
    # 2026 obligation (banked 2024 allowances count), deadline 2027-08-30: window 2027-02-01 .. 2027-07-31.
    _prices("SZA", date(2027, 2, 1), date(2027, 7, 31), 4250)  # 42.50 CNY/t
    _prices("SZA", date(2027, 8, 1), date(2027, 8, 27), 9900)  # the deadline month does not count
    services.set_obligation(admin, reg.a.owner_id, 2026, 10_000, reason="verified emissions 2026 (manual)")
    services.surrender(ent, reg.a.pk, "SZA-2024", 8_800, 2026)

    before = queries.position(reg.a.owner, 2026, as_of=date(2027, 8, 30))
    assert before.status == "pending" and before.result.shortfall_t == 1200
    assert before.result.penalty_fen is None

    after = queries.position(reg.a.owner, 2026, as_of=date(2027, 9, 1))
    assert after.status == "non_compliant"
    assert after.average_price == Decimal("42.50")
    # 3 × 42.50 × 1,200 = 153,000.00 CNY
    assert after.result.penalty_fen == 15_300_000
    assert after.result.surplus_t == 0 and after.result.pledgeable_t == 0


def test_surplus_and_pledgeable_quantity_after_compliance(world):
    reg = build_registry(world, cap=100_000, allocate_a=20_000)
    admin, ent = world.users["bureau_admin"], world.users["enterprise_a"]
    services.set_obligation(admin, reg.a.owner_id, 2026, 12_000, reason="manual")
    bank = world.orgs["bank_with_consent"]
    services.place_hold(admin, reg.a.pk, "SZA-2024", 3_000, "pledge", pledgee_id=bank.pk)
    pos = queries.position(reg.a.owner, 2026)
    # 20,000 held, 12,000 still to surrender, 3,000 pledged → Q_free = 5,000; surplus 8,000.
    assert pos.result.pledgeable_t == 5_000 and pos.result.surplus_t == 8_000
    services.surrender(ent, reg.a.pk, "SZA-2024", 12_000, 2026)
    pos = queries.position(reg.a.owner, 2026)
    assert pos.status == "compliant" and pos.result.pledgeable_t == 5_000


def test_national_penalty_parameters_are_flagged_to_be_confirmed(world):
    org = world.orgs["enterprise_a"]
    org.ets = "national"
    org.save()
    services.set_obligation(world.users["bureau_admin"], org.pk, 2024, 100, reason="manual", scheme="national")
    pos = queries.position(org, 2024)
    assert "penalty_multiplier" in pos.unconfirmed


def test_a_verified_figure_handed_over_by_disclosure_becomes_the_obligation_rounded_up(world):
    from tanxin.registry import obligations

    ent = world.orgs["enterprise_a"].pk
    assert obligations.obligation_for(ent, 2024) is None
    assert services.record_verified_emissions(ent, 2024, Decimal("1234.2")) is True
    info = obligations.obligation_for(ent, 2024)
    assert info.tonnes == 1235 and info.source == "disclosure"
    assert services.record_verified_emissions(ent, 2024, 1300) is True  # a restatement replaces it
    assert obligations.obligation_for(ent, 2024).tonnes == 1300


def test_the_bureaus_manual_obligation_wins_over_a_later_disclosed_figure(world):
    from tanxin.registry import obligations

    ent = world.orgs["enterprise_a"].pk
    services.set_obligation(world.users["bureau_admin"], ent, 2024, 900, reason="manual")
    assert services.record_verified_emissions(ent, 2024, 1234) is False
    info = obligations.obligation_for(ent, 2024)
    assert (info.tonnes, info.source) == (900, "manual")


def test_a_figure_for_an_enterprise_outside_any_trading_scheme_is_not_an_obligation(world):
    from tanxin.registry import obligations

    org = world.orgs["enterprise_a"]
    org.ets = "none"
    org.save()
    assert services.record_verified_emissions(org.pk, 2024, 1234) is False
    assert obligations.obligation_for(org.pk, 2024) is None


def test_enterprises_short_of_their_obligation_get_a_reminder_before_the_deadline(world):
    from tanxin.registry.tasks import due_reminders

    reg = build_registry(world, allocate_a=1_000)
    services.set_obligation(world.users["bureau_admin"], reg.a.owner_id, 2026, 5_000, reason="manual")
    deadline = date(2027, 8, 30)
    due = due_reminders(2026, date.fromordinal(deadline.toordinal() - 7))
    assert [(p.enterprise.pk, left, p.result.shortfall_t) for p, left in due] == [(reg.a.owner_id, 7, 5_000)]
    assert due_reminders(2026, date.fromordinal(deadline.toordinal() - 8)) == []


def test_other_modules_read_compliance_facts_and_the_surrender_sentence(world):
    reg = build_registry(world, cap=100_000, allocate_a=20_000)
    admin, ent = world.users["bureau_admin"], world.users["enterprise_a"]
    enterprise_id = reg.a.owner_id
    assert facts.compliance(enterprise_id, 2026) == facts.ComplianceFacts(enterprise_id, 2026, None, None)
    assert facts.surrender_status(enterprise_id, 2026) is None
    services.set_obligation(admin, enterprise_id, 2026, 12_000, reason="manual")
    services.surrender(ent, reg.a.pk, "SZA-2024", 12_000, 2026)
    assert facts.compliance(enterprise_id, 2026) == facts.ComplianceFacts(enterprise_id, 2026, True, 8_000)
    sentence = facts.surrender_status(enterprise_id, 2026).sentence()
    assert "12,000" in sentence and "2027-08-30" in sentence
