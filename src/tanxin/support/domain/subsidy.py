"""The district's financing subsidy (贴息贴费): half of the actual financing cost of a green loan, within a cap
per firm and per year, for a limited number of years.

Reference values (RULES.md §4–5): 50 % of the financing cost — V; at most 1,000,000 CNY per firm per year,
for 3 years, for the carbon ABS borrowers — V. A scheme stores its own share, cap and years, so a district
configures them; the defaults below are what a new subsidy scheme starts with.

The loan's facts (lender, principal, rate, interest and guarantee fees over the claimed period, whether its use
is green) come from the modules that recorded the loan: the caller fills them in, the enterprise never retypes
them. Refused: a loan that is not green-eligible, a period that is empty or overlaps a period already claimed
for the same loan, a loan claimed in more years than the scheme allows, a cap already used up, an amount asked
above what is left of the cap.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from tanxin.common.errors import Conflict, DomainError

SHARE_PPM = 500_000  # V: 50 % of the financing cost
CAP_PER_YEAR_FEN = 1_000_000 * 100  # V: 1,000,000 CNY per firm per year (ABS borrowers)
YEARS = 3  # V: for three years
EVIDENCE_KINDS = ("contract", "settlement", "pledge_notice")


class SubsidyError(DomainError):
    pass


class DuplicateClaim(Conflict):
    pass


@dataclass(frozen=True)
class FinancedLoan:
    key: str  # who recorded the loan and its id there: "lending:12", "matchmaking:34"
    ref: str
    lender: str
    principal_fen: int
    rate_ppm: int
    green: bool
    pledge: bool  # a pledge loan: the pledge notice is part of the evidence
    interest_fen: int
    fee_fen: int  # guarantee fees
    period_start: date
    period_end: date  # exclusive

    @property
    def cost_fen(self) -> int:
        return self.interest_fen + self.fee_fen


@dataclass(frozen=True)
class ClaimedPeriod:
    key: str
    period_start: date
    period_end: date
    year: int


@dataclass(frozen=True)
class ClaimAmount:
    cost_fen: int
    share_fen: int  # share × cost, rounded down to the fen
    amount_fen: int  # within what is left of the cap
    capped: bool


def check_lines(lines: Sequence[FinancedLoan], earlier: Iterable[ClaimedPeriod], year: int, years: int) -> None:
    if not lines:
        raise SubsidyError("no_loans", code="no_loans")
    earlier = list(earlier)
    for i, line in enumerate(lines):
        if not line.green:
            raise SubsidyError("not_green", code="not_green", details={"loan": line.ref})
        if line.period_end <= line.period_start:
            raise SubsidyError("bad_period", code="bad_period", details={"loan": line.ref})
        if line.interest_fen < 0 or line.fee_fen < 0 or line.cost_fen == 0:
            raise SubsidyError("no_cost", code="no_cost", details={"loan": line.ref})
        others = [*earlier, *(ClaimedPeriod(x.key, x.period_start, x.period_end, year) for x in lines[:i])]
        for e in others:
            if e.key == line.key and e.period_start < line.period_end and line.period_start < e.period_end:
                raise DuplicateClaim("duplicate_period", code="duplicate_period", details={"loan": line.ref})
        claimed_years = {e.year for e in earlier if e.key == line.key} | {year}
        if len(claimed_years) > years:
            raise SubsidyError("years_exhausted", code="years_exhausted", details={"loan": line.ref, "years": years})


def claim_amount(lines: Sequence[FinancedLoan], share_ppm: int, cap_fen: int, used_fen: int = 0,
                 requested_fen: int | None = None) -> ClaimAmount:  # fmt: skip
    """Share × cost, within the cap left this year; refuses an amount asked above that, or a cap used up."""
    left = cap_fen - used_fen
    if left <= 0:
        raise SubsidyError("cap_used", code="cap_used", details={"cap_fen": cap_fen})
    cost = sum(x.cost_fen for x in lines)
    share = cost * share_ppm // 1_000_000
    if requested_fen is not None and requested_fen > left:
        raise SubsidyError("above_cap", code="above_cap", details={"left_fen": left, "cap_fen": cap_fen})
    amount = min(share, left, requested_fen if requested_fen is not None else share)
    return ClaimAmount(cost, share, amount, share > left)


def required_evidence(lines: Sequence[FinancedLoan]) -> tuple[str, ...]:
    return ("contract", "settlement", "pledge_notice") if any(x.pledge for x in lines) else ("contract", "settlement")


def scale_to_budget(amounts: dict[str, int], budget_fen: int) -> dict[str, int]:
    """Cut every amount in the same proportion when the claims ask for more than the budget (largest remainder
    in fen, so the total is exactly the budget); otherwise unchanged."""
    total = sum(amounts.values())
    if total <= budget_fen:
        return dict(amounts)
    floors = {k: v * budget_fen // total for k, v in amounts.items()}
    rest = budget_fen - sum(floors.values())
    order = sorted(amounts, key=lambda k: (-(amounts[k] * budget_fen % total), k))
    for k in order[:rest]:
        floors[k] += 1
    return floors
