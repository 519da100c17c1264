"""The one-page carbon credit profile of an enterprise for a bank's credit file.

Surplus history (registry), pledgeable quantity at today's P_val (market figures: min of the last close and
the N-day VWAP), the maximum loan at the target breach probability (the LTV solved on the GBM barrier model
with the price series' own volatility, never above the band's LTV cap), and the scores with their reasons.
Rendered with WeasyPrint outside any transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_DOWN, Decimal

from django.template.loader import render_to_string
from django.utils import timezone

from tanxin.common.errors import DomainError
from tanxin.lending.domain import params as lending_params
from tanxin.lending.domain import risk, valuation
from tanxin.lending.queries_screening import Card
from tanxin.lending.screening_facts import Prices
from tanxin.lending.screening_present import band_text, explain
from tanxin.market import facts as market

TENOR_YEARS = 1.0  # the profile sizes a one-year loan, the usual tenor of an allowance pledge loan


@dataclass(frozen=True)
class Sizing:
    instrument: str
    price: Decimal | None  # P_val, yuan per tonne
    close: Decimal | None
    vwap: Decimal | None
    price_day: date | None
    synthetic: bool
    pledgeable_t: int
    collateral_fen: int | None  # Q_free × P_val
    sigma: Decimal | None
    target: Decimal
    liquidation_line: Decimal
    solved_ltv: Decimal | None
    band_cap: Decimal | None
    ltv: Decimal | None  # min(solved, band cap)
    max_loan_fen: int | None
    problem: str = ""  # why the maximum loan cannot be shown (no prices, short history, knocked out)


def sizing(card: Card) -> Sizing:
    params = lending_params.DEFAULTS
    line = lending_params.PROFILES[params.default_profile].liquidation
    carbon = card.carbon
    fig = Prices(card.today).figures(carbon.instrument)
    price = fig.valuation
    collateral = int((Decimal(carbon.pledgeable_t) * price * 100).to_integral_value(ROUND_DOWN)) if price else None
    band = card.result.band
    base = dict(instrument=carbon.instrument, price=price, close=fig.close, vwap=fig.vwap_n, price_day=fig.close_day,
                synthetic=fig.synthetic, pledgeable_t=carbon.pledgeable_t, collateral_fen=collateral,
                target=params.target_breach_probability, liquidation_line=line,
                band_cap=band.ltv_cap if band else None)  # fmt: skip
    if price is None:
        return Sizing(**base, sigma=None, solved_ltv=None, ltv=None, max_loan_fen=None, problem="no_prices")
    try:
        sigma = _volatility(carbon.instrument, card.today)
        solved = risk.solve_ltv(risk.RiskInputs(float(sigma), TENOR_YEARS, float(line)),
                                float(params.target_breach_probability))  # fmt: skip
    except DomainError as exc:
        return Sizing(**base, sigma=None, solved_ltv=None, ltv=None, max_loan_fen=None, problem=exc.code)
    if band is None:
        return Sizing(**base, sigma=sigma, solved_ltv=solved, ltv=None, max_loan_fen=None, problem="knocked_out")
    ltv = min(solved, band.ltv_cap)
    loan = int((Decimal(collateral) * ltv).to_integral_value(ROUND_DOWN))
    return Sizing(**base, sigma=sigma, solved_ltv=solved, ltv=ltv, max_loan_fen=loan)


def _volatility(instrument: str, on: date) -> Decimal:
    rows = market.series(instrument, end=on).rows
    quotes = [valuation.Quote(r.day, r.close, r.volume_t, r.turnover_fen) for r in rows]
    return valuation.annual_volatility(quotes, on)


def profile_pdf(card: Card) -> bytes:
    from weasyprint import HTML  # imported lazily: it loads fonts and Pango on first use

    html = render_to_string("lending/screening/profile_pdf.html", {
        "card": card, "explain": explain(card), "band": band_text(card), "sizing": sizing(card),
        "now": timezone.now(),
    })  # fmt: skip
    return HTML(string=html, base_url=None).write_pdf()
