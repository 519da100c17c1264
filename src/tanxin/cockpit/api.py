"""The cockpit in the API (``/api/v1/cockpit/``): the same figures and headlines as the page and the report."""

from __future__ import annotations

from datetime import date, datetime

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema

from tanxin.cockpit import board as boards
from tanxin.cockpit import present, public
from tanxin.cockpit.domain.report import sentences
from tanxin.web.api_contract import Year

router = Router(tags=["cockpit"])


class CockpitFigureOut(Schema):
    key: str = Field(..., description="stable figure key, e.g. published, surplus")
    label: str
    value: str = Field(..., description="the figure as people read it")
    exact: int | None = Field(None, description="the exact figure: a count, fen, tonnes or basis points")
    unit: str = Field(..., description="count | fen | bp (tonnes are counts of t)")
    link: str = Field(..., description="the page of the records behind the figure")


class CockpitSectionOut(Schema):
    key: str = Field(..., description="disclosure | compliance | support | loans | deals | station")
    title: str
    has_data: bool = Field(..., description="false: the module has no record for the year (figures are not facts)")
    as_of: date | None
    figures: list[CockpitFigureOut] = Field(..., description="empty when has_data is false")


class CockpitHeadlineOut(Schema):
    key: str
    text: str
    source: str = Field(..., description="the public fact function the numbers come from")


class CockpitChildOut(Schema):
    code: str
    name: str
    enterprises: int


class CockpitOut(Schema):
    jurisdiction: str = Field(..., description="division code")
    jurisdiction_name: str
    year: int
    has_data: bool
    sections: list[CockpitSectionOut]
    headlines: list[CockpitHeadlineOut]
    children: list[CockpitChildOut]
    missing: list[str] = Field(..., description="sections whose module does not report to the cockpit yet")
    computed_at: datetime | None = Field(None, description="when the figures were read (reused for a few minutes)")


@router.get("/{code}/{year}", response=CockpitOut, operation_id="cockpit_board")
def cockpit_board(request: HttpRequest, code: str, year: Year):
    """The cockpit of a jurisdiction (and everything below it) for a year: bureau staff of it or above."""
    jurisdiction = boards.open_cockpit(request.user, code[:12], year)
    c = boards.cockpit(jurisdiction, year)
    return {
        "jurisdiction": c.jurisdiction_code, "jurisdiction_name": c.jurisdiction_name, "year": c.year,
        "has_data": c.has_data, "missing": list(c.missing), "computed_at": c.computed_at,
        "sections": [{"key": p.key, "title": p.title, "has_data": p.has_data, "as_of": p.as_of,
                      "figures": [{"key": f.key, "label": f.label, "value": f.value, "exact": f.raw, "unit": f.unit,
                                   "link": f.link} for f in p.cards if p.has_data]} for p in present.panels(c)],
        "headlines": [{"key": s.key, "text": present.sentence_text(s), "source": s.source} for s in sentences(c)],
        "children": [{"code": ch.code, "name": ch.name, "enterprises": ch.enterprises} for ch in c.children],
    }  # fmt: skip


class PublicFigureOut(Schema):
    key: str = Field(..., description="published | emissions | schemes | awardees | awarded")
    label: str
    value: str = Field(..., description="the figure as people read it")
    exact: int | None = Field(None, description="the exact figure: a count, fen or tonnes")
    unit: str = Field(..., description="count | fen (tonnes are counts of t)")
    link: str = Field(..., description="the public page of the records behind the figure")
    as_of: date | None = Field(None, description="the date of the data: latest publication or publicity start")


class PublicYearOut(Schema):
    year: int
    published: int = Field(..., description="enterprises with a published annual disclosure of the year")
    emissions_t: int | None = Field(None, description="their published (verified) emissions, whole t; null: none")
    as_of: date | None = Field(None, description="the latest publication of the year")


class PublicSummaryOut(Schema):
    jurisdiction: str = Field(..., description="division code")
    jurisdiction_name: str
    year: int
    has_data: bool = Field(..., description="false: nothing has been published for the year")
    message: str = Field(..., description="what the figures are, or that there are none for the year")
    figures: list[PublicFigureOut] = Field(..., description="empty when has_data is false")
    trend: list[PublicYearOut] = Field(..., description="the last five years, oldest first")
    computed_on: date


@router.get("/public/{code}/{year}", response=PublicSummaryOut, operation_id="cockpit_public_summary", auth=None)
def cockpit_public_summary(request: HttpRequest, code: str, year: Year):
    """A jurisdiction's year in figures already public on the platform (no sign-in): published disclosures
    and their published emissions, and support-fund results once publicised."""
    s = public.summary(public.open_public(code, year), year)
    message = (_("Figures already published on this platform, each with the date of its data.") if s.has_data
               else _("Nothing has been published for %(year)s in this jurisdiction yet.") % {"year": year})
    return {
        "jurisdiction": s.code, "jurisdiction_name": s.name, "year": s.year, "has_data": s.has_data,
        "message": message, "computed_on": s.computed_on,
        "figures": [{"key": c.key, "label": c.label, "value": c.value, "exact": c.raw, "unit": c.unit, "link": c.link,
                     "as_of": c.as_of} for c in public.cards(s)] if s.has_data else [],
        "trend": [{"year": p.year, "published": p.published, "emissions_t": p.published_t, "as_of": p.as_of}
                  for p in s.trend],
    }  # fmt: skip
