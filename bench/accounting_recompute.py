"""Recompute inventories for N enterprises × 12 months × 10 sources (120 activity lines each) end to end:
read every line from the database, calculate both accounting views and the quality checks, store one
inventory per enterprise-year.

BENCH_ENTERPRISES sets N (default 1,000 = 120,000 lines; the province scale is 20,000 = 2.4 million lines).
BENCH_WORKERS sets the worker processes of the recompute (default: ``recompute.default_workers()``).
DATABASE_URL chooses the database (default: a fresh SQLite file in a temporary directory).

The reference is the full per-line calculation (every trace built, as "explain this number" does) on a sample
of the same lines in the same run. The machine may be shared, so CPU seconds per line (this process and its
workers) are reported beside wall seconds, and the province-scale time is extrapolated from them. A sequential
pass over the sample says where the time goes. Prints one JSON line.
"""

from __future__ import annotations

import json
import os
import random
import resource
import sys
import time
from pathlib import Path

ENTERPRISES = int(os.environ.get("BENCH_ENTERPRISES", "1000"))
WORKERS = os.environ.get("BENCH_WORKERS", "")
SAMPLE = min(ENTERPRISES, int(os.environ.get("BENCH_SAMPLE", "300")))
PROVINCE_LINES = 20_000 * 120
YEAR = 2024
ROOT = Path(__file__).absolute().parents[1]


def setup_django() -> str:
    """The shared bench plumbing (DATABASE_URL or a fresh temporary SQLite file, DEBUG off, migrate)."""
    sys.path.insert(0, str(ROOT / "bench"))
    from _setup import django_for_bench

    django_for_bench()
    return os.environ["DATABASE_URL"]


class _Scale:
    """What ``accounting.scale.generate`` reads: enterprise ids in chunks, a seeded generator, the year."""

    def __init__(self, enterprise_ids: list[int], rng: random.Random) -> None:
        self.enterprise_ids, self.rng, self.year = enterprise_ids, rng, YEAR

    @staticmethod
    def chunks(ids: list[int], size: int = 500):
        for i in range(0, len(ids), size):
            yield ids[i:i + size]


def populate(rng: random.Random) -> list[int]:
    """Enterprises, then their sources and lines in chunks (the same mix and writer as ``seed_demo --scale``)."""
    from django.db import transaction

    from tanxin.accounting import scale
    from tanxin.orgs.models import Organisation
    from tanxin.orgs.reference import load_industries, load_jurisdictions
    from tanxin.orgs.seed import make_enterprises

    with transaction.atomic():
        load_industries()
        nanshan = load_jurisdictions()["440305"]
        orgs = Organisation.objects.bulk_create(make_enterprises(rng, ENTERPRISES, nanshan, start=10_000),
                                                batch_size=1000)  # fmt: skip
    ids = [o.pk for o in orgs]
    for chunk in _Scale.chunks(ids, 2000):
        with transaction.atomic():
            scale.generate(_Scale(chunk, rng))
    return ids


def _timed(fn, *args):
    start = time.process_time()
    result = fn(*args)
    return result, time.process_time() - start


def breakdown(sample_ids: list[int]) -> tuple[dict[str, float], int, float]:
    """CPU seconds per phase of the recompute on the sample, sequentially, and the full per-line calculation
    (with traces) on the same lines: (phases, lines, full-calculation seconds)."""
    from tanxin.accounting.calculation import LeanYearResult, compute_lines, context_for, policies_for
    from tanxin.accounting.domain.lean import LeanCalculator
    from tanxin.accounting.domain.lean_year import lean_year
    from tanxin.accounting.domain.quality import QualityParams, check_measured_factors, check_months, check_parameters
    from tanxin.accounting.ledger import lean_line
    from tanxin.accounting.models import Inventory
    from tanxin.accounting.recompute import (
        Plan,
        bulk_calculation,
        fetch_rows,
        inventory_fields,
        ordered,
        store_inventories,
    )
    from tanxin.accounting.reference import current_snapshot

    snapshot = current_snapshot()
    plan = Plan(snapshot, [YEAR])
    phases = dict.fromkeys(("read", "build_lines", "line_calculation", "quality_checks", "totals_and_gas_sums",
                            "serialise", "write"), 0.0)  # fmt: skip
    with bulk_calculation():
        rows, phases["read"] = _timed(lambda: list(fetch_rows(ordered(plan.lines(sample_ids)))))
        groups: dict[int, list] = {}
        for row in rows:
            groups.setdefault(row["enterprise_id"], []).append(row)
        place = plan.places[sample_ids[0]]
        policies, context = policies_for(False), context_for(YEAR, place)
        calculator = LeanCalculator(snapshot, policies, context)
        p = QualityParams()
        full_seconds, fields = 0.0, []
        for enterprise_id, group in groups.items():
            lines, t = _timed(lambda g=group: tuple(lean_line(r) for r in g))
            phases["build_lines"] += t
            _, t = _timed(lambda ls=lines: [calculator.line(line) for line in ls])
            phases["line_calculation"] += t
            _, t = _timed(lambda ls=lines: (check_parameters(ls, p), check_measured_factors(ls, snapshot, YEAR, p),
                                            check_months(ls, YEAR, p)))  # fmt: skip
            phases["quality_checks"] += t
            lean, t = _timed(lambda ls=lines: lean_year(ls, snapshot, policies, context, calculator))
            phases["totals_and_gas_sums"] += t
            item, t = _timed(lambda ls=lines, y=lean, e=enterprise_id: inventory_fields(
                e, YEAR, LeanYearResult(YEAR, ls, y), snapshot.digest))
            phases["serialise"] += t
            fields.append(item)
            _, t = _timed(lambda ls=lines: compute_lines(ls, snapshot, YEAR, ets_covered=False, place=place))
            full_seconds += t
        _, phases["write"] = _timed(lambda: store_inventories([Inventory(**f) for f in fields]))
    # lean_year runs the line calculation and the quality checks again: keep only what it adds
    phases["totals_and_gas_sums"] -= phases["line_calculation"] + phases["quality_checks"]
    return phases, len(rows), full_seconds


