"""The proposed default screening scorecard (RULES.md §4: carbon 30, credit 30, finance 20, green 15, need 5).

Every number here is a proposal tagged M: the bureau's first version is a copy of it, shown as "to be
confirmed" until the bureau adopts its own. Plain data; ``scorecard.parse`` validates it like any version.
"""

from __future__ import annotations

from typing import Any


def _bins(*pairs: tuple[str | None, int]) -> list[dict[str, Any]]:
    return [{"threshold": t, "points": p} for t, p in pairs]


DEFAULT_CONFIG: dict[str, Any] = {
    "unconfirmed": True,
    "pillar_weights": {"carbon": 30, "credit": 30, "finance": 20, "green": 15, "need": 5},
    "knockouts": ["dishonest_debtor", "env_credit_red", "compliance_shortfall", "encumbered_ge_holdings"],
    "factors": [
        {"code": "surplus_ratio", "weight": 50, "kind": "numeric",
         "bins": _bins(("0.20", 100), ("0.10", 85), ("0", 65), ("-0.05", 30), (None, 0))},
        {"code": "compliance_record", "weight": 30, "kind": "numeric",
         "bins": _bins(("1", 100), ("0.66", 60), (None, 0))},
        {"code": "emission_trend", "weight": 20, "kind": "numeric", "direction": "lower",
         "bins": _bins(("-0.05", 100), ("0", 70), ("0.05", 40), (None, 0)), "missing_points": 40},
        {"code": "env_credit_colour", "weight": 40, "kind": "category",
         "map": {"green": 100, "blue": 80, "yellow": 40, "red": 0}},
        {"code": "tax_credit_grade", "weight": 30, "kind": "category",
         "map": {"A": 100, "B": 80, "M": 60, "C": 30, "D": 0}},
        {"code": "overdue_loans", "weight": 30, "kind": "numeric", "direction": "lower",
         "bins": _bins(("0", 100), ("1", 40), (None, 0))},
        {"code": "debt_ratio", "weight": 60, "kind": "numeric", "direction": "lower",
         "bins": _bins(("0.50", 100), ("0.65", 70), ("0.80", 40), (None, 0))},
        {"code": "net_margin", "weight": 40, "kind": "numeric",
         "bins": _bins(("0.10", 100), ("0.05", 75), ("0", 50), (None, 0))},
        {"code": "disclosure_status", "weight": 40, "kind": "category",
         "map": {"published": 100, "verified": 70, "none": 0}},
        {"code": "visit_rating", "weight": 60, "kind": "category",
         "map": {"good": 100, "fair": 60, "poor": 0}, "missing_points": 50},
        {"code": "collateral_cover", "weight": 70, "kind": "numeric",
         "bins": _bins(("2", 100), ("1", 70), ("0.5", 40), (None, 0))},
        {"code": "green_purpose", "weight": 30, "kind": "category", "map": {"yes": 100, "no": 40}},
    ],
    "bands": [
        {"code": "A", "min_score": 80, "ltv_cap": "0.50", "spread_bp": 50},
        {"code": "B", "min_score": 65, "ltv_cap": "0.45", "spread_bp": 90},
        {"code": "C", "min_score": 50, "ltv_cap": "0.40", "spread_bp": 140},
        {"code": "D", "min_score": 0, "ltv_cap": "0.30", "spread_bp": 220},
    ],
}  # fmt: skip


