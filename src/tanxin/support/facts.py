"""What other apps read from the support fund: a district's fund year in figures (the cockpit, the annual report).

No gate inside: the caller has checked that its user may see the jurisdictions it asks for. Set-based: a few
aggregate queries however many schemes and applications there are.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Max, Sum

from tanxin.orgs.audit import app_stamp
from tanxin.support.gate import RESULT_PUBLIC
from tanxin.support.models import Application, Award, Disbursement, Scheme

FUND = "fund"  # the green and low-carbon support fund (financing subsidies are schemes of another kind)
# An award counts once its scheme's result is approved (publicity and final included): a draft result is not
# yet a decision.
DECIDED = (Scheme.Status.APPROVED, Scheme.Status.PUBLICITY, Scheme.Status.FINAL)


@dataclass(frozen=True)
class FundSummary:
    schemes: int
    budget_fen: int
    applications: int  # submitted (drafts and withdrawn ones not counted)
    awardees: int  # enterprises with an award above zero under a decided result
    awarded_fen: int
    paid_fen: int
    as_of: date | None  # the latest payment, or None before any

    @property
    def has_data(self) -> bool:
        return self.schemes > 0


def fund_summary(jurisdiction_ids: Iterable[int], year: int) -> FundSummary:
    """The support-fund schemes of ``year`` in these jurisdictions: budget, applications, awards, payments."""
    schemes = Scheme.objects.filter(jurisdiction_id__in=list(jurisdiction_ids), year=year, kind=FUND)
    totals = schemes.aggregate(n=Count("pk"), budget=Sum("budget_fen"))
    applications = (Application.objects.filter(scheme__in=schemes)
                    .exclude(status__in=(Application.Status.DRAFT, Application.Status.WITHDRAWN)).count())  # fmt: skip
    awards = Award.objects.filter(application__scheme__in=schemes.filter(status__in=DECIDED), amount_fen__gt=0)
    awarded = awards.aggregate(fen=Sum("amount_fen"), firms=Count("application__enterprise", distinct=True))
    paid = Disbursement.objects.filter(application__scheme__in=schemes).aggregate(fen=Sum("amount_fen"),
                                                                                 last=Max("paid_on"))  # fmt: skip
    return FundSummary(schemes=totals["n"] or 0, budget_fen=totals["budget"] or 0, applications=applications,
                       awardees=awarded["firms"] or 0, awarded_fen=awarded["fen"] or 0, paid_fen=paid["fen"] or 0,
                       as_of=paid["last"])  # fmt: skip


@dataclass(frozen=True)
class PublicResults:
    """What the public already sees of a year's fund schemes: results once they are put up for publicity."""

    schemes: int  # schemes of the year whose result is in publicity or final
    awardees: int  # enterprises with an award above zero on those publicised lists
    awarded_fen: int
    as_of: date | None  # the latest publicity start among them


def public_results(jurisdiction_ids: Iterable[int], year: int) -> PublicResults:
    """The support fund's publicised results of ``year`` in these jurisdictions: the lists the public publicity
    pages show (``RESULT_PUBLIC``), never a result still being decided. Two aggregate reads."""
    schemes = Scheme.objects.published().filter(jurisdiction_id__in=list(jurisdiction_ids), year=year, kind=FUND,
                                                status__in=RESULT_PUBLIC)  # fmt: skip
    totals = schemes.aggregate(n=Count("pk"), last=Max("publicity_start"))
    awards = Award.objects.filter(application__scheme__in=schemes, amount_fen__gt=0).aggregate(
        fen=Sum("amount_fen"), firms=Count("application__enterprise", distinct=True))
    return PublicResults(totals["n"] or 0, awards["firms"] or 0, awards["fen"] or 0, totals["last"])


@dataclass(frozen=True)
class ApplicationStatus:
    """Where one of the enterprise's support applications stands (its home)."""

    id: int
    enterprise_id: int
    scheme_id: int
    scheme_title: str
    year: int
    status: str
    status_label: str


LEFT_OUT = (Application.Status.WITHDRAWN,)


def applications_of(enterprise_ids: Iterable[int], limit: int = 10,
                    leave_out: tuple[str, ...] = LEFT_OUT) -> tuple[ApplicationStatus, ...]:  # fmt: skip
    """These enterprises' applications, newest first, at most ``limit`` (withdrawn ones left out); one query."""
    rows = (Application.objects.filter(enterprise_id__in=list(enterprise_ids)).exclude(status__in=leave_out)
            .select_related("scheme").order_by("-pk")[:limit])  # fmt: skip
    return tuple(ApplicationStatus(a.pk, a.enterprise_id, a.scheme_id, a.scheme.title, a.scheme.year, a.status,
                                   str(a.get_status_display())) for a in rows)  # fmt: skip


def data_stamp() -> tuple:
    """Changes whenever a row of this module is added, saved or deleted (``orgs.audit.app_stamp``): for callers
    that keep figures computed from these facts and must not show them stale."""
    return app_stamp(__name__.split(".")[1])
