"""A hand-worked scheme, end to end: every number below is computed by hand in the comments.

Three applications under ``golden_tree`` (see builders.py), default automatic tiers:
disclosure published 5 / published+verified 10; intensity reduction >=10 % → 10, >=5 % → 6, >0 → 3;
compliance on time 5; surplus >30,000 t → 10, >10,000 t → 7, >1,000 t → 4.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from tanxin.support.domain import (
    AutoScoringConfig,
    Band,
    BandedRule,
    EnterpriseFacts,
    ProportionalRule,
    RankInput,
    SelfDeclaration,
    allocate,
    compute_total,
    publicity_period,
    rank_applications,
    validate_criteria,
)

from .builders import RD, SV, T0, D, P, golden_tree, sheet

CFG = AutoScoringConfig()
SPREAD = D(20)
TREE = golden_tree()


def _verified(code: str, declared: int, verified: int, note: str = "") -> SelfDeclaration:
    return SelfDeclaration(code, D(declared), ("evidence/1",), D(verified), "officer_li", T0, note)


def g1():
    # G1, production, electronics.
    # automatic: published+verified → 10; intensity 0.80 → 0.70: (0.80-0.70)/0.80 = 0.125 >= 0.10 → 10;
    #            compliance on time → 5; surplus 12,000 t > 10,000 → 7.          automatic = 32
    # self-declared (as verified): P1 15 declared, 12 verified; P2 8/8; V1 5/5.  self = 12+8+5 = 25
    # experts (5 sheets on A2+M4+V2): 30, 28, 25, 33, 20 → sorted 20 25 28 30 33, drop 20 and 33,
    #            (25+28+30)/3 = 83/3 = 27.666… → 27.67; spread 33-20 = 13 <= 20, not flagged.
    # total = 32 + 25 + 27.67 = 84.67
    facts = EnterpriseFacts(
        "G1",
        disclosure_published=True,
        disclosure_verified=True,
        intensity_this_year=D("0.70"),
        intensity_last_year=D("0.80"),
        compliance_on_time=True,
        surplus_t=12_000,
        sources={"disclosure_published": "disclosure:report/7"},
    )
    decl = {
        "P1": _verified("P1", 15, 12, "acceptance report covers two of three lines"),
        "P2": _verified("P2", 8, 8),
        "V1": _verified("V1", 5, 5),
    }
    sheets = [
        sheet("G1", "E1", {"A2": 8, "M4": 14, "V2": 8}),  # 30
        sheet("G1", "E2", {"A2": 8, "M4": 12, "V2": 8}),  # 28
        sheet("G1", "E3", {"A2": 7, "M4": 10, "V2": 8}),  # 25
        sheet("G1", "E4", {"A2": 10, "M4": 15, "V2": 8}),  # 33
        sheet("G1", "E5", {"A2": 5, "M4": 10, "V2": 5}),  # 20
    ]
    return compute_total("G1", TREE, P, "electronics", facts, decl, sheets, auto_cfg=CFG, spread_threshold=SPREAD)


def g2():
    # G2, service, no special industry (A2 and P2 do not apply).
    # automatic: published, not verified → 5; intensity 1.00 → 0.95: 0.05 >= 0.05 → 6; no compliance
    #            record → 0; no surplus → 0.                                      automatic = 11
    # self-declared: P1 10/10; V1 declared 5 but not verified yet → counts 0.   self = 10
    # experts (3 sheets on M4+V2): 20, 22, 12 → fewer than 5: plain mean 54/3 = 18.00.
    # total = 11 + 10 + 18 = 39.00
    facts = EnterpriseFacts("G2", True, False, intensity_this_year=D("0.95"), intensity_last_year=D("1.00"))
    decl = {"P1": _verified("P1", 10, 10), "V1": SelfDeclaration("V1", D(5), ("evidence/9",))}
    sheets = [
        sheet("G2", "E1", {"M4": 12, "V2": 8}),
        sheet("G2", "E2", {"M4": 13, "V2": 9}),
        sheet("G2", "E3", {"M4": 8, "V2": 4}),
    ]
    return compute_total("G2", TREE, SV, None, facts, decl, sheets, auto_cfg=CFG, spread_threshold=SPREAD)


def g3():
    # G3, R&D, no special industry.
    # automatic: published+verified → 10; no intensity baseline → 0; on time → 5;
    #            surplus exactly 1,000 t is not "> 1,000" → 0.                   automatic = 15
    # self-declared: V1 5 declared, 4 verified.                                self = 4
    # experts (4 sheets on A2+M4+V2): 18, 22, 19, 21 → mean 80/4 = 20.00.
    # total = 15 + 4 + 20 = 39.00 — ties G2 on total; G3's expert score 20 > 18 puts it first.
    facts = EnterpriseFacts("G3", True, True, intensity_this_year=D("0.50"), compliance_on_time=True, surplus_t=1_000)
    decl = {"V1": _verified("V1", 5, 4, "one loan not green-labelled")}
    sheets = [
        sheet("G3", "E1", {"A2": 5, "M4": 8, "V2": 5}),
        sheet("G3", "E2", {"A2": 7, "M4": 9, "V2": 6}),
        sheet("G3", "E3", {"A2": 6, "M4": 8, "V2": 5}),
        sheet("G3", "E4", {"A2": 6, "M4": 9, "V2": 6}),
    ]
    return compute_total("G3", TREE, RD, None, facts, decl, sheets, auto_cfg=CFG, spread_threshold=SPREAD)


def _ranking():
    submitted = {"G1": datetime(2023, 6, 5), "G2": datetime(2023, 6, 2), "G3": datetime(2023, 6, 9)}
    entries = [
        RankInput(b.application_id, b.total, b.expert_score, b.automatic, submitted[b.application_id])
        for b in (g1(), g2(), g3())
    ]
    return rank_applications(entries)


def test_the_golden_tree_is_valid():
    validate_criteria(TREE)


def test_g1_scores_32_automatic_25_declared_and_a_trimmed_expert_mean_of_27_67():
    b = g1()
    assert (b.automatic, b.self_declared, b.expert.score, b.total) == (D(32), D(25), D("27.67"), D("84.67"))
    assert b.expert.method == "trimmed_mean"
    assert b.expert.dropped == ("E5", "E4")
    assert (b.expert.spread, b.expert.spread_flagged) == (D(13), False)


def test_g2_counts_an_unverified_declaration_as_zero_and_lists_it_as_pending():
    b = g2()
    assert (b.automatic, b.self_declared, b.expert.score, b.total) == (D(11), D(10), D(18), D(39))
    assert b.expert.method == "mean"
    assert b.pending_verification == ("V1",)


def test_g3_gets_nothing_for_a_surplus_of_exactly_1000_tonnes():
    b = g3()
    assert (b.automatic, b.self_declared, b.expert.score, b.total) == (D(15), D(4), D(20), D(39))
    surplus = next(ln for ln in b.lines if ln.item_code == "M3")
    assert surplus.points == 0 and surplus.provenance.rule == "below_all_tiers"


def test_g1_automatic_lines_name_the_facts_and_the_source_they_came_from():
    lines = {ln.item_code: ln for ln in g1().lines}
    assert lines["A1"].provenance.sources == ("disclosure:report/7",)
    assert ("reduction", "0.1250") in lines["M1"].provenance.facts
    assert lines["M1"].provenance.rule == "reduction >= 0.10"
    assert lines["P1"].provenance.actor == "officer_li"


def test_ranking_puts_g3_above_g2_because_its_expert_score_is_higher():
    ranked = _ranking()
    assert [(r.rank, r.entry.application_id) for r in ranked] == [(1, "G1"), (2, "G3"), (3, "G2")]
    assert ranked[2].decided_by == "expert desc"


def test_banded_awards_over_budget_are_cut_pro_rata_with_the_largest_remainder_in_fen():
    # Bands: >=80 → 500,000 CNY; >=60 → 300,000; >=35 → 100,000. G1 84.67 → 500k; G3, G2 39 → 100k each.
    # Asked: 700,000 CNY > budget 600,000 → scale every award by 600/700 (in fen):
    #   G1 60,000,000 × 50/70 = 42,857,142.857…   G3 and G2 60,000,000 × 10/70 = 8,571,428.571… each
    #   floors 42,857,142 + 8,571,428 + 8,571,428 = 59,999,998 → 2 fen left:
    #   largest remainder .857 → G1 +1; then .571 tie → the better-ranked G3 +1.
    rule = BandedRule((Band(D(80), 50_000_000), Band(D(60), 30_000_000), Band(D(35), 10_000_000)))
    draft = allocate(_ranking(), rule, budget_fen=60_000_000, cap_fen=50_000_000)
    amounts = {a.application_id: a.amount_fen for a in draft.awards}
    assert amounts == {"G1": 42_857_143, "G3": 8_571_429, "G2": 8_571_428}
    assert draft.total_fen == 60_000_000
    assert all(a.scaled for a in draft.awards)


def test_proportional_awards_share_the_budget_by_score_with_the_largest_remainder_in_fen():
    # Budget 800,000.01 CNY = 80,000,001 fen; weights 84.67, 39, 39 (Σ 162.67).
    #   G1 80,000,001 × 84.67/162.67 = 41,640,130.8457…; G3, G2 80,000,001 × 39/162.67 = 19,179,935.0771… each
    #   floors 41,640,130 + 19,179,935 + 19,179,935 = 80,000,000 → 1 fen left → G1 (.8457 is largest).
    draft = allocate(_ranking(), ProportionalRule(), budget_fen=80_000_001, cap_fen=50_000_000)
    amounts = {a.application_id: a.amount_fen for a in draft.awards}
    assert amounts == {"G1": 41_640_131, "G3": 19_179_935, "G2": 19_179_935}
    assert draft.unallocated_fen == 0


def test_proportional_awards_re_share_what_the_cap_cuts_off():
    # Budget 1,000,000 CNY: G1's share 100,000,000 × 84.67/162.67 = 52,050,162.9 > cap 50,000,000 →
    # G1 gets the cap; the other 50,000,000 fen split 39:39 → 25,000,000 each.
    draft = allocate(_ranking(), ProportionalRule(), budget_fen=100_000_000, cap_fen=50_000_000)
    amounts = {a.application_id: a.amount_fen for a in draft.awards}
    assert amounts == {"G1": 50_000_000, "G3": 25_000_000, "G2": 25_000_000}
    assert draft.award("G1").capped


def test_a_min_score_of_40_leaves_g2_and_g3_without_an_award():
    draft = allocate(_ranking(), ProportionalRule(min_score=D(40)), budget_fen=80_000_000, cap_fen=50_000_000)
    assert [(a.application_id, a.amount_fen, a.basis) for a in draft.awards] == [
        ("G1", 50_000_000, "proportional"),
        ("G3", 0, "below_min_score"),
        ("G2", 0, "below_min_score"),
    ]
    assert draft.unallocated_fen == 30_000_000


def test_publicity_of_five_working_days_from_28_september_2023_skips_the_national_day_holiday():
    # 28 Sep (Thu) day 1; 29 Sep – 6 Oct holiday; 7 Oct (Sat) and 8 Oct (Sun) are make-up workdays
    # (days 2, 3); 9 Oct day 4; 10 Oct day 5.
    period = publicity_period(date(2023, 9, 28), 5)
    assert period.end == date(2023, 10, 10)
    assert period.calendar_authoritative
    assert Decimal(period.workdays) == 5
