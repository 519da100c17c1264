"""Compliance positions for many enterprises at once: a handful of reads per thousand enterprises.

``positions(enterprises, year, as_of)`` is the one way to compute positions; ``queries.position`` asks it
for one enterprise, the compliance board for one page, lending's screening for a whole list. Every read
is an aggregate per account, instrument and year over a chunk of enterprises, and each price window is
read once per call, so the cost grows with the rows shown, not with one round trip per enterprise.
The numbers are those of ``registry.domain.compliance.assess`` — only the gathering is set-based.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet, Sum
from django.utils import timezone

from tanxin.market import facts as market
from tanxin.orgs.models import Organisation
from tanxin.registry.domain import compliance
from tanxin.registry.domain.compliance import ComplianceInput, ComplianceResult
from tanxin.registry.domain.rule_packs import RulePack
from tanxin.registry.models import Account, Balance, Hold, Posting
from tanxin.registry.obligations import OFFSET_KINDS, ObligationInfo, obligations_for, pack_for

# Enterprises per round of reads: keeps IN-lists well under SQLite's variable limit and memory bounded.
CHUNK = 1000


@dataclass(frozen=True)
class Position:
    """One enterprise's compliance position for one year, and what a lender needs beside it."""

    enterprise: Organisation
    year: int
    scheme: str
    obligation: ObligationInfo | None
    result: ComplianceResult | None
    average_price: Any
    price_synthetic: bool
    unconfirmed: tuple[str, ...]  # rule-pack parameters tagged M ("to be confirmed")
    holdings_t: int  # every instrument in the holding account
    held_t: int  # every open hold on it
    eligible_t: int = 0  # allowances of the scheme's kind with a vintage up to the year
    pledged_t: int = 0  # open pledges on those allowances
    frozen_t: int = 0  # open freezes and administrative holds on those allowances
    account_id: int | None = None
    # What the average price behind the penalty really covers (trading days, months without prices).
    price_coverage: market.AverageCoverage | None = None

    @property
    def status(self) -> str:
        return str(self.result.status) if self.result else "no_obligation"

    @property
    def verified_emissions_t(self) -> int | None:
        return self.obligation.tonnes if self.obligation else None

    @property
    def surplus_t(self) -> int | None:
        return self.result.surplus_t if self.result else None

    @property
    def pledgeable_t(self) -> int:
        """Q_free: from the assessment when there is an obligation, else nothing is still to surrender."""
        if self.result is not None:
            return self.result.pledgeable_t
        return compliance.pledgeable_t(self.eligible_t, self.pledged_t, self.frozen_t, 0)


@dataclass
class _Account:
    pk: int
    balances: list[dict[str, Any]] = field(default_factory=list)
    holds: list[dict[str, Any]] = field(default_factory=list)
    surrenders: list[dict[str, Any]] = field(default_factory=list)


class _Prices:
    """Each (instrument, window) read once per call, however many enterprises share it."""

    def __init__(self) -> None:
        self._averages: dict[tuple[str, date, int], market.AverageCoverage] = {}
        self._synthetic: dict[str, bool] = {}
        self._stamp: tuple | None = None

    def stamp(self) -> tuple:
        """The price table's stamp, read once per call: the market keeps windows and flags under it."""
        if self._stamp is None:
            self._stamp = market.data_stamp()
        return self._stamp

    def coverage(self, pack: RulePack, year: int) -> market.AverageCoverage:
        key = (str(pack.allowance_kind), pack.surrender_deadline(year), pack.penalty_average_months)
        if key not in self._averages:
            self._averages[key] = market.average_coverage(*key, stamp=self.stamp())
        return self._averages[key]

    def average(self, pack: RulePack, year: int) -> Decimal | None:
        return self.coverage(pack, year).value

    def synthetic(self, instrument: str) -> bool:
        if instrument not in self._synthetic:
            self._synthetic[instrument] = market.is_synthetic(instrument, self.stamp())
        return self._synthetic[instrument]


def positions(
    enterprises: QuerySet[Organisation] | Iterable[Organisation] | Iterable[int],
    year: int,
    as_of: date | None = None,
) -> dict[int, Position]:
    """{enterprise id: position}, in the order given. The caller has checked the enterprises are visible."""
    as_of = as_of or timezone.localdate()
    prices = _Prices()
    result: dict[int, Position] = {}
    for chunk in _chunks(enterprises):
        result.update(_chunk_positions(chunk, year, as_of, prices))
    return result


def _chunks(enterprises: Any) -> Iterator[list[Organisation]]:
    if isinstance(enterprises, QuerySet):
        enterprises = enterprises.iterator(chunk_size=CHUNK)
    batch: list[Any] = []
    for item in enterprises:
        batch.append(item)
        if len(batch) == CHUNK:
            yield _organisations(batch)
            batch = []
    if batch:
        yield _organisations(batch)


def _organisations(batch: list[Any]) -> list[Organisation]:
    ids = [item for item in batch if not isinstance(item, Organisation)]
    if not ids:
        return batch
    loaded = Organisation.objects.in_bulk(ids)
    return [item if isinstance(item, Organisation) else loaded[item] for item in batch if
            isinstance(item, Organisation) or item in loaded]  # fmt: skip


