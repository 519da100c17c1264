"""Properties that must hold for any input: conservation of fen, limits, determinism, locality."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from tanxin.support.domain import (
    AutoScoringConfig,
    Band,
    BandedRule,
    EnterpriseFacts,
    ProportionalRule,
    RankInput,
    aggregate_expert_scores,
    allocate,
    apportion_fen,
    compute_total,
    rank_applications,
)

from .builders import SV, D, golden_tree, sheet

points = st.decimals(min_value=0, max_value=100, places=2, allow_nan=False, allow_infinity=False)
fen = st.integers(min_value=0, max_value=10**10)


@st.composite
def rank_inputs(draw, max_size: int = 25) -> list[RankInput]:
    n = draw(st.integers(min_value=0, max_value=max_size))
    # Few distinct values so ties are common and every tie-break gets exercised.
    small = st.sampled_from([D(0), D("50.5"), D(60), D(80)])
    return [
        RankInput(
            f"A{i:03d}",
            draw(st.one_of(small, points)),
            draw(small),
            draw(small),
            datetime(2023, 6, 1, tzinfo=UTC) + timedelta(days=draw(st.integers(0, 2))),
        )
        for i in range(n)
    ]


@st.composite
def rules(draw):
    min_score = draw(st.sampled_from([D(0), D(50), D(70)]))
    max_awardees = draw(st.one_of(st.none(), st.integers(1, 30)))
    if draw(st.booleans()):
        return ProportionalRule(min_score, max_awardees)
    scores = draw(st.lists(points, min_size=1, max_size=4, unique=True))
    bands = tuple(Band(s, draw(st.integers(1, 10**8))) for s in scores)
    return BandedRule(bands, min_score, max_awardees)


@settings(max_examples=300, deadline=None)
@given(rank_inputs(), rules(), fen, st.integers(0, 10**8), st.data())
def test_awards_never_exceed_cap_request_or_budget_and_are_whole_fen(entries, rule, budget, cap, data):
    requested = {e.application_id: data.draw(st.integers(0, 10**8)) for e in entries if data.draw(st.booleans())}
    draft = allocate(rank_applications(entries), rule, budget, cap, requested)
    assert draft.total_fen <= budget
    for a in draft.awards:
        assert isinstance(a.amount_fen, int) and 0 <= a.amount_fen <= a.cap_fen <= cap
        assert a.amount_fen <= requested.get(a.application_id, cap)
    if isinstance(rule, BandedRule) and any(a.scaled for a in draft.awards):
        assert draft.total_fen == budget  # cut pro rata: every fen of the budget is placed


@settings(max_examples=300, deadline=None)
@given(rank_inputs(), fen, st.integers(0, 10**8))
def test_proportional_awards_place_exactly_the_budget_or_everyone_reaches_their_cap(entries, budget, cap):
    draft = allocate(rank_applications(entries), ProportionalRule(), budget, cap)
    reachable = sum(cap for e in entries if e.total > 0)
    assert draft.total_fen == min(budget, reachable)


@settings(max_examples=300, deadline=None)
@given(
    fen,
    st.lists(st.tuples(st.integers(0, 1000), st.integers(0, 10**9)), max_size=30),
)
def test_apportioning_conserves_every_fen(amount, weight_caps):
    weights = [w for w, _ in weight_caps]
    caps = [c for _, c in weight_caps]
    result = apportion_fen(amount, weights, caps)
    assert sum(result) == min(amount, sum(c for w, c in weight_caps if w > 0))
    assert all(0 <= r <= c for r, c in zip(result, caps, strict=True))
    assert all(r == 0 for r, w in zip(result, weights, strict=True) if w == 0)


@settings(max_examples=200, deadline=None)
@given(rank_inputs(), st.randoms(use_true_random=False))
def test_ranking_and_allocation_do_not_depend_on_input_order(entries, rnd):
    shuffled = list(entries)
    rnd.shuffle(shuffled)
    assert rank_applications(shuffled) == rank_applications(entries)
    rule = ProportionalRule(max_awardees=5)
    assert allocate(rank_applications(shuffled), rule, 10**7, 10**6) == allocate(
        rank_applications(entries), rule, 10**7, 10**6
    )


expert_sheet = st.tuples(st.integers(0, 15), st.integers(2, 10))  # M4 0..15, V2 2..10


@st.composite
def panels(draw):
    """A few applications, each with its own panel of 1–7 experts (service type: M4 and V2)."""
    n_apps = draw(st.integers(1, 4))
    return {f"A{a}": draw(st.lists(expert_sheet, min_size=1, max_size=7)) for a in range(n_apps)}


def _totals(panel: dict[str, list[tuple[int, int]]]) -> dict[str, Decimal]:
    tree, cfg = golden_tree(), AutoScoringConfig()
    sheets = [
        sheet(app, f"E{e}", {"M4": m4, "V2": v2}) for app, rows in panel.items() for e, (m4, v2) in enumerate(rows)
    ]
    return {
        app: compute_total(
            app, tree, SV, None, EnterpriseFacts(app), {}, sheets, auto_cfg=cfg, spread_threshold=D(20)
        ).total
        for app in panel
    }


@settings(max_examples=200, deadline=None)
@given(panels(), st.data())
def test_changing_one_experts_score_changes_only_that_applications_total(panel, data):
    app = data.draw(st.sampled_from(sorted(panel)))
    idx = data.draw(st.integers(0, len(panel[app]) - 1))
    new = data.draw(expert_sheet.filter(lambda s: sum(s) != sum(panel[app][idx])))
    changed = {k: list(v) for k, v in panel.items()}
    changed[app][idx] = new
    before, after = _totals(panel), _totals(changed)
    assert {k: v for k, v in before.items() if k != app} == {k: v for k, v in after.items() if k != app}
    if len(panel[app]) < 5:  # plain mean: every sheet counts, so the total must move
        assert before[app] != after[app]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(0, 15), min_size=1, max_size=9), st.integers(0, 15))
def test_the_expert_score_lies_between_the_lowest_and_highest_sheet(totals, threshold):
    agg = aggregate_expert_scores([sheet("A", f"E{i}", {"M4": t}) for i, t in enumerate(totals)], Decimal(threshold))
    assert min(totals) <= agg.score <= max(totals)
    assert agg.spread_flagged == (max(totals) - min(totals) > threshold)
