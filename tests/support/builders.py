"""Plain builders shared by the support-fund tests (fakes, not mocks: real dataclasses)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

from tanxin.support.domain import (
    AutoRule,
    Category,
    CriteriaTree,
    CriterionItem,
    EnterpriseType,
    ExpertSheet,
    RankInput,
    ScoringMethod,
    rank_applications,
)

D = Decimal
T0 = datetime(2023, 6, 1, 9, 0, tzinfo=UTC)
WINDOW_OPENS = datetime(2023, 6, 1, tzinfo=UTC)
WINDOW_CLOSES = datetime(2023, 7, 1, tzinfo=UTC)

P, RD, SV = EnterpriseType.PRODUCTION, EnterpriseType.RD, EnterpriseType.SERVICE


def item(code: str, category: Category, max_points: int, method: ScoringMethod, **kw: object) -> CriterionItem:
    return CriterionItem(
        code=code,
        category=category,
        name_zh=f"{code}（中文）",
        name_en=code,
        max_points=D(max_points),
        method=method,
        **kw,  # type: ignore[arg-type]
    )


def golden_tree() -> CriteriaTree:
    """Full marks 100, reached only by a production or R&D enterprise in electronics.

    production+electronics: 10+10+15+10+10+5+10+15+5+10 = 100
    service (any industry but electronics): all but A2 and P2 = 80
    """
    auto, self_, expert = ScoringMethod.AUTOMATIC, ScoringMethod.SELF_DECLARED, ScoringMethod.EXPERT
    return CriteriaTree(
        version=1,
        full_marks=D(100),
        items=(
            item("A1", Category.ENTERPRISE_AND_PRODUCTS, 10, auto, auto_rule=AutoRule.DISCLOSURE),
            item("A2", Category.ENTERPRISE_AND_PRODUCTS, 10, expert, enterprise_types=frozenset({P, RD})),
            item("P1", Category.PROJECTS, 15, self_, evidence_required=("retrofit_acceptance_report",)),
            item("P2", Category.PROJECTS, 10, self_, industries=frozenset({"electronics"})),
            item("M1", Category.MANAGEMENT, 10, auto, auto_rule=AutoRule.INTENSITY_REDUCTION),
            item("M2", Category.MANAGEMENT, 5, auto, auto_rule=AutoRule.COMPLIANCE_ON_TIME),
            item("M3", Category.MANAGEMENT, 10, auto, auto_rule=AutoRule.SURPLUS_ALLOWANCES),
            item("M4", Category.MANAGEMENT, 15, expert),  # low-carbon supply-chain management
            item("V1", Category.ACTIVITIES, 5, self_),  # use of green finance
            item("V2", Category.ACTIVITIES, 10, expert, expert_min=D(2)),
        ),
    )


def sheet(app: str, expert: str, scores: dict[str, int | str], minutes: int = 0) -> ExpertSheet:
    return ExpertSheet(app, expert, {k: D(v) for k, v in scores.items()}, T0 + timedelta(minutes=minutes))


def ranking(*totals: str):
    """Applications A0, A1, ... ranked by these totals (no tie-breaking points, one submission time)."""
    return rank_applications([RankInput(f"A{i}", D(t), D(0), D(0), datetime(2023, 6, 1)) for i, t in enumerate(totals)])