def positions_over(
    enterprises: Iterable[Organisation] | Iterable[int], years: Iterable[int], as_of: date | None = None,
) -> dict[int, dict[int, Position]]:
    """{year: {enterprise id: position}} for several years at once: the same positions as ``positions`` year by
    year, with accounts, balances and holds read once for all years and the surrenders of all years together."""
    as_of = as_of or timezone.localdate()
    years = sorted(set(years))
    prices = _Prices()
    result: dict[int, dict[int, Position]] = {year: {} for year in years}
    for chunk in _chunks(list(enterprises)):
        accounts = _accounts_over(chunk, years)
        for year in years:
            result[year].update(_chunk_positions(chunk, year, as_of, prices, accounts[year]))
    return result


def _chunk_positions(orgs: Sequence[Organisation], year: int, as_of: date, prices: _Prices,
                     accounts: dict[int, _Account] | None = None) -> dict[int, Position]:  # fmt: skip
    infos = obligations_for(list(orgs), year)
    accounts = _accounts(orgs, year) if accounts is None else accounts
    out = {}
    for org in orgs:
        info = infos.get(org.pk)
        out[org.pk] = _position(org, year, as_of, info, accounts.get(org.pk), prices)
    return out


def _accounts_over(orgs: Sequence[Organisation], years: list[int]) -> dict[int, dict[int, _Account]]:
    """``_accounts`` for each of ``years``: balances and holds shared, each year with its own surrenders."""
    base = _accounts(orgs, None)
    out = {year: {owner: _Account(a.pk, a.balances, a.holds, []) for owner, a in base.items()} for year in years}
    by_pk = {year: {a.pk: a for a in accounts.values()} for year, accounts in out.items()}
    if base:
        for s in (Posting.objects.filter(account_id__in=[a.pk for a in base.values()], tx__compliance_year__in=years,
                                         tx__kind__in=["surrender", "reversal"]).order_by()
                  .values("account_id", "tx__compliance_year", "tx__created_at", "instrument__kind")
                  .annotate(q=Sum("quantity"))):  # fmt: skip
            by_pk[s["tx__compliance_year"]][s["account_id"]].surrenders.append(s)
    return out


def _accounts(orgs: Sequence[Organisation], year: int | None) -> dict[int, _Account]:
    """The holding account in each enterprise's own jurisdiction, with balances, open holds and the surrenders
    for ``year`` (none read when ``year`` is None)."""
    home = {o.pk: o.jurisdiction_id for o in orgs}
    rows = Account.objects.filter(owner_id__in=list(home), kind="holding").values_list("pk", "owner_id",
                                                                                         "jurisdiction_id")
    by_owner = {owner: _Account(pk) for pk, owner, jurisdiction in rows if home[owner] == jurisdiction}
    by_pk = {a.pk: a for a in by_owner.values()}
    if not by_pk:
        return by_owner
    ids = list(by_pk)
    for b in Balance.objects.filter(account_id__in=ids).values(
            "account_id", "instrument_id", "quantity", "held", "instrument__kind", "instrument__vintage"):  # fmt: skip
        by_pk[b["account_id"]].balances.append(b)
    for h in (Hold.objects.filter(account_id__in=ids, status="open").order_by()
              .values("account_id", "instrument_id", "kind").annotate(q=Sum("quantity"))):  # fmt: skip
        by_pk[h["account_id"]].holds.append(h)
    if year is None:
        return by_owner
    for s in (Posting.objects.filter(account_id__in=ids, tx__compliance_year=year,
                                     tx__kind__in=["surrender", "reversal"]).order_by()
              .values("account_id", "tx__created_at", "instrument__kind").annotate(q=Sum("quantity"))):  # fmt: skip
        by_pk[s["account_id"]].surrenders.append(s)
    return by_owner


def _position(org: Organisation, year: int, as_of: date, info: ObligationInfo | None, acct: _Account | None,
              prices: _Prices) -> Position:  # fmt: skip
    scheme = info.scheme if info else (org.ets if org.ets in ("shenzhen", "national") else "shenzhen")
    pack = pack_for(scheme)
    total = held = eligible = pledged = frozen = 0
    events: list[compliance.SurrenderEvent] = []
    if acct is not None:
        total = sum(b["quantity"] for b in acct.balances)
        held = sum(b["held"] for b in acct.balances)
        eligible_ids = {
            b["instrument_id"] for b in acct.balances
            if b["instrument__kind"] == pack.allowance_kind and (b["instrument__vintage"] or 0) <= year
        }  # fmt: skip
        eligible = sum(b["quantity"] for b in acct.balances if b["instrument_id"] in eligible_ids)
        pledged = sum(h["q"] for h in acct.holds if h["instrument_id"] in eligible_ids and h["kind"] == "pledge")
        frozen = sum(h["q"] for h in acct.holds if h["instrument_id"] in eligible_ids and h["kind"] != "pledge")
        events = [compliance.SurrenderEvent(s["tx__created_at"].date(), -s["q"], s["instrument__kind"] in OFFSET_KINDS)
                  for s in acct.surrenders]  # fmt: skip
    price = prices.average(pack, year)
    result = None
    if info is not None:
        data = ComplianceInput(str(org.pk), year, info.tonnes, tuple(events), eligible, pledged, frozen)
        result = compliance.assess(pack, data, as_of, price)
    return Position(org, year, scheme, info, result, price, prices.synthetic(str(pack.allowance_kind)),
                    tuple(pack.unconfirmed()), total, held, eligible, pledged, frozen,
                    acct.pk if acct else None, prices.coverage(pack, year))  # fmt: skip
