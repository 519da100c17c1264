"""Every number matchmaking uses, with its confidence tag from the reference rules (RULES.md §4, §6).

``V`` values were seen in an official text (Huzhou's "first three banks, one week"; Nanshan's subsidy of 50 %
of the financing cost, at most 1,000,000 CNY per firm per year for three years). ``M`` values are proposed
defaults a district configures; the pages show them as "to be confirmed".
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class Parameter:
    key: str
    value: object
    tag: str  # "V" official text, "M" proposed default (to be confirmed)


@dataclass(frozen=True)
class MatchParams:
    """Defaults of the grab mode and of the ranking. A request copies K and the service time it was posted
    with, so a later change never rewrites an open request."""

    slots: int = 3  # V: the first three banks to accept may engage
    service_workdays: int = 5  # V: "one week", counted as five working days
    lpr_ppm: int = 30000  # M: 1-year LPR 3.00 % (2025-05), to be confirmed
    subsidy_share_ppm: int = 500000  # V: 50 % of the financing cost
    # Approval likelihood by screening band (M: proposed, per mille of requests approved).
    likelihood_permille: tuple[tuple[str, int], ...] = (("A", 900), ("B", 750), ("C", 500), ("D", 300), ("", 150))
    # Weights of the ranking (M: proposed; they sum to 100).
    weight_cost: int = 40
    weight_likelihood: int = 30
    weight_speed: int = 15
    weight_carbon: int = 15

    def __post_init__(self) -> None:
        if not 1 <= self.slots <= 20:
            raise ValueError("slots must lie between 1 and 20")
        if not 1 <= self.service_workdays <= 60:
            raise ValueError("service time must lie between 1 and 60 working days")
        if self.weight_cost + self.weight_likelihood + self.weight_speed + self.weight_carbon != 100:
            raise ValueError("ranking weights must sum to 100")

    def likelihood(self, band: str) -> int:
        return dict(self.likelihood_permille).get(band, dict(self.likelihood_permille)[""])


DEFAULTS = MatchParams()
WEIGHTS = (DEFAULTS.weight_cost, DEFAULTS.weight_likelihood, DEFAULTS.weight_speed, DEFAULTS.weight_carbon)

PARAMETERS: tuple[Parameter, ...] = (
    Parameter("grab_slots", DEFAULTS.slots, "V"),
    Parameter("service_workdays", DEFAULTS.service_workdays, "V"),
    Parameter("lpr_1y", Decimal(DEFAULTS.lpr_ppm) / 1_000_000, "M"),
    Parameter("subsidy_share", Decimal(DEFAULTS.subsidy_share_ppm) / 1_000_000, "V"),
    Parameter("likelihood_by_band", DEFAULTS.likelihood_permille, "M"),
    Parameter("ranking_weights", WEIGHTS, "M"),
)

# Sane bounds of a financing request (anything outside is a typing error, not a need).
MIN_AMOUNT_FEN = 10_000 * 100  # 10,000 CNY
MAX_AMOUNT_FEN = 10_000_000_000 * 100  # 10 billion CNY
MIN_TERM_MONTHS = 1
MAX_TERM_MONTHS = 360
