"""Directory list API with 10,000 enterprises: p50/p95 latency and requests/s, next to a trivial endpoint.

Both are served in-process through the full Django stack (middleware, auth, gate, serialisation) by the
test client, one request at a time, so the ratio isolates what the directory endpoint itself costs.
"""

from __future__ import annotations

import statistics
import time

from _setup import django_for_bench, emit

ENTERPRISES = 10_000
REQUESTS = 300
WARMUP = 20


def _measure(client, urls: list[str], headers: dict) -> tuple[float, float, float]:
    for url in urls[:WARMUP]:
        client.get(url, headers=headers)
    samples = []
    started = time.perf_counter()
    for url in urls:
        t0 = time.perf_counter()
        response = client.get(url, headers=headers)
        samples.append(time.perf_counter() - t0)
        assert response.status_code == 200, response.content[:200]
    elapsed = time.perf_counter() - started
    samples.sort()
    p50 = statistics.median(samples) * 1000
    p95 = samples[int(len(samples) * 0.95) - 1] * 1000
    return p50, p95, REQUESTS / elapsed


def main() -> None:
    vendor = django_for_bench()
    from django.core.management import call_command
    from django.test import Client

    from tanxin.orgs.models import Organisation, User
    from tanxin.orgs.services import create_token

    if not Organisation.objects.exists():
        call_command("seed_demo", verbosity=0)
    missing = ENTERPRISES - Organisation.objects.filter(kind="enterprise").count()
    if missing > 0:
        call_command("seed_demo", scale=missing, verbosity=0)
    _record, token = create_token(User.objects.get(username="bureau_officer"), "bench", "read", 1)
    headers = {"Authorization": f"Bearer {token}"}
    client = Client()
    # Pages across the whole list, sorted by name, 50 per page (the default page size).
    list_url = "/api/v1/organisations?kind=enterprise&limit=50&offset={offset}"
    urls = [list_url.format(offset=(i * 50) % ENTERPRISES) for i in range(REQUESTS)]
    p50, p95, rps = _measure(client, urls, headers)
    ref_p50, ref_p95, ref_rps = _measure(client, ["/healthz"] * REQUESTS, {})
    emit(
        {
            "bench": "directory_api",
            "database": vendor,
            "enterprises": Organisation.objects.filter(kind="enterprise").count(),
            "requests": REQUESTS,
            "p50_ms": round(p50, 2),
            "p95_ms": round(p95, 2),
            "requests_per_s": round(rps, 1),
            "reference": "GET /healthz (trivial Django endpoint, SELECT 1) in the same run",
            "reference_p50_ms": round(ref_p50, 2),
            "reference_p95_ms": round(ref_p95, 2),
            "reference_requests_per_s": round(ref_rps, 1),
            "ratio": round(rps / ref_rps, 3),
        }
    )


if __name__ == "__main__":
    main()
