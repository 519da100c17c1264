"""The ranked screening list at province scale: every listed enterprise is scored to rank it, but a page shows
only its own rows.

Scoring thousands of enterprises takes seconds (their registry positions over four years, mostly), so the
ranking — each enterprise's place, total, band and knock-out — is kept under a stamp of everything a score
reads: the registry, disclosure and market data stamps, this app's credit records, financial statements,
visits, loan applications and scorecard versions, every enterprise's saved changes, the day, and the exact set
of enterprises listed (which also follows consents given, revoked or expired). Any change gives a new stamp, so
a kept ranking is never stale; ``TANXIN_SCREENING_REUSE_SECONDS`` (default 600, 0: never kept) bounds how long
one is kept. The cards of the page's rows are then computed afresh, a few dozen enterprises at a time, so the
figures a reader sees are always read now.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, Max, QuerySet

from tanxin.disclosure import facts as disclosure
from tanxin.lending.models import CreditRecord, FinancialStatement, ScorecardVersion, Visit
from tanxin.lending.models.loans import Loan
from tanxin.market import facts as market
from tanxin.orgs.audit import change_stamp
from tanxin.orgs.models import Jurisdiction, Organisation
from tanxin.registry import facts as registry

CHUNK = 500  # enterprises scored at a time while ranking (bounded memory)


@dataclass(frozen=True)
class Ranked:
    """One enterprise's place in the ranking: scored bands first by total, knocked out last, then by name."""

    knocked_out: bool
    total: Decimal
    name_zh: str
    enterprise_id: int
    band: str | None  # A–D; None when knocked out

    @property
    def key(self) -> tuple:
        return (self.knocked_out, -self.total, self.name_zh, self.enterprise_id)


def seconds() -> int:
    return int(getattr(settings, "TANXIN_SCREENING_REUSE_SECONDS", 600))


def data_stamp() -> tuple:
    """Changes whenever anything a screening score reads changes (see the module's docstring)."""
    loans = Loan.objects.order_by().aggregate(at=Max("updated_at"), top=Max("pk"), n=Count("pk"))
    return (registry.data_stamp(), disclosure.data_stamp(), market.data_stamp(),
            change_stamp(CreditRecord, FinancialStatement, Visit, ScorecardVersion, Organisation, Jurisdiction),
            (str(loans["at"]), loans["top"], loans["n"]))  # fmt: skip


class Ranking:
    """A kept ranking, compact (it is pickled in and out of the cache on every page): the enterprise ids in rank
    order and one letter each, the band (A–D), ``x`` when knocked out, ``-`` when neither."""

    def __init__(self, rows: list[Ranked]) -> None:
        self.ids = [r.enterprise_id for r in rows]
        self.marks = "".join("x" if r.knocked_out else (r.band or "-") for r in rows)

    def where(self, keep: Callable[[int, str], bool]) -> list[int]:
        return [pk for pk, mark in zip(self.ids, self.marks, strict=True) if keep(pk, mark)]


class RankedList:
    """The ranked list as a sequence of cards: its length and order come from the kept ranking, a slice is
    scored when it is read (what ``Paginator`` and the API's ``paginate`` ask for)."""

    def __init__(self, ids: list[int], score: Callable[[list[int]], list[Any]]) -> None:
        self.ids = ids
        self._score = score

    def __len__(self) -> int:
        return len(self.ids)

    def count(self) -> int:
        return len(self.ids)

    def __getitem__(self, index: int | slice) -> Any:
        if isinstance(index, slice):
            return self._score(self.ids[index])
        return self._score([self.ids[index]])[0]

    def __iter__(self):
        for start in range(0, len(self.ids), CHUNK):
            yield from self[start:start + CHUNK]


def ranking(listed: QuerySet[Organisation], today: date, rank: Callable[[list[Organisation]], list[Ranked]],
            ) -> Ranking:  # fmt: skip
    """The ranking of the enterprises ``listed``: kept for the same enterprises over the same data and day, else
    computed with ``rank`` (which scores them, a chunk at a time) and kept."""
    ids = list(listed.order_by("pk").values_list("pk", flat=True))
    if not ids:
        return Ranking([])
    if seconds() <= 0:
        return rank_all(listed, rank)
    key = "tanxin:screening:" + hashlib.sha256(repr((today.isoformat(), ids, data_stamp())).encode()).hexdigest()
    found = cache.get(key)
    if found is None:
        found = rank_all(listed, rank)
        cache.set(key, found, seconds())
    return found


def rank_all(listed: QuerySet[Organisation], rank: Callable[[list[Organisation]], list[Ranked]]) -> Ranking:
    rows: list[Ranked] = []
    batch: list[Organisation] = []
    for org in listed.order_by("pk").iterator(chunk_size=CHUNK):
        batch.append(org)
        if len(batch) == CHUNK:
            rows += rank(batch)
            batch = []
    if batch:
        rows += rank(batch)
    return Ranking(sorted(rows, key=lambda r: r.key))
