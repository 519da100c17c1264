"""The cockpit's words: figure labels, zone and status names, and the report's sentences (msgids in English)."""

from __future__ import annotations

from collections.abc import Callable

from django.utils.translation import gettext, ngettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

SECTION_TITLES = {
    "disclosure": _("Carbon disclosure"),
    "compliance": _("Compliance of the key units"),
    "support": _("Support fund"),
    "loans": _("Carbon-allowance pledge loans"),
    "deals": _("Carbon-asset ABS"),
    "station": _("Finance station"),
}
COMPLIANCE_LABELS = {"compliant": _("compliant"), "late": _("late"), "non_compliant": _("non-compliant"),
                     "pending": _("pending")}  # fmt: skip
ZONE_LABELS = {"": _("Not yet marked"), "safe": _("Safe"), "warning": pgettext_lazy("coverage zone", "Warning"),
               "liquidation": _("Liquidation"), "release": _("Release")}  # fmt: skip
FUNNEL_LABELS = {"requests": _("Requests posted"), "matched": _("Matched"), "accepted": _("Accepted by a bank"),
                 "approved": _("Approved"), "disbursed": _("Disbursed")}  # fmt: skip
UNIT_WAN, UNIT_YI = _("10,000 CNY"), _("100 million CNY")
UNIT_MILLION, UNIT_BILLION = _("million CNY"), _("billion CNY")

# Each sentence is chosen for its number (plural forms) when it is written, then filled with grouped figures.
SENTENCES: dict[str, Callable[[int], str]] = {
    "disclosed": lambda n: ngettext(
        "In %(year)s, %(n)s of %(enterprises)s enterprises published its annual carbon disclosure.",
        "In %(year)s, %(n)s of %(enterprises)s enterprises published their annual carbon disclosure.", n),
    "compliance": lambda n: gettext(
        "%(compliant)s of %(units)s key units met their %(year)s compliance obligation on time; "
        "their surplus is %(surplus_t)s t and their shortfall %(shortfall_t)s t."),
    "support": lambda n: ngettext(
        "In %(year)s, the support fund awarded %(amount)s to %(n)s enterprise out of %(applications)s applications.",
        "In %(year)s, the support fund awarded %(amount)s to %(n)s enterprises out of %(applications)s applications.",
        n),
    "loans_year": lambda n: ngettext(
        "In %(year)s, %(n)s carbon-allowance pledge loan of %(amount)s was disbursed to %(firms)s enterprise.",
        "In %(year)s, %(n)s carbon-allowance pledge loans of %(amount)s in all were disbursed to %(firms)s "
        "enterprises.", n),
    "loans_live": lambda n: ngettext(
        "%(n)s pledge loan is live, with %(amount)s outstanding against %(pledged_t)s t of pledged allowances.",
        "%(n)s pledge loans are live, with %(amount)s outstanding against %(pledged_t)s t of pledged allowances.",
        n),
    "deals": lambda n: ngettext(
        "%(n)s carbon-asset ABS deal holds loans of %(firms)s enterprises, with %(amount)s outstanding.",
        "%(n)s carbon-asset ABS deals hold loans of %(firms)s enterprises, with %(amount)s outstanding.", n),
    "station": lambda n: gettext(
        "Through the finance station, %(amount)s of financing reached %(firms)s enterprises in %(year)s "
        "(%(requests)s requests posted)."),
}  # fmt: skip
SOURCES = {
    "tanxin.disclosure.facts.coverage": _("Published annual disclosures (disclosure module)"),
    "tanxin.registry.facts.compliance_summary": _("Compliance positions (allowance registry)"),
    "tanxin.support.facts.fund_summary": _("Support-fund schemes, awards and payments (support fund)"),
    "tanxin.lending.facts.loans": _("Pledge loans by disbursement date (loan desk)"),
    "tanxin.lending.facts.portfolio_summary": _("Live pledge loans (loan desk)"),
    "tanxin.securitisation.facts.deals": _("ABS deals (securitisation module)"),
    "tanxin.matchmaking.facts.station_totals": _("Finance station totals (matchmaking module)"),
}
NO_DATA = _("No records for this year.")
NOT_AVAILABLE = _("This module does not report figures to the cockpit yet.")
