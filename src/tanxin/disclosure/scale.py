"""Generated disclosure reports for ``seed_demo --scale N``: one annual report per enterprise for the
data year, its newest version in every workflow state in turn (draft to published), with figures, a
previous-year figure (some jump, for the anomaly queue) and a quality score (some low)."""

from __future__ import annotations

from datetime import date, timedelta

from django.utils import timezone

from tanxin.disclosure.domain.workflow import State
from tanxin.disclosure.models import Report, ReportVersion

STATES = [State.DRAFT, State.SUBMITTED, State.RETURNED, State.ACCEPTED, State.IN_VERIFICATION, State.VERIFIED,
          State.PUBLISHED, State.PUBLISHED]  # fmt: skip
FILED = {State.SUBMITTED, State.ACCEPTED, State.IN_VERIFICATION, State.VERIFIED, State.PUBLISHED}
VERIFIED = {State.VERIFIED, State.PUBLISHED}


def generate(ctx) -> None:
    now = timezone.now()
    for chunk in ctx.chunks(ctx.enterprise_ids):
        reports = Report.objects.bulk_create(
            [Report(enterprise_id=pk, year=ctx.year, period_start=date(ctx.year, 1, 1),
                    period_end=date(ctx.year, 12, 31)) for pk in chunk], batch_size=2000)  # fmt: skip
        versions = []
        for report in reports:
            state = STATES[ctx.rng.randrange(len(STATES))]
            total = ctx.rng.randrange(200_000, 90_000_000)
            previous = int(total * ctx.rng.choice((0.9, 1.0, 1.05, 1.1, 0.4, 2.0)))
            quality = ctx.rng.choice((95, 90, 85, 70))
            filed = now - timedelta(days=ctx.rng.randrange(30, 300))
            inputs = {"total_kg": {"china_regulatory": total},
                      "intensities": {"value_added": {"value": "0.35", "unit": "tCO2e/10^4 CNY"}}}
            versions.append(ReportVersion(
                report=report, state=state, inputs=inputs, total_kg=total, ghg_location_kg=total,
                ghg_market_kg=total, previous_year_kg=previous, quality_score=quality,
                submitted_at=filed if state in FILED else None,
                verified_kg=total if state in VERIFIED else None, verified_at=filed if state in VERIFIED else None,
                published_at=filed if state == State.PUBLISHED else None,
            ))  # fmt: skip
        ReportVersion.objects.bulk_create(versions, batch_size=2000)
