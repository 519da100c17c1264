"""Words for the screening card: every code a user can see gets a label in both languages, and a card
becomes rows for the page, the PDF, the workbook and the API ("explain this score")."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils.translation import gettext_lazy as _

from tanxin.lending.domain.scorecard import Fact, FactorScore
from tanxin.lending.queries_screening import Card

PILLARS = {
    "carbon": _("Carbon position"), "credit": _("Credit status"), "finance": _("Financial capacity"),
    "green": _("Green rating"), "need": _("Need fit"),
}  # fmt: skip
FACTORS = {
    "surplus_ratio": _("Surplus ratio (surplus ÷ obligation)"),
    "compliance_record": _("Compliance record (share surrendered on time)"),
    "emission_trend": _("Emission trend (verified, year on year)"),
    "env_credit_colour": _("Environmental credit colour"),
    "tax_credit_grade": _("Tax credit grade"),
    "overdue_loans": _("Overdue loans"),
    "debt_ratio": _("Debt ratio (liabilities ÷ assets)"),
    "net_margin": _("Net margin (profit ÷ revenue)"),
    "disclosure_status": _("Carbon disclosure"),
    "visit_rating": _("On-site visit rating"),
    "collateral_cover": _("Collateral cover (pledgeable value ÷ amount requested)"),
    "green_purpose": _("Green use of proceeds"),
    "dishonest_debtor": _("Dishonest-debtor list"),
    "unresolved_shortfall_t": _("Unresolved compliance shortfall (t)"),
    "holdings_t": _("Allowance holdings (t)"),
    "encumbered_t": _("Pledged or frozen (t)"),
}
KNOCKOUTS = {
    "dishonest_debtor": _("On the dishonest-debtor list"),
    "env_credit_red": _("Environmental credit colour is red"),
    "compliance_shortfall": _("Unresolved compliance shortfall"),
    "encumbered_ge_holdings": _("Pledged and frozen allowances equal or exceed holdings"),
}
SOURCES = {
    "registry": _("Allowance registry"), "disclosure": _("Carbon disclosure"), "credit_record": _("Credit record"),
    "financial_statement": _("Financial statement"), "visit": _("On-site visit"),
    "loan_application": _("Loan application"), "market": _("Carbon market"), "none": _("No data"),
}  # fmt: skip
VALUES = {
    "green": _("Green"), "blue": _("Blue"), "yellow": _("Yellow"), "red": _("Red"),
    "published": _("Published"), "verified": _("Verified"), "none": _("None"),
    "good": _("Good"), "fair": _("Fair"), "poor": _("Poor"), "listed": _("Listed"), "not_listed": _("Not listed"),
    "compliant": _("Compliant"), "late": _("Late"), "non_compliant": _("Non-compliant"), "pending": _("Pending"),
    "no_obligation": _("No obligation"),
}  # fmt: skip
RATIO_FACTORS = {"surplus_ratio", "compliance_record", "emission_trend", "debt_ratio", "net_margin"}


def value_text(code: str, value: Any) -> str:
    if value is None:
        return str(_("No data"))
    if isinstance(value, bool):
        return str(_("Yes") if value else _("No"))
    if code in RATIO_FACTORS and isinstance(value, Decimal):
        return f"{(value * 100).quantize(Decimal('0.1'))} %"
    if code == "collateral_cover" and isinstance(value, Decimal):
        return f"{value.quantize(Decimal('0.01'))} ×"
    if isinstance(value, int):
        return f"{value:,}"
    return str(VALUES.get(str(value), value))


def rule_text(rule: str) -> str:
    return {"missing": str(_("no data")), "unknown": str(_("value not in the table")),
            "otherwise": str(_("otherwise"))}.get(rule, rule)  # fmt: skip


def fact_row(code: str, fact: Fact) -> dict[str, Any]:
    return {"code": code, "label": str(FACTORS.get(code, code)), "value": value_text(code, fact.value),
            "source": fact.source, "source_label": str(SOURCES.get(fact.source, fact.source)),
            "as_of": fact.as_of, "reference": fact.reference}  # fmt: skip


def factor_row(s: FactorScore) -> dict[str, Any]:
    return fact_row(s.code, s.fact) | {
        "pillar": s.pillar.value, "pillar_label": str(PILLARS[s.pillar.value]), "points": s.points,
        "weight": s.weight, "contribution": s.contribution.quantize(Decimal("0.01")), "rule": rule_text(s.rule),
    }  # fmt: skip


def explain(card: Card) -> dict[str, Any]:
    """The whole explanation of a card: knock-outs with the facts behind them, pillars, factors."""
    r = card.result
    return {
        "knockouts": [{"code": h.code.value, "label": str(KNOCKOUTS[h.code.value]),
                       "facts": [fact_row(name, fact) for name, fact in h.facts]} for h in r.knockouts],
        "pillars": [{"pillar": p.pillar.value, "label": str(PILLARS[p.pillar.value]), "weight": p.weight,
                     "score": p.score, "contribution": p.contribution.quantize(Decimal("0.01")),
                     "factors": [factor_row(s) for s in r.factors if s.pillar is p.pillar]} for p in r.pillars],
        "missing": [str(FACTORS.get(code, code)) for code in r.missing],
    }  # fmt: skip


def band_text(card: Card) -> str:
    if card.result.knocked_out:
        return str(_("Knocked out"))
    return card.result.band.code if card.result.band else "—"
