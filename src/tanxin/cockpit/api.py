"""The cockpit in the API (``/api/v1/cockpit/``): the same figures and headlines as the page and the report."""

from __future__ import annotations

from datetime import date, datetime

from django.http import HttpRequest
from ninja import Field, Router, Schema

from tanxin.cockpit import board as boards
from tanxin.cockpit import present
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
