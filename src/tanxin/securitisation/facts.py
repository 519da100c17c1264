"""Public reads of the securitisation module for other apps (no gate inside: the caller checks its own).

Set-based: a handful of queries however many deals are asked for.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class DealSummary:
    id: int
    name: str
    status: str
    status_label: str
    guarantor_id: int | None
    jurisdiction_id: int | None
    pool_balance_fen: int
    outstanding_fen: int
    senior_outstanding_fen: int
    loan_count: int
    enterprise_ids: tuple[int, ...]
    as_of: date | None


@dataclass(frozen=True)
class SubsidyLine:
    deal_id: int
    enterprise_id: int
    year: int
    financing_cost_fen: int
    subsidy_fen: int
    cap_fen: int


def deals(jurisdiction_ids: set[int] | None = None) -> list[DealSummary]:
    """Every deal (None) or the deals of these jurisdictions, newest first."""
    return []


def deals_for_enterprise(enterprise_id: int) -> list[DealSummary]:
    """The deals whose pool holds a loan of this enterprise."""
    return []


def subsidy_lines(deal_id: int) -> list[SubsidyLine]:
    """The district's financing-cost subsidy per borrower and year for a deal."""
    return []
