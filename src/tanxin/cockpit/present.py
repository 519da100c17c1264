"""The cockpit for people: cards with a label, a value, a link to the records and the date of the data;
chart series for ECharts; the report's sentences in the active language. Page, report and API text all
come from here, from the one ``board.build`` result."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from tanxin.cockpit import messages as m
from tanxin.cockpit.domain.figures import COMPLIANCE_STATUSES, FUNNEL_STEPS, Cockpit
from tanxin.cockpit.domain.report import Sentence, large_money, sentences


@dataclass(frozen=True)
class Card:
    key: str
    label: str
    value: str
    link: str
    as_of: date | None
    raw: int | None = None  # the exact figure (count, fen or basis points) the value is written from
    unit: str = "count"  # count | fen | bp


@dataclass(frozen=True)
class Panel:
    key: str
    title: str
    has_data: bool
    cards: tuple[Card, ...]
    as_of: date | None


def _url(name: str, query: dict[str, Any] | None = None) -> str:
    try:
        base = reverse(name)
    except NoReverseMatch:  # the module has no such page in this deployment
        return ""
    return f"{base}?{urlencode(query)}" if query else base


def money(fen: int) -> str:
    """Large amounts as readers say them: 3,000.00 万元 / 29.20 亿元; 30.00 million CNY in English."""
    chinese = not (translation.get_language() or "").startswith("en")
    amount, unit = large_money(fen, chinese)
    label = {"wan": m.UNIT_WAN, "yi": m.UNIT_YI, "million": m.UNIT_MILLION, "billion": m.UNIT_BILLION}[unit]
    return f"{amount:,} {label}"


def count(n: int | None) -> str:
    return "—" if n is None else f"{n:,}"


def percent(bp: int | None) -> str:
    return "—" if bp is None else f"{bp // 100}.{bp % 100:02d}%"


def panels(c: Cockpit) -> list[Panel]:
    """One panel per section the deployment has; each card links to the records it counts."""
    code, year = c.jurisdiction_code, c.year
    d, k = c.disclosure, c.compliance
    directory = _url("orgs:directory", {"kind": "enterprise", "jurisdiction": code})
    key_units = _url("orgs:directory", {"kind": "enterprise", "jurisdiction": code, "key_emitter": "true"})
    overview, board = _url("disclosure:bureau", {"year": year}), _url("registry:compliance", {"year": year})
    out = [
        _panel("disclosure", d.has_data, d.as_of, [
            ("enterprises", _("Enterprises"), d.enterprises, "count", directory),
            ("published", _("Published disclosures"), d.published, "count", overview),
            ("emissions", _("Published emissions (t)"), d.published_t, "count", overview),
            ("coverage", _("Disclosure coverage"), d.coverage_bp, "bp", overview),
            ("key_coverage", _("Coverage of the key units"), d.key_coverage_bp, "bp", key_units)]),
        _panel("compliance", k.has_data, k.as_of, [
            ("with_obligation", _("Units with an obligation"), k.with_obligation, "count", board),
            ("compliant", _("Compliant on time"), k.compliant_bp, "bp", board),
            ("surplus", _("Carbon surplus (t)"), k.surplus_t, "count", board),
            ("shortfall", _("Shortfall (t)"), k.shortfall_t, "count", board)]),
    ]  # fmt: skip
    if c.support is not None:
        su, fund = c.support, _url("support:dashboard")
        out.append(_panel("support", su.has_data, su.as_of, [
            ("budget", _("Fund budget"), su.budget_fen, "fen", fund),
            ("applications", _("Applications received"), su.applications, "count", fund),
            ("awardees", _("Enterprises supported"), su.awardees, "count", fund),
            ("awarded", _("Amount awarded"), su.awarded_fen, "fen", fund),
            ("paid", _("Amount paid out"), su.paid_fen, "fen", fund)]))  # fmt: skip
    if c.loans is not None:
        lo, portfolio = c.loans, _url("lending:portfolio")
        live = [
            ("live", _("Live loans"), lo.live_count, "count", _url("lending:loans", {"state": "live"})),
            ("principal", _("Outstanding principal"), lo.live_principal_fen, "fen", portfolio),
            ("pledged", _("Pledged allowances (t)"), lo.pledged_t, "count", portfolio),
            ("calls", _("Open margin calls"), lo.margin_calls_open, "count", portfolio)] if lo.snapshot else []
        year_cards = [
            ("year_count", _("Loans disbursed in the year"), lo.year_count, "count", _url("lending:loans")),
            ("year_amount", _("Disbursed in the year"), lo.year_amount_fen, "fen", _url("lending:loans"))]
        out.append(_panel("loans", lo.has_data, lo.as_of, live + year_cards))
    if c.deals is not None:
        de, deals = c.deals, _url("securitisation:deals")
        out.append(_panel("deals", de.has_data, de.as_of, [
            ("deals", _("Deals"), de.count, "count", deals),
            ("outstanding", _("Outstanding"), de.outstanding_fen, "fen", deals),
            ("senior", _("Senior outstanding"), de.senior_outstanding_fen, "fen", deals),
            ("pool_loans", _("Loans in the pools"), de.loan_count, "count", deals)]))  # fmt: skip
    if c.station is not None:
        st, station = c.station, _url("matchmaking:station", {"year": year})
        out.append(_panel("station", st.has_data, st.as_of, [
            ("requests", _("Requests posted"), st.funnel.get("requests", 0), "count", station),
            ("disbursed", _("Financing disbursed"), st.disbursed_fen, "fen", station),
            ("firms", _("Enterprises financed"), st.enterprises, "count", station),
            ("green", _("Green financing"), st.green_fen, "fen", station)]))  # fmt: skip
    return out


FORMATS = {"count": count, "bp": percent, "fen": money}


def _panel(key: str, has_data: bool, as_of: date | None, cards: list[tuple[str, str, int | None, str, str]]) -> Panel:
    return Panel(key, str(m.SECTION_TITLES[key]), has_data, tuple(
        Card(k, str(label), FORMATS[unit](raw), link, as_of, raw, unit) for k, label, raw, unit, link in cards), as_of)


def chart(c: Cockpit) -> dict[str, Any]:
    """JSON for the page's charts (json_script): trend, compliance status, coverage zones, station funnel."""
    d, k = c.disclosure, c.compliance
    data: dict[str, Any] = {
        "labels": {"published": _("Published disclosures"), "emissions": _("Published emissions (t)"),
                   "units": _("Key units")},
        "trend": [{"year": p.year, "published": p.published, "emissions": p.published_t} for p in d.trend],
        "compliance": [{"name": str(m.COMPLIANCE_LABELS[s]), "value": k.by_status.get(s, 0)}
                       for s in COMPLIANCE_STATUSES if k.by_status.get(s)],
    }  # fmt: skip
    if c.loans is not None:
        data["zones"] = [{"name": str(m.ZONE_LABELS.get(z, z)), "value": n} for z, n in sorted(c.loans.by_zone.items())]
    if c.station is not None:
        data["funnel"] = [{"name": str(m.FUNNEL_LABELS[s]), "value": c.station.funnel.get(s, 0)} for s in FUNNEL_STEPS]
    return data


def sentence_text(s: Sentence) -> str:
    """The sentence in the active language: plural form chosen by its count, figures grouped, money in words."""
    params: dict[str, Any] = {}
    for key, value in s.params.items():
        if key == "fen":
            params["amount"] = money(int(value))
        else:
            params[key] = value if key == "year" else f"{int(value):,}"
    return m.SENTENCES[s.key](int(s.params.get("n", 1))) % params


def report_lines(c: Cockpit) -> list[tuple[str, str]]:
    """(sentence, where its numbers come from) in the active language."""
    return [(sentence_text(s), str(m.SOURCES.get(s.source, s.source))) for s in sentences(c)]
