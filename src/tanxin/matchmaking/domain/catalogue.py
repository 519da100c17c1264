"""What a bank offers (a product) and what an enterprise asks for (a request), and their checks.

Amounts in fen, terms in months, rates and spreads in basis points or parts per million: integers, exact.
Industries are GB/T 4754 codes ("C39"); a product lists prefixes ("C", "D44") and an empty list means any.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from tanxin.matchmaking.domain import params
from tanxin.matchmaking.domain.errors import refuse


class ProductKind(StrEnum):
    PLEDGE_LOAN = "pledge_loan"
    CREDIT_LOAN = "credit_loan"
    GUARANTEE = "guarantee"
    GREEN_BOND = "green_bond"
    LEASING = "leasing"
    ABS = "abs"


class Collateral(StrEnum):
    ALLOWANCES = "allowances"  # carbon allowances pledged (a registry hold)
    GUARANTEE = "guarantee"
    RECEIVABLES = "receivables"
    PROPERTY = "property"
    EQUIPMENT = "equipment"
    DEPOSIT = "deposit"


BANDS = ("A", "B", "C", "D")  # best first; "" = not banded or knocked out
# Kinds whose cost the district's financing subsidy covers (interest or guarantee fees).
SUBSIDISED_KINDS = frozenset({ProductKind.PLEDGE_LOAN, ProductKind.CREDIT_LOAN, ProductKind.GUARANTEE,
                              ProductKind.LEASING, ProductKind.ABS})  # fmt: skip


def band_rank(band: str) -> int:
    """0 for A … 3 for D, 4 for no band (worse than every band)."""
    return BANDS.index(band) if band in BANDS else len(BANDS)


@dataclass(frozen=True)
class Product:
    id: int
    bank_id: int
    kind: ProductKind
    min_amount_fen: int
    max_amount_fen: int
    min_term_months: int
    max_term_months: int
    spread_min_bp: int
    spread_max_bp: int
    collateral: frozenset[str] = frozenset()  # accepted kinds; empty = no collateral needed (credit)
    industries: tuple[str, ...] = ()  # GB/T 4754 prefixes; empty = any industry
    min_band: str = ""  # "" = no minimum
    green_only: bool = False
    response_workdays: int = 5

    def serves_industry(self, code: str) -> bool:
        return not self.industries or any(code.startswith(prefix) for prefix in self.industries)


@dataclass(frozen=True)
class Need:
    """A financing request as the rules see it, with the enterprise's facts (band, carbon position)."""

    id: int
    enterprise_id: int
    amount_fen: int
    term_months: int
    collateral: frozenset[str] = frozenset()
    industry_code: str = ""
    band: str = ""
    green: bool = False  # purpose has a green-project or retrofit category
    pledgeable_t: int = 0  # allowances free to pledge (the carbon position): > 0 is a surplus holder
    banks: frozenset[int] | None = None  # addressed to these banks only; None = every eligible bank


def check_product(p: Product) -> None:
    """Refuse a product whose ranges are inverted or outside sane bounds."""
    if p.min_amount_fen <= 0 or p.max_amount_fen > params.MAX_AMOUNT_FEN:
        raise refuse("product_amount_range", "min_amount_fen")
    if p.min_amount_fen > p.max_amount_fen:
        raise refuse("product_min_above_max", "max_amount_fen")
    if not params.MIN_TERM_MONTHS <= p.min_term_months <= p.max_term_months <= params.MAX_TERM_MONTHS:
        raise refuse("product_term_range", "max_term_months")
    if not 0 <= p.spread_min_bp <= p.spread_max_bp <= 2000:
        raise refuse("product_spread_range", "spread_max_bp")
    if p.min_band and p.min_band not in BANDS:
        raise refuse("unknown_band", "min_band")
    unknown = set(p.collateral) - {c.value for c in Collateral}
    if unknown:
        raise refuse("unknown_collateral", "collateral")
    if not 1 <= p.response_workdays <= 60:
        raise refuse("product_response_range", "response_workdays")


def check_need(n: Need) -> None:
    """Refuse an amount or term outside any sane range, or an unknown collateral kind."""
    if not params.MIN_AMOUNT_FEN <= n.amount_fen <= params.MAX_AMOUNT_FEN:
        raise refuse("request_amount_range", "amount_fen", low=params.MIN_AMOUNT_FEN // 100,
                     high=params.MAX_AMOUNT_FEN // 100)  # fmt: skip
    if not params.MIN_TERM_MONTHS <= n.term_months <= params.MAX_TERM_MONTHS:
        raise refuse("request_term_range", "term_months", low=params.MIN_TERM_MONTHS, high=params.MAX_TERM_MONTHS)
    if set(n.collateral) - {c.value for c in Collateral}:
        raise refuse("unknown_collateral", "collateral")
    if n.pledgeable_t < 0:
        raise refuse("negative_position", "pledgeable_t")


@dataclass(frozen=True)
class Reason:
    """One reason of a refusal or of a rank, with the values a label needs."""

    code: str
    values: dict = field(default_factory=dict, hash=False, compare=False)
