"""Shared bench plumbing: a database for the run (DATABASE_URL, or a fresh temporary SQLite file) and Django."""

from __future__ import annotations

import json
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def django_for_bench() -> str:
    """Point Django at DATABASE_URL or a new temporary SQLite file, set it up, migrate. Returns the vendor."""
    sys.path.insert(0, str(ROOT / "src"))
    sys.path.insert(0, str(ROOT))
    if "DATABASE_URL" not in os.environ:
        path = Path(tempfile.mkdtemp(prefix="tanxin-bench-")) / "bench.sqlite3"
        os.environ["DATABASE_URL"] = f"sqlite:///{path}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tanxin.config.settings")
    os.environ.setdefault("DEBUG", "false")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    return connection.vendor


def emit(record: dict) -> None:
    print(json.dumps(record, ensure_ascii=False), flush=True)


def measure_latency(client, urls: list[str], headers: dict | None = None, warmup: int = 20) -> dict[str, float]:
    """Request each URL once (after ``warmup`` unmeasured requests) through the in-process client and return
    p50 and p95 in milliseconds and requests per second. Any answer other than 200 aborts the benchmark."""
    import statistics
    import time

    headers = headers or {}
    for url in urls[:warmup]:
        client.get(url, headers=headers)
    samples = []
    started = time.perf_counter()
    for url in urls:
        t0 = time.perf_counter()
        response = client.get(url, headers=headers)
        samples.append(time.perf_counter() - t0)
        assert response.status_code == 200, (url, response.status_code, response.content[:200])
    elapsed = time.perf_counter() - started
    samples.sort()
    return {
        "p50_ms": statistics.median(samples) * 1000,
        "p95_ms": samples[max(0, int(len(samples) * 0.95) - 1)] * 1000,
        "requests_per_s": len(urls) / elapsed,
    }
