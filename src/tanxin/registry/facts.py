"""What other apps read from the registry: compliance positions, surrender status, pledgeable quantity.

No gate inside: the caller (disclosure, support, lending, the API) has checked that its user may see
the enterprise. Every function takes ids and returns a frozen dataclass, never a model row. Positions
are computed set-based by ``registry.queries.positions`` (one implementation for the registry's own pages
and for others): ``positions`` reads a thousand enterprises in a handful of queries.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _

from tanxin.orgs.models import Organisation
from tanxin.registry import queries
from tanxin.registry.models import Account
from tanxin.registry.obligations import pack_for

SCHEMES = ("shenzhen", "national")


@dataclass(frozen=True)
class CompliancePosition:
    """One enterprise's compliance year: the numbers lending screens and the support fund scores."""

    enterprise_id: int
    year: int
    scheme: str
    status: str  # no_obligation | pending | compliant | late | non_compliant
    obligation_t: int | None
    obligation_source: str  # manual | disclosure | "" without an obligation
    allowances_surrendered_t: int
    offsets_counted_t: int
    shortfall_t: int | None
    surplus_t: int | None
    pledgeable_t: int  # Q_free for this compliance year (with no obligation: nothing still to surrender)
    penalty_fen: int | None
    deadline: date | None
    holdings_t: int
    held_t: int
    eligible_t: int  # allowances of the scheme's kind with a vintage up to the year
    pledged_t: int  # open pledges on those allowances
    frozen_t: int  # open freezes and administrative holds on those allowances
    obligation_reason: str = ""  # the bureau's reason for a manual obligation


@dataclass(frozen=True)
class ComplianceFacts:
    """What the support fund scores: met on time (None while open or without obligation) and the surplus."""

    enterprise_id: int
    year: int
    on_time: bool | None
    surplus_t: int | None


@dataclass(frozen=True)
class SurrenderStatus:
    """The year's surrender (清缴) for a disclosure report."""

    obligation_t: int
    surrendered_t: int
    offsets_t: int
    shortfall_t: int
    status: str
    deadline: date

    def sentence(self) -> str:
        labels = {"compliant": _("compliant"), "late": _("late"), "non_compliant": _("non-compliant"),
                  "pending": _("pending")}  # fmt: skip
        return _(
            "Obligation %(obligation)s t; surrendered %(surrendered)s t (of which offsets %(offsets)s t); "
            "shortfall %(shortfall)s t; status: %(status)s (deadline %(deadline)s)."
        ) % {
            "obligation": f"{self.obligation_t:,}",
            "surrendered": f"{self.surrendered_t:,}",
            "offsets": f"{self.offsets_t:,}",
            "shortfall": f"{self.shortfall_t:,}",
            "status": labels.get(self.status, self.status),
            "deadline": self.deadline.isoformat(),
        }


@dataclass(frozen=True)
class PledgeableNow:
    """Allowances an enterprise could pledge today: Q_free of the compliance year still open today."""

    enterprise_id: int
    as_of: date
    compliance_year: int  # the year whose surrender is still ahead (or the current year once it is done)
    instrument_kind: str  # SZA or CEA: the allowances of the enterprise's scheme
    pledgeable_t: int
    remaining_surrender_t: int


def _typed(pos: queries.Position) -> CompliancePosition:
    r, info = pos.result, pos.obligation
    return CompliancePosition(
        enterprise_id=pos.enterprise.pk, year=pos.year, scheme=pos.scheme, status=pos.status,
        obligation_t=info.tonnes if info else None, obligation_source=str(info.source) if info else "",
        allowances_surrendered_t=r.allowances_surrendered_t if r else 0,
        offsets_counted_t=r.offsets_counted_t if r else 0,
        shortfall_t=r.shortfall_t if r else None, surplus_t=r.surplus_t if r else None,
        pledgeable_t=pos.pledgeable_t, penalty_fen=r.penalty_fen if r else None,
        deadline=r.deadline if r else None, holdings_t=pos.holdings_t, held_t=pos.held_t,
        eligible_t=pos.eligible_t, pledged_t=pos.pledged_t, frozen_t=pos.frozen_t,
        obligation_reason=info.reason if info else "",
    )  # fmt: skip


