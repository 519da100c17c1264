"""The pure matchmaking rules: golden cases and properties (no database)."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tanxin.common.errors import DomainError
from tanxin.matchmaking.domain import eligibility, funnel, ranking, slots
from tanxin.matchmaking.domain.catalogue import Need, Product, ProductKind, check_need, check_product
from tanxin.matchmaking.domain.slots import Grab, SlotError, SlotState

WAN = 10_000 * 100  # 10,000 CNY in fen


def product(pid=1, bank=10, kind=ProductKind.CREDIT_LOAN, **kw) -> Product:
    base = dict(min_amount_fen=100 * WAN, max_amount_fen=5000 * WAN, min_term_months=6, max_term_months=36,
                spread_min_bp=30, spread_max_bp=150)  # fmt: skip
    base.update(kw)
    return Product(pid, bank, kind, **base)


def need(**kw) -> Need:
    base = dict(id=1, enterprise_id=7, amount_fen=3000 * WAN, term_months=12, industry_code="C39", band="B")
    base.update(kw)
    return Need(**base)


def test_a_need_inside_every_range_is_eligible():
    assert eligibility.failures(product(), need()) == ()


def test_every_failed_rule_is_named():
    p = product(industries=("D44",), min_band="A", collateral=frozenset({"allowances"}), green_only=True)
    assert eligibility.failures(p, need(amount_fen=6000 * WAN, term_months=48)) == (
        "amount", "term", "industry", "band", "collateral", "green")  # fmt: skip


def test_a_request_addressed_to_chosen_banks_reaches_only_them():
    assert eligibility.failures(product(bank=10), need(banks=frozenset({11}))) == ("not_addressed",)


def test_a_product_with_min_above_max_is_refused():
    with pytest.raises(DomainError) as caught:
        check_product(product(min_amount_fen=10 * WAN * 100, max_amount_fen=WAN * 100))
    assert caught.value.code == "product_min_above_max"


@pytest.mark.parametrize(("amount", "term", "code"), [(0, 12, "request_amount_range"),
                                                      (10**14, 12, "request_amount_range"),
                                                      (3000 * WAN, 0, "request_term_range"),
                                                      (3000 * WAN, 999, "request_term_range")])  # fmt: skip
def test_a_request_out_of_any_sane_range_is_refused(amount, term, code):
    with pytest.raises(DomainError) as caught:
        check_need(need(amount_fen=amount, term_months=term))
    assert caught.value.code == code


def test_golden_rank_a_surplus_holder_is_steered_to_the_pledge_product():
    credit = product(1, 10, ProductKind.CREDIT_LOAN, spread_min_bp=30, spread_max_bp=90)
    pledge = product(2, 11, ProductKind.PLEDGE_LOAN, collateral=frozenset({"allowances"}), spread_min_bp=60,
                     spread_max_bp=150)  # fmt: skip
    holder = need(collateral=frozenset({"allowances"}), pledgeable_t=50_000, green=True)
    ranked = ranking.rank(holder, [credit, pledge])
    assert [r.product_id for r in ranked] == [2, 1]
    # Band B: spread at one third of the range; LPR 3.00 %; green → half the cost paid by the district.
    assert ranked[0].rate_ppm == 30_000 + (60 + 90 // 3) * 100 == 39_000
    assert ranked[0].net_rate_ppm == 19_500
    assert "carbon_surplus" in [r.code for r in ranked[0].reasons]
    # Score: cost 80, likelihood 75, speed 86 (5 working days), carbon 100 → 40·80+30·75+15·86+15·100
    assert ranked[0].score == 40 * 80 + 30 * 75 + 15 * 86 + 15 * 100


def test_without_allowances_the_cheaper_credit_loan_ranks_first():
    credit = product(1, 10, ProductKind.CREDIT_LOAN, spread_min_bp=30, spread_max_bp=90)
    pledge = product(2, 11, ProductKind.PLEDGE_LOAN, spread_min_bp=60, spread_max_bp=150)
    assert [r.product_id for r in ranking.rank(need(), [credit, pledge])] == [1, 2]


bands = st.sampled_from(["A", "B", "C", "D", ""])
kinds = st.sampled_from(list(ProductKind))
collaterals = st.frozensets(st.sampled_from(["allowances", "guarantee", "receivables", "property"]), max_size=3)
industries = st.sampled_from([(), ("C",), ("C39",), ("D44", "M"), ("M73",)])


@st.composite
def products(draw, pid=None):
    lo = draw(st.integers(100, 10_000)) * WAN
    t = draw(st.integers(1, 60))
    s = draw(st.integers(0, 300))
    return Product(pid or draw(st.integers(1, 10**6)), draw(st.integers(1, 20)), draw(kinds), lo,
                   lo + draw(st.integers(0, 10_000)) * WAN, t, t + draw(st.integers(0, 120)), s,
                   s + draw(st.integers(0, 300)), draw(collaterals), draw(industries), draw(bands),
                   draw(st.booleans()), draw(st.integers(1, 40)))  # fmt: skip


@st.composite
def needs(draw, nid=1):
    return Need(nid, draw(st.integers(1, 50)), draw(st.integers(100, 25_000)) * WAN, draw(st.integers(1, 200)),
                draw(collaterals), draw(st.sampled_from(["C39", "C26", "D441", "M73", "A01"])), draw(bands),
                draw(st.booleans()), draw(st.integers(0, 100_000)),
                draw(st.one_of(st.none(), st.frozensets(st.integers(1, 20), max_size=4))))  # fmt: skip


@settings(max_examples=60, deadline=None)
@given(st.lists(products(), min_size=1, max_size=25, unique_by=lambda p: p.id), st.lists(needs(), max_size=8))
def test_a_product_never_matches_a_request_it_is_not_eligible_for(catalogue, wanted):
    wanted = [Need(i + 1, *(getattr(n, f) for f in Need.__dataclass_fields__ if f != "id"))
              for i, n in enumerate(wanted)]  # fmt: skip
    by_id = {p.id: p for p in catalogue}
    batch = ranking.rank_many(wanted, ranking.Catalogue(catalogue), top=len(catalogue))
    for n in wanted:
        scalar = ranking.rank(n, catalogue)
        assert all(eligibility.is_eligible(by_id[r.product_id], n) for r in scalar)
        assert [(r.product_id, r.score) for r in scalar] == batch[n.id]  # batch and scalar agree exactly
        assert {r.product_id for r in scalar} == {p.id for p in catalogue if not eligibility.failures(p, n)}


DAY = date(2026, 3, 2)  # a Monday


def test_the_deadline_counts_working_days_over_a_holiday():
    g = slots.accept(Grab((1, 2, 3, 4), 3, 5), 1, date(2025, 9, 30))  # National Day week follows
    assert g.slots[0].due_on == date(2025, 10, 14)  # Oct 1–8 off, Sat 11 Oct is a working day


def test_a_fourth_acceptance_is_refused():
    g = Grab((1, 2, 3, 4), 3, 5)
    for bank in (1, 2, 3):
        g = slots.accept(g, bank, DAY)
    with pytest.raises(SlotError) as caught:
        slots.accept(g, 4, DAY)
    assert caught.value.code == "slots_full"


def test_an_expired_slot_passes_to_the_next_bank_and_its_bank_may_not_come_back():
    g = Grab((1, 2, 3, 4), 3, 5)
    for bank in (1, 2, 3):
        g = slots.accept(g, bank, DAY)
    g = slots.respond(g, 2, DAY)
    g, lapsed = slots.expire(g, date(2026, 3, 10))
    assert lapsed == (1, 3) and g.waiting() == (4,)
    g = slots.accept(g, 4, date(2026, 3, 10))
    for bank, action in ((1, "accept"), (3, "respond")):
        with pytest.raises(SlotError) as caught:
            slots.accept(g, bank, date(2026, 3, 10)) if action == "accept" else slots.respond(g, bank, DAY)
        assert caught.value.code == "slot_expired"


def test_a_response_after_the_deadline_is_refused():
    g = slots.accept(Grab((1,), 3, 5), 1, DAY)
    with pytest.raises(SlotError) as caught:
        slots.respond(g, 1, date(2026, 3, 10))
    assert caught.value.code == "slot_expired"


def test_a_bank_not_broadcast_to_cannot_accept_and_nobody_accepts_twice():
    g = slots.accept(Grab((1, 2), 3, 5), 1, DAY)
    for bank, code in ((9, "not_broadcast"), (1, "already_accepted")):
        with pytest.raises(SlotError) as caught:
            slots.accept(g, bank, DAY)
        assert caught.value.code == code


moves = st.lists(st.tuples(st.sampled_from(["accept", "respond", "withdraw", "expire"]), st.integers(1, 8),
                           st.integers(0, 20)), max_size=40)  # fmt: skip


@settings(max_examples=150, deadline=None)
@given(st.integers(1, 5), moves)
def test_slots_held_never_exceed_k(k, script):
    g = Grab(tuple(range(1, 8)), k, 5)
    for action, bank, day in script:
        today = date(2026, 3, 2 + day)
        try:
            if action == "expire":
                g, _ = slots.expire(g, today)
            else:
                g = getattr(slots, action)(*((g, bank, today) if action != "withdraw" else (g, bank)))
        except SlotError:
            pass
        assert g.holding() <= k
        assert len({s.bank_id for s in g.slots}) == len(g.slots)
        assert all(s.state != SlotState.ENGAGED or s.due_on >= s.accepted_on for s in g.slots)


def ev(rid, ent, stage, amount=0, on=DAY, green=False, requested=None):
    return funnel.StageEvent(rid, ent, funnel.Stage(stage), on, amount, green, requested)


def test_golden_funnel_counts_requests_once_per_stage_and_sums_the_money():
    events = [ev(1, 7, "requested"), ev(1, 7, "matched"), ev(1, 7, "accepted"), ev(1, 7, "accepted"),
              ev(1, 7, "approved", 300), ev(1, 7, "disbursed", 100, date(2026, 3, 12), True, DAY),
              ev(1, 7, "disbursed", 200, date(2026, 3, 20), False, DAY), ev(2, 8, "requested"),
              ev(3, 7, "requested"), ev(3, 7, "disbursed", 50, date(2026, 3, 4), True, DAY)]  # fmt: skip
    f = funnel.funnel(events)
    assert f.counts() == (3, 1, 1, 1, 2)
    assert (f.approved_fen, f.disbursed_fen, f.green_fen, f.enterprises) == (300, 350, 150, 1)
    assert f.median_days_to_cash == 2 and f.as_of == date(2026, 3, 20)


@settings(max_examples=80, deadline=None)
@given(st.lists(st.tuples(st.integers(1, 30), st.integers(1, 9), st.sampled_from(list(funnel.Stage)),
                          st.integers(0, 10**12), st.booleans()), max_size=80))  # fmt: skip
def test_totals_equal_the_sum_of_disbursements(rows):
    events = [ev(r, e, s, a, green=g) for r, e, s, a, g in rows]
    f = funnel.funnel(events)
    paid = [x for x in events if x.stage == funnel.Stage.DISBURSED]
    assert f.disbursed_fen == sum(x.amount_fen for x in paid)
    assert f.green_fen == sum(x.amount_fen for x in paid if x.green) <= f.disbursed_fen
    assert f.enterprises == len({x.enterprise_id for x in paid})
    grouped = funnel.by(events, lambda x: x.enterprise_id % 3)
    assert sum(g.disbursed_fen for g in grouped.values()) == f.disbursed_fen
