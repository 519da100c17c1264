"""Bulk recompute of stored inventories: a district or a province at a time.

Each enterprise-year goes through ``calculation.compute_stored`` (the lean calculation, no traces; the full
one for anything it doubts). Enterprises are processed in chunks; with ``workers`` > 1 the chunks are
calculated in forked worker processes, each reading, computing and storing its own chunk over its own
database connection. Every write is one upsert statement of at most 500 rows in autocommit, so on SQLite
(one writer at a time, WAL) a worker holds the write lock only for that statement and the other waits its
turn within the busy timeout. Memory stays bounded: a process holds one chunk at a time.
"""

from __future__ import annotations

import gc
import json
import logging
import os
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from multiprocessing import get_all_start_methods, get_context
from typing import Any

from django.db import connection, connections

from tanxin.accounting.calculation import YearResult, compute_stored
from tanxin.accounting.domain.errors import AccountingError
from tanxin.accounting.domain.factors import FactorSnapshot
from tanxin.accounting.domain.lean import LeanCalculator
from tanxin.accounting.domain.place import Place
from tanxin.accounting.ledger import ROW_FIELDS
from tanxin.accounting.models import ActivityLine, Inventory
from tanxin.accounting.reference import current_snapshot, place_of
from tanxin.orgs.domain.roles import OrgKind
from tanxin.orgs.models import Organisation

log = logging.getLogger(__name__)
CHUNK_ENTERPRISES = 250  # ~30,000 lines per chunk at 120 lines an enterprise-year
BATCH = 500  # inventory rows per upsert
MIN_PARALLEL_ENTERPRISES = 2 * CHUNK_ENTERPRISES  # below this, forking costs more than it saves
UPSERT_FIELDS = ["snapshot_digest", "total_china_kg", "total_ghg_location_kg", "total_ghg_market_kg", "summary",
                 "line_results", "quality_score", "flags", "line_count", "error", "computed_at"]  # fmt: skip


def default_workers() -> int:
    """``TANXIN_RECOMPUTE_WORKERS``, else one per CPU (at most 4: the database is the next bottleneck)."""
    configured = os.environ.get("TANXIN_RECOMPUTE_WORKERS", "")
    if configured.isdigit() and int(configured) > 0:
        return int(configured)
    return max(1, min(4, os.cpu_count() or 1))


class Plan:
    """What every enterprise-year of a recompute shares: the snapshot, who is ETS-covered, where each
    enterprise is, and one lean calculator per (year, ETS coverage, place)."""

    def __init__(self, snapshot: FactorSnapshot, years: list[int] | None) -> None:
        self.snapshot = snapshot
        self.digest = snapshot.digest
        self.years = years
        enterprises = Organisation.objects.filter(kind=OrgKind.ENTERPRISE)
        self.ets = dict(enterprises.values_list("pk", "ets"))
        self.places = {pk: place_of(code) for pk, code in enterprises.values_list("pk", "jurisdiction__code")}
        self._calculators: dict[tuple[int, bool, Place | None], LeanCalculator] = {}

    def lines(self, enterprise_ids: Iterable[int] | None = None) -> Any:
        lines = ActivityLine.objects.all()
        if enterprise_ids is not None:
            lines = lines.filter(enterprise_id__in=list(enterprise_ids))
        if self.years is not None:
            lines = lines.filter(year__in=self.years)
        return lines

    def row_for(self, enterprise_id: int, year: int, rows: list[dict[str, Any]]) -> dict[str, Any] | None:
        """The stored fields of one enterprise-year; None (logged) when a line cannot be computed."""
        ets_covered = self.ets.get(enterprise_id, "none") != "none"
        place = self.places.get(enterprise_id)
        key = (year, ets_covered, place)
        calculator = self._calculators.get(key)
        try:
            if calculator is None:
                from tanxin.accounting.calculation import context_for, policies_for

                calculator = LeanCalculator(self.snapshot, policies_for(ets_covered), context_for(year, place))
                self._calculators[key] = calculator
            result = compute_stored(rows, self.snapshot, year, ets_covered=ets_covered, place=place,
                                    calculator=calculator)  # fmt: skip
        except AccountingError as exc:
            # One enterprise's bad line (e.g. a factor the library no longer has) must not stop the district's
            # recompute; its stored inventory stays as it was and the page shows the error when opened.
            log.warning("recompute of enterprise %s, %s failed: %s", enterprise_id, year, exc.message)
            return None
        return inventory_fields(enterprise_id, year, result, self.digest)

    def chunk(self, enterprise_ids: list[int]) -> list[dict[str, Any]]:
        """Stored fields of every enterprise-year of these enterprises. The chunk is read in full first: a
        short read (bounded by the chunk size) that never keeps a writer waiting on a long-lived cursor."""
        return list(self.groups(list(fetch_rows(ordered(self.lines(enterprise_ids))))))

    def groups(self, rows: Iterable[dict[str, Any]]) -> Iterator[dict[str, Any]]:
        """Rows ordered by enterprise and year -> stored fields per enterprise-year, one group in memory."""
        key: tuple[int, int] | None = None
        group: list[dict[str, Any]] = []
        for row in rows:
            row_key = (row["enterprise_id"], row["year"])
            if row_key != key:
                if key is not None and (fields := self.row_for(*key, group)) is not None:
                    yield fields
                key, group = row_key, []
            group.append(row)
        if key is not None and (fields := self.row_for(*key, group)) is not None:
            yield fields


