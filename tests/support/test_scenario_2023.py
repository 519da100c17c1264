"""A 2023-like round (RULES.md §7): 30 applicants, 21 supported, none above 500,000 CNY.

The first batch paid in Nov 2023 was 5.99 M CNY, used here as the budget. Facts, declarations and
expert sheets are generated deterministically so the run is repeatable.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from tanxin.support.domain import (
    AutoScoringConfig,
    Band,
    BandedRule,
    EnterpriseFacts,
    EnterpriseType,
    ProportionalRule,
    RankInput,
    SelfDeclaration,
    allocate,
    compute_total,
    ensure_within_limits,
    rank_applications,
)

from .builders import T0, D, golden_tree, sheet

TREE = golden_tree()
BUDGET_FEN = 599_000_000  # 5.99 M CNY
CAP_FEN = 50_000_000  # 500,000 CNY
TYPES = [EnterpriseType.PRODUCTION, EnterpriseType.RD, EnterpriseType.SERVICE]


def _application(i: int):
    app = f"APP-{i:02d}"
    etype = TYPES[i % 3]
    industry = "electronics" if i % 4 == 0 else None
    facts = EnterpriseFacts(
        app,
        disclosure_published=i % 7 != 3,
        disclosure_verified=i % 3 != 0,
        intensity_this_year=D("1.00") - D("0.03") * (i % 5),
        intensity_last_year=D("1.00"),
        compliance_on_time=i % 2 == 0,
        surplus_t=i * 1_700,
    )
    decl = {
        "P1": SelfDeclaration("P1", D(15), ("f",), D((i % 4) * 3), "officer", T0, "partly proven"),
        "V1": SelfDeclaration("V1", D(5), ("f",), D(i % 5), "officer", T0, "partly proven"),
    }
    experts = 5 if i % 2 == 0 else 3
    items = [it for it in TREE.applicable(etype, industry) if it.method == "expert"]
    sheets = [
        sheet(app, f"X{e}", {it.code: _expert_points(it, i, e) for it in items}, minutes=e) for e in range(experts)
    ]
    breakdown = compute_total(
        app, TREE, etype, industry, facts, decl, sheets, auto_cfg=AutoScoringConfig(), spread_threshold=D(20)
    )
    submitted = datetime(2023, 6, 1, tzinfo=UTC) + timedelta(hours=37 * i % 500)
    return RankInput(app, breakdown.total, breakdown.expert_score, breakdown.automatic, submitted)


def _expert_points(item, i: int, e: int):
    low, high = item.expert_range
    return min(high, low + (high - low) * D((i * 7 + e * 3) % 10 + 1) / 10)


def _ranking():
    return rank_applications([_application(i) for i in range(30)])


def test_thirty_applicants_score_within_full_marks_and_ties_still_get_distinct_places():
    ranking = _ranking()
    assert [r.rank for r in ranking] == list(range(1, 31))
    assert all(D(0) <= r.entry.total <= D(100) for r in ranking)
    assert len({r.entry.total for r in ranking}) < 30  # the generated round does contain tied totals


def test_the_top_21_share_5_99_million_proportionally_each_at_most_500000_yuan():
    draft = allocate(_ranking(), ProportionalRule(max_awardees=21), BUDGET_FEN, CAP_FEN)
    awardees = [a for a in draft.awards if a.amount_fen > 0]
    assert len(awardees) == 21
    assert [a.rank for a in awardees] == list(range(1, 22))
    assert all(a.amount_fen <= CAP_FEN for a in draft.awards)
    assert draft.total_fen == BUDGET_FEN  # no cap binds, so every fen is placed
    ensure_within_limits(draft)


def test_banded_awards_for_the_top_21_stay_within_cap_and_budget():
    rule = BandedRule(
        (Band(D(60), 50_000_000, "一档"), Band(D(45), 30_000_000, "二档"), Band(D(0), 15_000_000, "三档")),
        max_awardees=21,
    )
    draft = allocate(_ranking(), rule, BUDGET_FEN, CAP_FEN)
    awardees = [a for a in draft.awards if a.amount_fen > 0]
    assert len(awardees) == 21
    assert all(a.amount_fen <= CAP_FEN for a in awardees)
    assert draft.total_fen <= BUDGET_FEN
    ensure_within_limits(draft)
