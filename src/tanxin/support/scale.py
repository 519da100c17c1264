"""Generated support applications for ``seed_demo --scale N``: one round of the bureau's district in expert
review (window closed), and an application from a reproducible share of the generated enterprises, in
every state such a round holds — drafts never filed, submitted, withdrawn, returned for completion,
ineligible, formally complete, under expert review and scored.

The round copies the frozen criteria of the district's newest opened scheme when there is one (so its
pages and dashboard read a real criteria tree); a district without one gets a round with no criteria.
Rows are written in bulk, like every generated set: no status log, sheets or evidence files.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from tanxin.orgs.models import Organisation
from tanxin.support.models import Application, Scheme

SH = ZoneInfo("Asia/Shanghai")
SHARE = 10  # one generated enterprise in ten applies
CODE = "GLC-SCALE"
# The states of a round in expert review, weighted roughly as a real round spreads its applicants.
STATES = (["draft"] * 2 + ["submitted"] * 2 + ["withdrawn"] + ["returned"] + ["ineligible"] + ["complete"] * 2
          + ["under_review"] * 4 + ["scored"] * 3)  # fmt: skip
FILED = set(STATES) - {"draft"}
SCORED = {"scored"}


def _window(year: int) -> tuple[datetime, datetime]:
    """The round of the year after the data year, its window closed in June."""
    return datetime(year + 1, 5, 6, 9, tzinfo=SH), datetime(year + 1, 6, 28, 18, tzinfo=SH)


def round_of(ctx) -> Scheme:
    """The district's generated round: made once, then reused by every later ``--scale`` build."""
    scheme = Scheme.objects.filter(jurisdiction=ctx.jurisdiction, code=CODE, version=1).first()
    if scheme is not None:
        return scheme
    model = (Scheme.objects.filter(jurisdiction=ctx.jurisdiction, frozen_criteria__isnull=False)
             .order_by("-year", "-version").first())  # fmt: skip
    opens, closes = _window(ctx.year)
    return Scheme.objects.create(
        jurisdiction=ctx.jurisdiction, code=CODE, year=ctx.year + 1,
        title_zh=f"{ctx.year + 1}年度绿色低碳专项扶持（规模测试）",
        title_en=f"Green and low-carbon support {ctx.year + 1} (scale test)", budget_fen=50_000_000_000,
        window_opens=opens, window_closes=closes, facts_year=ctx.year, status="reviewing",
        frozen_criteria=model.frozen_criteria if model else None,
        criteria_fingerprint=model.criteria_fingerprint if model else "",
        auto_scoring=model.auto_scoring if model else {}, created_by=ctx.admin,
    )  # fmt: skip


def generate(ctx) -> None:
    scheme = round_of(ctx)
    opens, closes = scheme.window_opens, scheme.window_closes
    span = int((closes - opens).total_seconds())
    for chunk in ctx.chunks(ctx.enterprise_ids, 2000):
        applicants = [pk for pk in chunk if ctx.rng.randrange(SHARE) == 0]
        orgs = Organisation.objects.filter(pk__in=applicants).values_list("pk", "enterprise_type", "industry__code")
        rows = []
        for pk, enterprise_type, industry in orgs:
            state = STATES[ctx.rng.randrange(len(STATES))]
            automatic = Decimal(ctx.rng.randrange(0, 4000)) / 100
            declared = Decimal(ctx.rng.randrange(0, 2000)) / 100
            expert = Decimal(ctx.rng.randrange(1000, 3000)) / 100 if state in SCORED else None
            rows.append(Application(
                scheme=scheme, enterprise_id=pk, status=state, enterprise_type=enterprise_type or "",
                industry_code=industry or "", requested_fen=ctx.rng.randrange(10, 500) * 100_000,
                project_summary="规模测试申报：节能改造与光伏项目。", created_by=ctx.admin,
                submitted_at=opens + timedelta(seconds=ctx.rng.randrange(span)) if state in FILED else None,
                check_reason="材料不全，请补充。" if state in ("returned", "ineligible") else "",
                automatic=automatic, self_declared=declared, expert=expert,
                total=automatic + declared + (expert or 0) if state in SCORED else Decimal(0),
            ))  # fmt: skip
        Application.objects.bulk_create(rows, batch_size=2000)
