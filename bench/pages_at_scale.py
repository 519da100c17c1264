"""The bureau's pages and the main API lists with a province-sized district (``seed_demo --scale N``,
20,000 enterprises by default): p50 and p95 of each, next to /healthz measured in the same run.

Everything is served in-process through the full Django stack by the test client, one request at a time,
as the bureau officer (API lists with the same session); the role homes as an enterprise's admin and a bank's
officer of the demo seed. Target: p95 < 100 ms for every page.

BENCH_SCALE sets N (e.g. 2000 for a quick run). The data take minutes to build at full size, so
BENCH_SCALE_DB may name a SQLite file (or DATABASE_URL a database) kept between runs: it is reused when
it already holds N generated enterprises, and the record says when the data were built (``data_age_h``).
Prints one JSON line.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

from _setup import emit, measure_latency

SCALE = int(os.environ.get("BENCH_SCALE", "20000"))
REQUESTS = int(os.environ.get("BENCH_REQUESTS", "20"))
TARGET_P95_MS = 100


def _database() -> None:
    path = os.environ.get("BENCH_SCALE_DB")
    if path and "DATABASE_URL" not in os.environ:
        os.environ["DATABASE_URL"] = f"sqlite:///{Path(path).absolute()}"


def _build() -> tuple[float, bool]:
    """Seed the demo district and N generated enterprises unless they are there; (seconds, reused)."""
    from django.core.management import call_command

    from tanxin.orgs.models import Organisation, User

    generated = Organisation.objects.filter(kind="enterprise").count() - 60
    if generated >= SCALE:
        return 0.0, True
    start = time.perf_counter()
    if not User.objects.filter(username="bureau_officer").exists():  # the demo district is seeded once
        call_command("seed_demo", verbosity=0)
    call_command("seed_demo", scale=SCALE - max(0, generated), verbosity=0)
    return time.perf_counter() - start, False


def _pages(year: int) -> dict[str, list[str]]:
    from tanxin.orgs.models import Organisation

    enterprises = Organisation.objects.filter(kind="enterprise").count()
    last = (enterprises + 24) // 25
    scheme = _first_scheme()
    district = _district()
    pages = {
        "home": ["/"],
        "directory": [f"/directory/?page={1 + i * 37 % max(1, last)}" for i in range(REQUESTS)],
        "directory_last_page": [f"/directory/?page={last}"],
        "directory_search": [f"/directory/?q={q}" for q in ("演示企业0", "电子", "91440305", "能源", "科技")],
        "accounting": ["/accounting/"],
        "disclosure_overview": [f"/disclosure/bureau/?year={year}&page={1 + i}" for i in range(REQUESTS)],
        "disclosure_list": [f"/disclosure/?page={1 + i}" for i in range(REQUESTS)],
        "public_portal": [f"/disclosure/public/?year={year}&page={1 + i}" for i in range(REQUESTS)],
        "compliance_board": [f"/registry/compliance/?year={year}&page={1 + i}" for i in range(REQUESTS)],
        "holds": ["/registry/holds/"],
        "allocation_forms": ["/registry/allocation/"],
        "meeting_form": ["/matchmaking/meetings/new/"],
        "prices": ["/market/"],
        "support_list": ["/support/"] + ([f"/support/schemes/{scheme}/applications/"] if scheme else []),
        "support_dashboard": ["/support/dashboard/"],
        "api_organisations": [f"/api/v1/organisations?limit=50&offset={i * 500}" for i in range(REQUESTS)],
        "api_disclosure_reports": [f"/api/v1/disclosure/reports?limit=50&offset={i * 50}" for i in range(REQUESTS)],
        "api_compliance": [f"/api/v1/registry/compliance?year={year}&limit=100&offset={i * 100}" for i in
                           range(REQUESTS)],
        "api_prices": ["/api/v1/market/prices?instrument=SZA"],
        "cockpit": [f"/cockpit/{district}/{year}/", f"/cockpit/{district}/{year + 1}/"],
        "api_cockpit": [f"/api/v1/cockpit/{district}/{year}"],
        "inbox": ["/directory/inbox/"],
        "search": [f"/search/?q={q}" for q in ("演示企业0", "电子", "能源", "PL-", "科技")],
        "api_search": [f"/api/v1/search?q={q}" for q in ("演示企业1", "能源")],
        "screening": [f"/lending/screening/?page={1 + i}" for i in range(REQUESTS)],
        "loans": ["/lending/"],
        "loan_portfolio": ["/lending/portfolio/"],
        "deals": ["/securitisation/"],
        "financing_requests": [f"/matchmaking/?page={1 + i}" for i in range(REQUESTS)],
        "station": [f"/matchmaking/station/?year={year}"],
        "api_screening": [f"/api/v1/lending/screening/enterprises?limit=50&offset={i * 50}" for i in range(REQUESTS)],
        "api_loans": ["/api/v1/lending/loans?limit=50"],
        "api_deals": ["/api/v1/securitisation/deals?limit=50"],
        "api_financing_requests": [f"/api/v1/matchmaking/requests?limit=50&offset={i * 50}" for i in range(REQUESTS)],
    }
    return {name: (urls * (REQUESTS // len(urls) + 1))[:REQUESTS] for name, urls in pages.items() if urls}


def _district() -> str:
    """The division code of the officer's district: the cockpit they open."""
    from tanxin.orgs.models import User

    officer = User.objects.get(username="bureau_officer")
    return officer.memberships.select_related("organisation__jurisdiction").first().organisation.jurisdiction.code


