"""Recompute inventories for 1,000 enterprises × 12 months × 10 sources (120,000 activity lines) end to end:
read every line from the database, calculate both accounting views and the quality checks, store one
inventory per enterprise-year. The reference is the pure calculation on the same lines in the same run.

DATABASE_URL chooses the database (default: a fresh SQLite file in a temporary directory).
Prints one JSON line.
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
YEAR = 2024
ROOT = Path(__file__).absolute().parents[1]


def setup_django() -> str:
    """The shared bench plumbing (DATABASE_URL or a fresh temporary SQLite file, DEBUG off, migrate)."""
    sys.path.insert(0, str(ROOT / "bench"))
    from _setup import django_for_bench

    django_for_bench()
    return os.environ["DATABASE_URL"]


def populate(rng: random.Random) -> list[int]:
    from django.db import transaction

    from tanxin.accounting.models import ActivityLine, EmissionSource
    from tanxin.accounting.scale import SOURCES  # the same source mix as seed_demo --scale
    from tanxin.orgs.models import Organisation
    from tanxin.orgs.reference import load_industries, load_jurisdictions
    from tanxin.orgs.seed import make_enterprises

    with transaction.atomic():
        load_industries()
        nanshan = load_jurisdictions()["440305"]
        orgs = Organisation.objects.bulk_create(make_enterprises(rng, ENTERPRISES, nanshan, start=10_000),
                                                batch_size=1000)  # fmt: skip
        sources = EmissionSource.objects.bulk_create(
            [EmissionSource(enterprise=o, name=name, source_type=st, subject=subject)
             for o in orgs for name, st, subject, *_rest in SOURCES], batch_size=5000)  # fmt: skip
        spec = {name: (kind, unit, data) for name, _st, _s, kind, unit, data in SOURCES}
        lines = []
        for source in sources:
            kind, unit, data = spec[source.name]
            for month in range(1, 13):
                scale = rng.uniform(0.7, 1.3)
                varied = {k: (f"{float(v) * scale:.3f}" if k in ("quantity", "purchased") else v)
                          for k, v in data.items()}  # fmt: skip
                lines.append(ActivityLine(enterprise_id=source.enterprise_id, source=source, year=YEAR, month=month,
                                          kind=kind, unit=unit, data=varied))  # fmt: skip
        ActivityLine.objects.bulk_create(lines, batch_size=5000)
    return [o.pk for o in orgs]


def pure_calculation(enterprise_ids: list[int]) -> float:
    """The reference: the same lines, already in memory as domain objects, calculated the same way."""
    from tanxin.accounting.calculation import compute_lines
    from tanxin.accounting.ledger import ROW_FIELDS, to_domain
    from tanxin.accounting.models import ActivityLine
    from tanxin.accounting.reference import current_snapshot

    snapshot = current_snapshot()
    groups: dict[int, list] = {}
    for row in ActivityLine.objects.filter(year=YEAR).order_by("enterprise_id", "source_id", "month").values(
            *ROW_FIELDS):  # fmt: skip
        groups.setdefault(row["enterprise_id"], []).append(to_domain(row))
    from tanxin.accounting.services import bulk_calculation

    start = time.perf_counter()
    with bulk_calculation():  # the same garbage-collector policy as the recompute it is compared with
        for lines in groups.values():
            compute_lines(tuple(lines), snapshot, YEAR, ets_covered=False)
    return time.perf_counter() - start


def main() -> None:
    database = setup_django()
    from tanxin.accounting import services
    from tanxin.accounting.models import ActivityLine, Inventory
    from tanxin.accounting.reference import current_snapshot

    enterprise_ids = populate(random.Random(2024))
    current_snapshot()  # warm the library cache, as a running server would have it
    start, cpu_start = time.perf_counter(), time.process_time()
    computed = services.recompute_all(years=[YEAR])
    seconds_total = time.perf_counter() - start
    cpu_total = time.process_time() - cpu_start
    cpu_start = time.process_time()
    seconds_calc = pure_calculation(enterprise_ids)
    cpu_calc = time.process_time() - cpu_start
    lines = ActivityLine.objects.filter(year=YEAR).count()
    assert computed == len(enterprise_ids) == Inventory.objects.filter(year=YEAR).count()
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({
        "bench": "accounting_recompute",
        "enterprises": len(enterprise_ids), "activity_lines": lines,
        "database": database.split(":", 1)[0],
        "seconds_total": round(seconds_total, 3), "seconds_calc": round(seconds_calc, 3),
        "peak_mb": round(peak_mb, 1),
        "reference": "pure calculation on the same lines in the same run",
        "ratio": round(seconds_total / seconds_calc, 2),
        # The machine may be shared: CPU seconds and the load average tell a slow run from a loaded one.
        "cpu_seconds_total": round(cpu_total, 3), "cpu_seconds_calc_and_setup": round(cpu_calc, 3),
        "load_average_1m": round(os.getloadavg()[0], 2),
        "target": "seconds_total < 10 and ratio <= 4",
        "notes": "both timings run with the cyclic GC paused (services.bulk_calculation); calc = both views + "
                 "quality checks on in-memory domain lines; total = streamed read + line building + calc + upserts",
    }))  # fmt: skip


if __name__ == "__main__":
    main()
