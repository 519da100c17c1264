"""Directory list API with 10,000 enterprises: p50/p95 latency and requests/s, next to a trivial endpoint.

Both are served in-process through the full Django stack (middleware, auth, gate, serialisation) by the
test client, one request at a time, so the ratio isolates what the directory endpoint itself costs.
"""

from __future__ import annotations

from _setup import django_for_bench, emit, measure_latency

ENTERPRISES = 10_000
REQUESTS = 300
WARMUP = 20


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
    result = measure_latency(client, urls, headers, WARMUP)
    reference = measure_latency(client, ["/healthz"] * REQUESTS, warmup=WARMUP)
    p50, p95, rps = result["p50_ms"], result["p95_ms"], result["requests_per_s"]
    ref_p50, ref_p95, ref_rps = reference["p50_ms"], reference["p95_ms"], reference["requests_per_s"]
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