def _cockpit_cold(year: int) -> dict[str, float]:
    """The cockpit computed afresh (what the annual report does, and the page once every few minutes): the page
    figures above reuse a computation for ``TANXIN_COCKPIT_CACHE_SECONDS``, so this is the number to watch."""
    import statistics

    from tanxin.cockpit import board
    from tanxin.orgs.models import Jurisdiction

    jurisdiction = Jurisdiction.objects.get(code=_district())
    samples = []
    for _ in range(3):
        started = time.perf_counter()
        board.build(jurisdiction, year)
        samples.append((time.perf_counter() - started) * 1000)
    return {"median_ms": round(statistics.median(samples), 1), "max_ms": round(max(samples), 1)}


def _overview_cold(year: int) -> dict[str, float]:
    """The disclosure overview's first page computed afresh (counts and queues not kept): what the page costs
    right after any change to the district's reports or enterprises; the page figures above keep them."""
    import statistics

    from django.test import override_settings

    from tanxin.disclosure import queries
    from tanxin.orgs.models import User

    officer = User.objects.get(username="bureau_officer")
    samples = []
    with override_settings(TANXIN_DISCLOSURE_REUSE_SECONDS=0):
        for _ in range(3):
            started = time.perf_counter()
            queries.overview(officer, year, page=1)
            samples.append((time.perf_counter() - started) * 1000)
    return {"median_ms": round(statistics.median(samples), 1), "max_ms": round(max(samples), 1)}


# Role homes: each asked as the person whose home it is.
HOMES = {"home_enterprise": "enterprise_a", "home_bank": "bank1"}
# Pages of a bank's officer (the screening list of the enterprises that consented to it, its requests).
BANK_PAGES = {"screening_bank": "/lending/screening/", "financing_requests_bank": "/matchmaking/",
              "loan_application_bank": "/lending/loans/new/"}


def _first_scheme() -> int | None:
    """The scheme with the most applications (the generated round of the scale set): its queue is the long one."""
    from django.db.models import Count

    from tanxin.support.models import Scheme

    busiest = Scheme.objects.annotate(n=Count("applications")).order_by("-n", "pk")
    return busiest.values_list("pk", flat=True).first()


def main() -> None:
    _database()
    from _setup import django_for_bench

    vendor = django_for_bench()
    from django.db.models import Max
    from django.test import Client
    from django.utils import timezone

    from tanxin.orgs.models import Organisation, User

    build_seconds, reused = _build()
    built_at = Organisation.objects.aggregate(m=Max("created_at"))["m"]
    year = timezone.localdate().year - 1
    client = Client()
    client.force_login(User.objects.get(username="bureau_officer"))
    figures, slow = {}, []
    for name, urls in _pages(year).items():
        result = measure_latency(client, urls, warmup=2)
        ref = measure_latency(client, ["/healthz"] * REQUESTS, warmup=2)
        figures[name] = {"p50_ms": round(result["p50_ms"], 1), "p95_ms": round(result["p95_ms"], 1),
                         "healthz_p50_ms": round(ref["p50_ms"], 2)}  # fmt: skip
        if result["p95_ms"] >= TARGET_P95_MS:
            slow.append(name)
    persons = [(name, username, "/") for name, username in HOMES.items()]
    for name, username, url in persons + [(name, "bank1", url) for name, url in BANK_PAGES.items()]:
        home = Client()
        home.force_login(User.objects.get(username=username))
        result = measure_latency(home, [url] * REQUESTS, warmup=2)
        ref = measure_latency(home, ["/healthz"] * REQUESTS, warmup=2)
        figures[name] = {"p50_ms": round(result["p50_ms"], 1), "p95_ms": round(result["p95_ms"], 1),
                         "healthz_p50_ms": round(ref["p50_ms"], 2)}  # fmt: skip
        if result["p95_ms"] >= TARGET_P95_MS:
            slow.append(name)
    cold = _cockpit_cold(year)
    overview_cold = _overview_cold(year)
    emit({
        "bench": "pages_at_scale", "database": vendor,
        "enterprises": Organisation.objects.filter(kind="enterprise").count(),
        "data_reused": reused, "data_build_seconds": round(build_seconds, 1),
        "data_age_h": round((timezone.now() - built_at).total_seconds() / 3600, 2) if built_at else None,
        "pages": figures, "over_target": slow, "cockpit_cold_ms": cold, "disclosure_overview_cold_ms": overview_cold,
        "reference": "healthz in the same run, next to each page", "target": f"p95 < {TARGET_P95_MS} ms every page",
        "load_average_1m": round(os.getloadavg()[0], 2),
    })  # fmt: skip


if __name__ == "__main__":
    main()