def main() -> None:
    database = setup_django()
    from tanxin.accounting import recompute
    from tanxin.accounting.models import ActivityLine, Inventory
    from tanxin.accounting.reference import current_snapshot

    t0 = time.perf_counter()
    enterprise_ids = populate(random.Random(2024))
    seconds_populate = time.perf_counter() - t0
    current_snapshot()  # warm the library cache, as a running server would have it
    workers = int(WORKERS) if WORKERS else recompute.default_workers()
    peak_before_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # populating is the larger part
    children_before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start, cpu_start = time.perf_counter(), time.process_time()
    computed = recompute.recompute_all(years=[YEAR], workers=workers)
    seconds_total = time.perf_counter() - start
    cpu_parent = time.process_time() - cpu_start
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu_workers = (children.ru_utime + children.ru_stime) - (children_before.ru_utime + children_before.ru_stime)
    peak_parent_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    peak_worker_mb = children.ru_maxrss / 1024
    lines = ActivityLine.objects.filter(year=YEAR).count()
    assert computed == len(enterprise_ids) == Inventory.objects.filter(year=YEAR).count()

    phases, sample_lines, full_seconds = breakdown(enterprise_ids[:SAMPLE])
    phase_total = sum(phases.values())
    cpu_total = cpu_parent + cpu_workers
    cpu_us = cpu_total / lines * 1e6
    # On dedicated cores the workers share the calculation; the parent's own CPU (planning and writing) is
    # serial. The projection assumes no other load and as many cores as workers.
    projected = (cpu_workers / workers + cpu_parent) / lines * PROVINCE_LINES if workers > 1 else (
        cpu_total / lines * PROVINCE_LINES)
    print(json.dumps({
        "bench": "accounting_recompute",
        "enterprises": len(enterprise_ids), "activity_lines": lines, "database": database.split(":", 1)[0],
        "workers": workers,
        "seconds_total": round(seconds_total, 3), "lines_per_s": round(lines / seconds_total),
        "cpu_seconds_total": round(cpu_total, 3), "cpu_seconds_parent": round(cpu_parent, 3),
        "cpu_seconds_workers": round(cpu_workers, 3), "cpu_us_per_line": round(cpu_us, 2),
        "peak_mb_parent": round(peak_parent_mb, 1), "peak_mb_parent_before_recompute": round(peak_before_mb, 1),
        "peak_mb_worker": round(peak_worker_mb, 1),
        "projected_seconds_province_2_4m_lines": round(projected, 1),
        "breakdown_sample_lines": sample_lines,
        "breakdown_cpu_share": {k: round(v / phase_total, 3) for k, v in phases.items()},
        "breakdown_cpu_us_per_line": {k: round(v / sample_lines * 1e6, 2) for k, v in phases.items()},
        "reference": "full per-line calculation with traces (compute_lines) on the sample, same run",
        "reference_cpu_us_per_line": round(full_seconds / sample_lines * 1e6, 2),
        "ratio_calc_full_over_lean": round(full_seconds / (phases["line_calculation"] + phases["totals_and_gas_sums"]
                                                          + phases["quality_checks"]), 2),
        "load_average_1m": round(os.getloadavg()[0], 2), "cpu_count": os.cpu_count(),
        "seconds_populate": round(seconds_populate, 1),
        "target": "province scale (20,000 × 120 lines) recompute < 60 s on 2 cores with bounded memory",
        "notes": "cyclic GC paused during calculation (recompute.bulk_calculation); cpu = this process + workers; "
                 "projection = (worker CPU / workers + parent CPU) per line × 2.4 M on otherwise idle cores",
    }))  # fmt: skip


if __name__ == "__main__":
    main()
