"""The valuation and sizing of one loan on one day: P_val, volatility, haircut, solved LTV, breach probability
(closed form and Monte Carlo), the table by LTV, and the largest loan the collateral supports.

Reads prices through ``lending.inputs``; the arithmetic is all in ``lending.domain``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from tanxin.lending import inputs
from tanxin.lending.domain import collateral, risk, valuation
from tanxin.lending.domain.params import BAND_TERMS, DEFAULTS, LendingParams, lpr_on
from tanxin.lending.models import Loan
from tanxin.lending.services.common import translated

MC_PATHS_PAGE = 20_000  # a page answers in well under a second; the benchmark runs 100,000


@dataclass(frozen=True)
class Appraisal:
    on: date
    valuation: valuation.Valuation
    sigma: Decimal
    haircut: Decimal
    rate: Decimal
    tenor_years: Decimal
    solved_ltv: Decimal
    band_cap: Decimal
    sizing: collateral.Sizing
    requested_ltv: Decimal  # the allowance-secured part of the requested amount over the allowances' value
    p_continuous: float
    p_daily: float
    monte_carlo: risk.MonteCarloResult
    table: list[risk.TableRow]
    synthetic: bool

    @property
    def within_size(self) -> bool:
        return self.sizing.max_loan_fen >= 0 and self.requested_ltv <= self.sizing.advance_rate


def terms_of(loan: Loan, on: date) -> tuple[Decimal, Decimal]:
    """(LTV cap, annual rate): the rate agreed at approval once there is one; before that the screening
    band's cap and LPR + spread (the scorecard's figures when the loan was banded by it, else the defaults)."""
    default_spread, default_cap = BAND_TERMS.get(loan.band, BAND_TERMS["D"])
    cap = Decimal(loan.ltv_cap_bp) / 10000 if loan.ltv_cap_bp is not None else default_cap
    if loan.rate_ppm is not None:
        return cap, Decimal(loan.rate_ppm) / 10**6
    spread = Decimal(loan.spread_bp) / 10000 if loan.spread_bp is not None else default_spread
    return cap, lpr_on(on) + spread


def others_of(loan: Loan) -> tuple[collateral.OtherItem, ...]:
    return tuple(collateral.OtherItem(c.kind, c.face_fen, Decimal(c.haircut_bp) / 10000) for c in loan.collateral.all())


def appraise(loan: Loan, on: date, *, params: LendingParams = DEFAULTS, mc_paths: int = MC_PATHS_PAGE,
             require_fresh: bool = True) -> Appraisal:  # fmt: skip
    with translated():
        quotes = inputs.quotes(loan.market_instrument, on)
        val = valuation.value_price(quotes, on, params)
        if require_fresh:
            valuation.require_fresh(val)
        sigma = valuation.annual_volatility(quotes, on)
        h = valuation.haircut(sigma, params)
        cap, rate = terms_of(loan, on)
        tenor = Decimal(loan.term_months) / 12
        inputs_ = risk.RiskInputs(float(sigma), float(tenor), loan.liquidation_bp / 10000, drift=-float(rate))
        target = float(Decimal(loan.target_ppm) / 10**6)
        solved = risk.solve_ltv(inputs_, target)
        others = others_of(loan)
        sizing = collateral.size(loan.quantity_t, val.price, h, solved, cap, others)
        secured = max(0, loan.amount_fen - sizing.other_recognised_fen)
        requested = (Decimal(secured) / sizing.allowance_value_fen).quantize(Decimal("0.0001"))
        p_cont = risk.barrier_probability(inputs_, float(requested))
        p_daily = risk.barrier_probability(inputs_, float(requested), daily=True)
        mc = risk.monte_carlo_probability(inputs_, float(requested), paths=mc_paths)
        table = risk.breach_table(inputs_)
    return Appraisal(on, val, sigma, h, rate, tenor, solved, cap, sizing, requested, p_cont, p_daily, mc, table,
                     inputs.is_synthetic(loan.market_instrument))  # fmt: skip
