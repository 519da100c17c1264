"""Public disclosure portal and bureau overview with 5,000 published reports: p50/p95 of the public list
page, the public JSON API and the bureau overview, seconds for the full open-data CSV, next to /healthz.

Everything is served in-process through the full Django stack by the test client, one request at a time.
"""

from __future__ import annotations

import time

from _setup import django_for_bench, emit, measure_latency

REPORTS = 5_000
REQUESTS = 60
WARMUP = 5


def _measure(client, urls: list[str]) -> tuple[float, float]:
    result = measure_latency(client, urls, warmup=WARMUP)
    return result["p50_ms"], result["p95_ms"]


def _publish_reports(year: int) -> None:
    """One published annual report per enterprise, written in bulk (the workflow is tested elsewhere)."""
    from datetime import date

    from django.utils import timezone

    from tanxin.disclosure.models import Report, ReportVersion
    from tanxin.orgs.models import Organisation

    have = set(Report.objects.filter(year=year).values_list("enterprise_id", flat=True))
    todo = list(Organisation.objects.filter(kind="enterprise").exclude(pk__in=have).values_list("pk", flat=True))
    todo = todo[: max(0, REPORTS - len(have))]
    now = timezone.now()
    reports = Report.objects.bulk_create(
        [Report(enterprise_id=pk, year=year, period_start=date(year, 1, 1), period_end=date(year, 12, 31))
         for pk in todo],
        batch_size=1000,
    )
    versions = []
    for i, report in enumerate(reports):
        total = 500_000 + (i * 7919) % 20_000_000
        inputs = {"total_kg": {"china_regulatory": total},
                  "intensities": {"value_added": {"value": "0.35", "unit": "tCO2e/10^4 CNY"}}}
        versions.append(ReportVersion(report=report, state="published", inputs=inputs, total_kg=total,
                                      verified_kg=total, previous_year_kg=total + 1000, quality_score=95,
                                      submitted_at=now, verified_at=now, published_at=now))  # fmt: skip
    ReportVersion.objects.bulk_create(versions, batch_size=1000)


def main() -> None:
    vendor = django_for_bench()
    from django.core.management import call_command
    from django.test import Client
    from django.utils import timezone

    from tanxin.orgs.models import Organisation, User

    if not Organisation.objects.exists():
        call_command("seed_demo", verbosity=0)
    missing = REPORTS - Organisation.objects.filter(kind="enterprise").count()
    if missing > 0:
        call_command("seed_demo", scale=missing, verbosity=0)
    year = timezone.localdate().year - 1
    _publish_reports(year)
    from tanxin.disclosure import queries

    published = queries.public_disclosures(queries.PublicFilter(year=year)).count()

    public = Client()
    pages = [f"/disclosure/public/?year={year}&page={1 + i % 50}" for i in range(REQUESTS)]
    list_p50, list_p95 = _measure(public, pages)
    api_p50, api_p95 = _measure(public, [f"/api/v1/disclosure/public/disclosures?year={year}&limit=100&offset={i * 100}"
                                         for i in range(REQUESTS)])  # fmt: skip
    t0 = time.perf_counter()
    response = public.get(f"/disclosure/public/open-data.csv?year={year}")
    rows = sum(1 for _ in b"".join(response.streaming_content).splitlines()) - 1
    csv_seconds = time.perf_counter() - t0
    staff = Client()
    staff.force_login(User.objects.get(username="bureau_officer"))
    overview_p50, overview_p95 = _measure(staff, [f"/disclosure/bureau/?year={year}"] * 10)
    ref_p50, ref_p95 = _measure(public, ["/healthz"] * REQUESTS)
    emit({
        "bench": "disclosure_portal", "database": vendor, "published_reports": published,
        "public_list_p50_ms": round(list_p50, 1), "public_list_p95_ms": round(list_p95, 1),
        "public_api_p50_ms": round(api_p50, 1), "public_api_p95_ms": round(api_p95, 1),
        "open_data_csv_rows": rows, "open_data_csv_seconds": round(csv_seconds, 2),
        "bureau_overview_p50_ms": round(overview_p50, 1), "bureau_overview_p95_ms": round(overview_p95, 1),
        "reference": "healthz", "healthz_p50_ms": round(ref_p50, 2), "healthz_p95_ms": round(ref_p95, 2),
    })  # fmt: skip


if __name__ == "__main__":
    main()
