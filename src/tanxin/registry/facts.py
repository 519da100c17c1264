"""What other apps read from the registry: compliance positions, surrender status, pledgeable quantity.

No gate inside: the caller (disclosure, support, lending, the API) has checked that its user may see
the enterprise. Every function takes ids and returns a frozen dataclass, never a model row. Positions
are computed set-based by ``registry.queries.positions`` (one implementation for the registry's own pages
and for others): ``positions`` reads a thousand enterprises in a handful of queries. ``compliance_summary``
sums the positions of many enterprises over several years (the cockpit) from three aggregate reads.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.db import models
from django.db.models import F, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from tanxin.orgs.audit import change_stamp
from tanxin.orgs.models import Organisation
from tanxin.registry import positions as registry_positions
from tanxin.registry import queries
from tanxin.registry.domain import compliance as rules
from tanxin.registry.models import Account, Balance, Hold, Instrument, Obligation, Posting, Transaction
from tanxin.registry.obligations import OFFSET_KINDS, pack_for

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


def positions(enterprises: Iterable[int] | Iterable[Organisation], year: int,
              as_of: date | None = None) -> dict[int, CompliancePosition]:  # fmt: skip
    """Set-based: {enterprise id: position of ``year``} for every existing enterprise among the ids (or the
    enterprises themselves, when the caller has them loaded: they are not read again)."""
    return {pk: _typed(pos) for pk, pos in queries.positions(list(enterprises), year, as_of).items()}


def positions_over(enterprises: Iterable[int] | Iterable[Organisation], years: Iterable[int],
                   as_of: date | None = None) -> dict[int, dict[int, CompliancePosition]]:  # fmt: skip
    """{year: {enterprise id: position}}: ``positions`` for several years, accounts and balances read once."""
    found = registry_positions.positions_over(list(enterprises), years, as_of)
    return {year: {pk: _typed(pos) for pk, pos in rows.items()} for year, rows in found.items()}


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


# --- many enterprises and years summed up (the cockpit) -------------------------------------------------------

SUMMARY_CHUNK = 1000  # enterprises per round of reads: IN-lists well under SQLite's variable limit


@dataclass(frozen=True)
class ComplianceYear:
    """One compliance year of a set of enterprises: how many are in each status, and the tonnes summed.

    ``no_obligation`` counts the enterprises asked about without an obligation for the year; the tonnes are
    summed over those with one: ``surplus_t`` and ``shortfall_t`` as each position says them, ``obligation_t``
    all obligations, ``disclosed_t`` those that came from a verified disclosure (None: none did)."""

    year: int
    enterprises: int
    compliant: int
    late: int
    non_compliant: int
    pending: int
    surplus_t: int
    shortfall_t: int
    obligation_t: int
    disclosed_t: int | None

    @property
    def with_obligation(self) -> int:
        return self.compliant + self.late + self.non_compliant + self.pending

    @property
    def no_obligation(self) -> int:
        return self.enterprises - self.with_obligation

    @property
    def by_status(self) -> dict[str, int]:
        return {"compliant": self.compliant, "late": self.late, "non_compliant": self.non_compliant,
                "pending": self.pending}  # fmt: skip


@dataclass(frozen=True)
class ComplianceSummary:
    as_of: date
    years: tuple[ComplianceYear, ...]

    def year(self, year: int) -> ComplianceYear | None:
        return next((y for y in self.years if y.year == year), None)


def compliance_summary(enterprise_ids: Iterable[int], years: Iterable[int],
                       as_of: date | None = None) -> ComplianceSummary:  # fmt: skip
    """The positions of many enterprises over several years, summed per year: the numbers ``positions`` gives
    each of them, in three aggregate reads per thousand enterprises whatever the number of years.

    Only what status, surplus and shortfall need is read (obligations, surrenders by day, eligible balances);
    each position is then assessed by ``registry.domain.compliance.assess``, the one computation of them.
    Unknown ids count as enterprises without an obligation."""
    today = as_of or timezone.localdate()
    wanted = sorted(set(years))
    ids = sorted(set(enterprise_ids))
    totals = {y: _YearTotals() for y in wanted}
    for start in range(0, len(ids), SUMMARY_CHUNK):
        chunk = _Chunk(ids[start:start + SUMMARY_CHUNK], wanted)
        for (pk, year), (scheme, tonnes, source) in chunk.obligations.items():
            pack = pack_for(scheme)
            data = rules.ComplianceInput(str(pk), year, tonnes, chunk.events.get((pk, year), ()),
                                         chunk.eligible_t(pk, year, str(pack.allowance_kind)))  # fmt: skip
            totals[year].add(rules.assess(pack, data, today), source == Obligation.Source.DISCLOSURE)
    return ComplianceSummary(today, tuple(totals[y].freeze(y, len(ids)) for y in wanted))


class _Chunk:
    """Obligations, surrenders and balances of some enterprises: one aggregate read each, over every year.

    The holding account is the one in the enterprise's own jurisdiction, as in ``positions``."""

    def __init__(self, ids: list[int], years: list[int]) -> None:
        self.obligations = {
            (pk, year): (scheme, tonnes, source)
            for pk, year, scheme, tonnes, source in Obligation.objects.filter(enterprise_id__in=ids, year__in=years)
            .values_list("enterprise_id", "year", "scheme", "verified_emissions_t", "source")
        }  # fmt: skip
        home = {"account__owner_id__in": ids, "account__kind": Account.Kind.HOLDING,
                "account__jurisdiction_id": F("account__owner__jurisdiction_id")}  # fmt: skip
        events: dict[tuple[int, int], list[rules.SurrenderEvent]] = {}
        surrenders = (Posting.objects.filter(**home, tx__compliance_year__in=years,
                                             tx__kind__in=["surrender", "reversal"]).order_by()
                      .values_list("account__owner_id", "tx__compliance_year", "tx__created_at", "instrument__kind")
                      .annotate(q=Sum("quantity")))  # fmt: skip
        for pk, year, at, kind, q in surrenders:
            events.setdefault((pk, year), []).append(rules.SurrenderEvent(at.date(), -q, kind in OFFSET_KINDS))
        self.events = {key: tuple(found) for key, found in events.items()}
        self.balances: dict[int, list[tuple[str, int, int]]] = {}
        for pk, kind, vintage, q in (Balance.objects.filter(**home).order_by()
                                     .values_list("account__owner_id", "instrument__kind", "instrument__vintage")
                                     .annotate(q=Sum("quantity"))):  # fmt: skip
            self.balances.setdefault(pk, []).append((kind, vintage or 0, q))

    def eligible_t(self, pk: int, year: int, allowance_kind: str) -> int:
        """Allowances of the scheme's kind with a vintage up to the year."""
        return sum(q for kind, vintage, q in self.balances.get(pk, ()) if kind == allowance_kind and vintage <= year)


class _YearTotals:
    def __init__(self) -> None:
        self.status: dict[str, int] = {}
        self.surplus = self.shortfall = self.obligation = 0
        self.disclosed: int | None = None

    def add(self, r: rules.ComplianceResult, disclosed: bool) -> None:
        self.status[str(r.status)] = self.status.get(str(r.status), 0) + 1
        self.surplus += r.surplus_t
        self.shortfall += r.shortfall_t
        self.obligation += r.obligation_t
        if disclosed:
            self.disclosed = (self.disclosed or 0) + r.obligation_t

    def freeze(self, year: int, enterprises: int) -> ComplianceYear:
        s = self.status
        return ComplianceYear(year, enterprises, s.get("compliant", 0), s.get("late", 0), s.get("non_compliant", 0),
                              s.get("pending", 0), self.surplus, self.shortfall, self.obligation, self.disclosed)


def data_stamp() -> tuple:
    """Changes whenever anything a position reads changes: a transaction (every balance, hold and surrender
    moves through one), a hold, an obligation, an account or an instrument. For callers that keep results
    computed from positions (the screening ranking) and must never show them stale."""
    return change_stamp(Transaction, Hold, Obligation, Account, Instrument)
