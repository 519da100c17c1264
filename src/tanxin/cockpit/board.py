"""The one function behind the cockpit page, its API operation and the annual report: ``build``.

Also who may open which cockpit: bureau staff of the jurisdiction or of a jurisdiction above it (and the
platform's superuser). Anyone else, an unknown jurisdiction code or a year outside the platform's range is
"not found" — a district officer cannot even learn whether another district's cockpit exists.
"""

from __future__ import annotations

import hashlib
from datetime import date

from django.conf import settings
from django.core.cache import cache
from django.http import Http404
from django.utils import timezone, translation

from tanxin.cockpit import inputs
from tanxin.cockpit.domain.figures import Cockpit, snapshot_applies
from tanxin.common.limits import MIN_YEAR
from tanxin.disclosure import facts as disclosure
from tanxin.lending import facts as lending
from tanxin.matchmaking import facts as matchmaking
from tanxin.orgs import access
from tanxin.orgs.audit import change_stamp
from tanxin.orgs.gate import principal_for
from tanxin.orgs.models import Jurisdiction, Organisation
from tanxin.registry import facts as registry
from tanxin.securitisation import facts as securitisation
from tanxin.support import facts as support


def may_open(user, jurisdiction: Jurisdiction) -> bool:
    principal = principal_for(user)
    return access.is_staff_for(principal, jurisdiction.pk)


def years_open(today: date | None = None) -> range:
    """A cockpit exists for every year from the platform's first to this one."""
    today = today or timezone.localdate()
    return range(MIN_YEAR, today.year + 1)


def default_year(today: date | None = None) -> int:
    """Last year: the one an annual summary is written about."""
    return (today or timezone.localdate()).year - 1


def home_jurisdiction(user) -> Jurisdiction | None:
    """The highest jurisdiction the user is staff of (a city officer starts at the city)."""
    principal = principal_for(user)
    staff = principal.staff_jurisdictions
    if principal.is_superuser and not staff:
        return Jurisdiction.objects.filter(parent__isnull=True).order_by("code").first()
    return Jurisdiction.objects.filter(pk__in=staff).exclude(parent_id__in=staff).order_by("code").first()


def open_cockpit(user, code: str, year: int) -> Jurisdiction:
    """The jurisdiction of ``code`` if ``user`` may open its cockpit for ``year``, else 404."""
    jurisdiction = Jurisdiction.objects.filter(code=code).first()
    if jurisdiction is None or year not in years_open() or not may_open(user, jurisdiction):
        raise Http404
    return jurisdiction


def cache_seconds() -> int:
    """How long the page and the API may reuse a computed cockpit (``TANXIN_COCKPIT_CACHE_SECONDS``, default 300).

    At province scale the registry's positions of thousands of key units take a few hundred milliseconds, so
    the page reuses a computation while every module's data stamp is unchanged (any saved change computes it
    afresh) and at most this long, and says when its figures were computed; the annual report always computes
    afresh."""
    return int(getattr(settings, "TANXIN_COCKPIT_CACHE_SECONDS", 300))


def data_stamp() -> tuple:
    """Every module's data stamp and the enterprises' and jurisdictions' change histories: a new stamp after
    any saved change to what the cockpit reads."""
    return (disclosure.data_stamp(), registry.data_stamp(), support.data_stamp(), lending.data_stamp(),
            securitisation.data_stamp(), matchmaking.data_stamp(), change_stamp(Organisation, Jurisdiction))


def cockpit(jurisdiction: Jurisdiction, year: int, *, fresh: bool = False) -> Cockpit:
    """``build``, reused while nothing changed for at most ``cache_seconds()`` by the page and the API
    (``fresh``: always recompute)."""
    seconds = cache_seconds()
    if fresh or seconds <= 0:
        return build(jurisdiction, year)
    today = timezone.localdate()
    stamp = hashlib.sha256(repr(data_stamp()).encode()).hexdigest()[:32]
    key = f"tanxin:cockpit:{jurisdiction.pk}:{jurisdiction.code}:{year}:{today}:{translation.get_language()}:{stamp}"
    found = cache.get(key)
    if found is None:
        found = build(jurisdiction, year, today, reuse_seconds=seconds)
        cache.set(key, found, seconds)
    return found


def build(jurisdiction: Jurisdiction, year: int, today: date | None = None, reuse_seconds: int = 0) -> Cockpit:
    """Every section of the cockpit of ``jurisdiction`` (and below) for ``year``, from the modules' facts."""
    today = today or timezone.localdate()
    scope = inputs.scope(jurisdiction.with_descendants())
    disclosure, compliance = inputs.disclosure_and_compliance(scope, year, today, reuse_seconds)
    live = snapshot_applies(year, today)
    return Cockpit(
        jurisdiction_id=jurisdiction.pk, jurisdiction_code=jurisdiction.code, jurisdiction_name=jurisdiction.name,
        year=year, disclosure=disclosure, compliance=compliance, loans=inputs.loans(scope, year, today),
        deals=inputs.deals(scope) if live else None, station=inputs.station(scope, year),
        support=inputs.support(scope, year), children=inputs.children(jurisdiction.pk),
        computed_at=timezone.localtime(),
    )  # fmt: skip
