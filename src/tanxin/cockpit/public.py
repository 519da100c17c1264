"""The public cockpit summary: a jurisdiction's year in figures the platform already publishes elsewhere.

Anyone may read it, so it reads only public facts: published annual disclosures and their published (verified)
emissions (``disclosure.facts.coverage``, the public portal's versions), and the support fund's results once
they are put up for publicity (``support.facts.public_results``, the public publicity lists). Nothing from
loans, ABS deals or the finance station: none of them publishes figures. Every figure carries its date.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from tanxin.cockpit import board
from tanxin.cockpit.present import FORMATS, Card
from tanxin.disclosure import facts as disclosure
from tanxin.orgs.models import Jurisdiction
from tanxin.support import facts as support

TREND_YEARS = 5


@dataclass(frozen=True)
class PublicYear:
    year: int
    published: int  # enterprises with a published annual disclosure of the year
    published_kg: int
    as_of: date | None  # the latest publication among them

    @property
    def published_t(self) -> int | None:
        return (self.published_kg + 500) // 1000 if self.published else None


@dataclass(frozen=True)
class PublicSummary:
    code: str
    name: str
    year: int
    trend: tuple[PublicYear, ...]  # oldest first, the year last
    support: support.PublicResults
    computed_on: date

    @property
    def now(self) -> PublicYear:
        return self.trend[-1]

    @property
    def has_data(self) -> bool:
        return self.now.published > 0 or self.support.schemes > 0


def open_public(code: str, year: int) -> Jurisdiction:
    """The jurisdiction of ``code`` for a year the platform covers, else 404 (for everyone alike)."""
    jurisdiction = Jurisdiction.objects.filter(code=code[:12]).first()
    if jurisdiction is None or year not in board.years_open():
        raise Http404
    return jurisdiction


def summary(jurisdiction: Jurisdiction, year: int) -> PublicSummary:
    """Three public reads (the disclosure coverage of the trend years, the publicised fund results)."""
    places = jurisdiction.with_descendants()
    years = list(range(year - TREND_YEARS + 1, year + 1))
    trend = tuple(PublicYear(y.year, y.published, y.published_kg,
                             timezone.localdate(y.last_published_at) if y.last_published_at else None)
                  for y in disclosure.coverage(places, years).years)  # fmt: skip
    return PublicSummary(jurisdiction.code, jurisdiction.name, year, trend, support.public_results(places, year),
                         timezone.localdate())  # fmt: skip


def cards(s: PublicSummary) -> list[Card]:
    """The figures with their labels, links to the public pages behind them and their dates."""
    portal = f"{reverse('disclosure:public')}?{urlencode({'year': s.year})}"
    fund = reverse("support:public_index")
    rows = [("published", _("Published disclosures"), s.now.published, "count", portal, s.now.as_of),
            ("emissions", _("Published emissions (t)"), s.now.published_t, "count", portal, s.now.as_of)]
    if s.support.schemes:
        su = s.support
        rows += [("schemes", _("Fund schemes with a publicised result"), su.schemes, "count", fund, su.as_of),
                 ("awardees", _("Enterprises supported"), su.awardees, "count", fund, su.as_of),
                 ("awarded", _("Amount awarded"), su.awarded_fen, "fen", fund, su.as_of)]  # fmt: skip
    return [Card(key, str(label), FORMATS[unit](raw), link, as_of, raw, unit)
            for key, label, raw, unit, link, as_of in rows]  # fmt: skip