@contextmanager
def bulk_calculation() -> Iterator[None]:
    """Pause the cyclic garbage collector around a bulk recompute.

    A recompute allocates millions of short-lived objects (line values, results, trace steps when the full
    calculation runs) and none of them form reference cycles; with the collector on, every few hundred
    allocations it rescans everything alive, which more than doubles the run time. Reference counting still
    frees everything as usual.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def ordered(lines: Any) -> Any:
    return lines.order_by("enterprise_id", "year", "source_id", "month").values(*ROW_FIELDS)


def fetch_rows(rows: Any) -> Iterator[dict[str, Any]]:
    """``rows`` (a ``values(*ROW_FIELDS)`` query) through a plain cursor: the same dicts, ``data`` decoded from
    JSON, without the ORM's per-row converters (a fifth of the read time at this volume)."""
    sql, params = rows.values_list(*ROW_FIELDS).query.sql_with_params()
    loads = json.loads
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        while batch := cursor.fetchmany(5000):
            for values in batch:
                row = dict(zip(ROW_FIELDS, values, strict=True))
                if isinstance(data := row["data"], str | bytes):
                    row["data"] = loads(data)
                yield row


def inventory_fields(enterprise_id: int, year: int, result: Any, digest: str) -> dict[str, Any]:
    """``result`` is a ``calculation.YearResult`` or ``LeanYearResult`` (the same methods)."""
    total = result.total_kg()
    return dict(
        enterprise_id=enterprise_id, year=year, snapshot_digest=digest,
        total_china_kg=total["china_regulatory"], total_ghg_location_kg=total["ghg_protocol_location"],
        total_ghg_market_kg=total["ghg_protocol_market"], summary=result.summary(),
        line_results=result.line_results(), quality_score=result.quality.score,
        flags=[{"code": f.code, "severity": str(f.severity), "reason": f.reason, "line_id": f.line_id,
                "details": dict(f.details)} for f in result.quality.flags],
        line_count=len(result.lines),
    )  # fmt: skip


def inventory_row(enterprise_id: int, year: int, result: YearResult, digest: str) -> Inventory:
    return Inventory(**inventory_fields(enterprise_id, year, result, digest))


def store_inventories(rows: list[Inventory]) -> None:
    Inventory.objects.bulk_create(rows, batch_size=BATCH, update_conflicts=True,
                                  unique_fields=["enterprise", "year"], update_fields=UPSERT_FIELDS)  # fmt: skip


def recompute_all(enterprise_ids: list[int] | None = None, years: list[int] | None = None,
                  workers: int | None = None) -> int:  # fmt: skip
    """Recompute and store every enterprise-year with activity data (of ``enterprise_ids``, in ``years``).
    Returns how many enterprise-years were stored."""
    plan = Plan(current_snapshot(), years)
    workers = default_workers() if workers is None else workers
    ids = sorted(set(plan.lines(enterprise_ids).order_by().values_list("enterprise_id", flat=True)))
    chunks = [ids[i:i + CHUNK_ENTERPRISES] for i in range(0, len(ids), CHUNK_ENTERPRISES)]
    with bulk_calculation():
        if workers > 1 and len(ids) >= MIN_PARALLEL_ENTERPRISES and _can_fork():
            return _parallel(plan, chunks, workers)
        return sum(_store(plan.chunk(chunk)) for chunk in chunks)


def _store(fields: list[dict[str, Any]]) -> int:
    """One chunk's rows in upserts of ``BATCH``: each a single statement, so a SQLite write lock is held only
    for that statement and a second writer simply waits its turn (the busy timeout)."""
    for i in range(0, len(fields), BATCH):
        store_inventories([Inventory(**item) for item in fields[i:i + BATCH]])
    return len(fields)


def _can_fork() -> bool:
    """Workers read committed data over their own connections: not inside a transaction (they would not see
    its rows), not on an in-memory SQLite database (they would not see it at all)."""
    if connection.in_atomic_block:
        return False
    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        return False
    return "fork" in get_all_start_methods()


_PLAN: Plan | None = None  # handed to forked workers


def _parallel(plan: Plan, chunks: list[list[int]], workers: int) -> int:
    global _PLAN
    _PLAN = plan
    connections.close_all()  # a forked child must open its own connection, never share this one's socket
    try:
        with ProcessPoolExecutor(max_workers=workers, mp_context=get_context("fork")) as pool:
            return sum(pool.map(_chunk, chunks))
    finally:
        _PLAN = None


def _chunk(enterprise_ids: list[int]) -> int:
    """In a worker: read one chunk in full (a short read), compute it, store it in short upserts."""
    assert _PLAN is not None
    with bulk_calculation():
        return _store(_PLAN.chunk(enterprise_ids))