def positions(enterprise_ids: Iterable[int], year: int, as_of: date | None = None) -> dict[int, CompliancePosition]:
    """Set-based: {enterprise id: position of ``year``} for every existing enterprise among the ids."""
    return {pk: _typed(pos) for pk, pos in queries.positions(list(enterprise_ids), year, as_of).items()}


def position(enterprise_id: int, year: int, as_of: date | None = None) -> CompliancePosition | None:
    """The compliance position of ``year``, or None when there is no such enterprise."""
    return positions([enterprise_id], year, as_of).get(enterprise_id)


def compliance(enterprise_id: int, year: int) -> ComplianceFacts:
    """``on_time`` is None while the deadline has not passed or when the enterprise had no obligation."""
    pos = position(enterprise_id, year)
    if pos is None or pos.status == "no_obligation":
        return ComplianceFacts(enterprise_id, year, None, None)
    on_time = True if pos.status == "compliant" else False if pos.status in ("late", "non_compliant") else None
    return ComplianceFacts(enterprise_id, year, on_time, pos.surplus_t)


def surrender_status(enterprise_id: int, year: int) -> SurrenderStatus | None:
    """The year's surrender, or None when there is no obligation."""
    pos = position(enterprise_id, year)
    if pos is None or pos.obligation_t is None or pos.deadline is None or pos.shortfall_t is None:
        return None
    return SurrenderStatus(pos.obligation_t, pos.allowances_surrendered_t + pos.offsets_counted_t,
                           pos.offsets_counted_t, pos.shortfall_t, pos.status, pos.deadline)  # fmt: skip


def open_compliance_year(scheme: str, today: date) -> int:
    """Last year's obligation until its surrender deadline has passed, then this year's."""
    pack = pack_for(scheme if scheme in SCHEMES else "shenzhen")
    return today.year - 1 if today <= pack.surrender_deadline(today.year - 1) else today.year


def pledgeable_now(enterprise_id: int, as_of: date | None = None) -> PledgeableNow | None:
    """Q_free today (RULES: holdings − pledged − frozen − expected remaining surrender), for lending and banks.

    The compliance year still open today decides which allowances count (vintage up to that year) and how
    many tonnes are still to surrender; without an obligation for that year nothing is to surrender.
    None when there is no such enterprise.
    """
    today = as_of or timezone.localdate()
    ets = Organisation.objects.filter(pk=enterprise_id).values_list("ets", flat=True).first()
    if ets is None:
        return None
    year = open_compliance_year(ets, today)
    pos = position(enterprise_id, year, as_of=today)
    if pos is None:
        return None
    kind = str(pack_for(pos.scheme).allowance_kind)
    return PledgeableNow(enterprise_id, today, year, kind, pos.pledgeable_t, pos.shortfall_t or 0)


@dataclass(frozen=True)
class Holding:
    """One instrument in an enterprise's holding account: tonnes held in all, encumbered, and free."""

    instrument: str
    quantity_t: int
    held_t: int

    @property
    def available_t(self) -> int:
        return self.quantity_t - self.held_t


def holdings(enterprise_id: int) -> tuple[Holding, ...]:
    """Every instrument in the enterprise's holding account (empty without an account), by instrument code."""
    account = (Account.objects.filter(owner_id=enterprise_id, kind=Account.Kind.HOLDING)
               .filter(jurisdiction_id=models.F("owner__jurisdiction_id")).first())  # fmt: skip
    if account is None:
        return ()
    return tuple(Holding(r.instrument, r.quantity, r.held) for r in queries.holdings(account))
