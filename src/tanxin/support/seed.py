"""Demo data of the support fund, built through the services (so every row has its history and log).

* 2023: the first round reproduced (RULES.md §7) — 30 applicants, 21 supported, none above 500,000 CNY,
  result final and paid in November 2023.
* 2024: a round in expert review with applications in every state such a round can hold (draft,
  submitted, withdrawn, returned, ineligible, complete, under review with part of the sheets in).

Every round scores the previous year (the default) and only facts that existed when its window closed: a
disclosure published, a verification done or a compliance deadline passed after that moment is "not
available" in the application's snapshot (``_known_at``), whatever the owner answers today. The 2023 round
(window June–July 2023) therefore scores 2022 facts; the platform holds none, so it uses deterministic demo
facts, marked ``demo:seed``.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from tanxin.disclosure import facts as disclosure_facts
from tanxin.orgs.seed import SeedContext
from tanxin.registry import facts as registry_facts
from tanxin.support import inputs as facts
from tanxin.support.catalogue import STANDARD_AUTO_SCORING, STANDARD_CRITERIA, STANDARD_ELIGIBILITY
from tanxin.support.domain import EnterpriseType, ScoringMethod
from tanxin.support.models import Application, Scheme
from tanxin.support.services import applications, results, review, schemes

SH = ZoneInfo("Asia/Shanghai")
PDF = b"%PDF-1.4\n% Tanxin demo evidence\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
BANDS_2023 = [  # M: illustrative bands; the 2023 round's amounts per enterprise are not published
    {"min_score": "50", "amount_fen": 50_000_000, "label": "一档"},
    {"min_score": "42", "amount_fen": 40_000_000, "label": "二档"},
    {"min_score": "35", "amount_fen": 30_000_000, "label": "三档"},
    {"min_score": "0", "amount_fen": 20_000_000, "label": "四档"},
]


def at(y: int, m: int, d: int, h: int = 10) -> datetime:
    return datetime(y, m, d, h, 0, tzinfo=SH)


def _scheme(admin, code: str, year: int, title_zh: str, title_en: str, budget_fen: int, opens, closes, **kw):
    scheme = schemes.create_scheme(
        admin,
        {
            "code": code,
            "year": year,
            "title_zh": title_zh,
            "title_en": title_en,
            "budget_fen": budget_fen,
            "window_opens": opens,
            "window_closes": closes,
            "auto_scoring": STANDARD_AUTO_SCORING,
            **kw,
        },
    )
    for item in STANDARD_CRITERIA:
        schemes.save_criterion(admin, scheme.pk, dict(item))
    for rule in STANDARD_ELIGIBILITY:
        schemes.save_rule(admin, scheme.pk, dict(rule))
    return scheme


def _acting_user(ctx: SeedContext, enterprise):
    """The enterprise's demo login when it has one, else the platform admin entering a paper application."""
    for key in ("enterprise_a", "enterprise_b"):
        user = ctx.users.get(key)
        if user is not None and user.memberships.filter(organisation=enterprise).exists():
            return user
    return ctx.users["platform_admin"]


def _demo_facts(app: Application, rng, disclosed: bool) -> None:
    """Fill facts the owners could not give with deterministic demo values, marked as such."""
    app.refresh_from_db()
    values, sources = dict(app.facts["values"]), dict(app.facts["sources"])
    demo = {
        "disclosure_published": disclosed,
        "disclosure_verified": disclosed and rng.random() < 0.8,
        "intensity_last_year": "0.850",
        "intensity_this_year": str(
            (Decimal("0.850") * Decimal(str(round(0.84 + rng.random() * 0.2, 3)))).quantize(Decimal("0.001"))
        ),
        "compliance_on_time": (rng.random() < 0.85) if app.enterprise.ets != "none" else None,
        "surplus_t": rng.choice([0, 600, 2_400, 12_000, 35_000]) if app.enterprise.ets != "none" else None,
    }
    for key, value in demo.items():
        if sources.get(key) == "not_available":
            values[key], sources[key] = value, "demo:seed (owner module not connected)"
    app.facts = {**app.facts, "values": values, "sources": sources}
    app.save(update_fields=["facts"])


def _known_at(app: Application, closes: datetime) -> None:
    """Keep only the facts that existed when the window closed; the rest become "not available"."""
    app.refresh_from_db()
    if not app.facts or "values" not in app.facts:
        return
    year = app.facts["year"]
    values, sources = dict(app.facts["values"]), dict(app.facts["sources"])
    late: set[str] = set()
    for y, keys in ((year, ("disclosure_published", "disclosure_verified", "intensity_this_year")),
                    (year - 1, ("intensity_last_year",))):  # fmt: skip
        if not any(sources.get(k, "").startswith(facts.DISCLOSURE_SOURCE) for k in keys):
            continue
        d = disclosure_facts.disclosure(app.enterprise_id, y)
        if d.published and (d.published_at is None or d.published_at > closes):
            late.update(k for k in keys if k != "disclosure_verified")
        if d.verified and (d.verified_at is None or d.verified_at > closes):
            late.update(keys)
    if sources.get("compliance_on_time", "").startswith(facts.REGISTRY_SOURCE):
        position = registry_facts.position(app.enterprise_id, year)
        if position is None or position.deadline is None or position.deadline > closes.date():
            late.update(("compliance_on_time", "surplus_t"))
    for key in late:
        values[key], sources[key] = None, facts.NOT_AVAILABLE
    if late:
        app.facts = {**app.facts, "values": values, "sources": sources}
        app.save(update_fields=["facts"])


def _fill(user, app: Application, rng, when: datetime) -> None:
    items = applications._item
    tree = app.scheme.frozen_criteria
    for data in tree["items"]:
        if data["method"] != ScoringMethod.SELF_DECLARED.value:
            continue
        try:
            item = items(app, data["code"])
        except Exception:
            continue
        if rng.random() < 0.25:
            continue
        points = (item.max_points * Decimal(rng.choice([4, 6, 8, 10])) / 10).quantize(Decimal("1"))
        applications.save_declaration(user, app.pk, item.code, points, "见附件证明材料")
        applications.add_evidence(user, app.pk, item.code, f"{item.code}-证明材料.pdf", PDF + item.code.encode())


def _sheet_scores(app: Application, rng, skill: float) -> dict[str, Decimal]:
    tree = app.scheme.frozen_criteria
    etype = EnterpriseType(app.enterprise_type)
    out = {}
    for data in tree["items"]:
        if data["method"] != "expert" or (data["enterprise_types"] and etype.value not in data["enterprise_types"]):
            continue
        high = Decimal(data["max_points"])
        share = min(1.0, max(0.0, skill + rng.uniform(-0.15, 0.15)))
        out[data["code"]] = (high * Decimal(str(round(share, 2)))).quantize(Decimal("0.5"))
    return out


def seed_2023(ctx: SeedContext) -> Scheme:
    admin, officer, root = ctx.users["bureau_admin"], ctx.users["bureau_officer"], ctx.users["platform_admin"]
    experts = [ctx.users[f"expert{i}"] for i in range(1, 6)]
    rng = ctx.rng
    scheme = _scheme(
        admin,
        "GLC-2023",
        2023,
        "2023年度南山区绿色低碳专项扶持",
        "Nanshan green and low-carbon special support 2023",
        800_000_000,
        at(2023, 6, 1, 9),
        at(2023, 7, 31, 18),
        allocation_kind="banded",
        publicity_workdays=5,
        facts_year=2022,
        allocation_config={"min_score": "0", "max_awardees": 21, "bands": BANDS_2023},
    )
    schemes.open_scheme(admin, scheme.pk, at=at(2023, 5, 31))
    # Enterprises that disclosed (asked through the disclosure module's service) applied first.
    disclosed = [e for e in ctx.enterprises if facts.collect(e.pk, 2022)["values"]["disclosure_published"]]
    pool = (disclosed + [e for e in ctx.enterprises if e not in disclosed])[:30]
    apps = []
    for n, enterprise in enumerate(pool):
        user = _acting_user(ctx, enterprise)
        when = at(2023, 6, 5 + n % 20, 9 + n % 8)
        app = applications.start_application(
            user, scheme.pk, enterprise.pk, at=when, project_summary="开展低碳供应链管理、节能改造与废弃物回收利用。"
        )
        _fill(user, app, rng, when)
        applications.submit(user, app.pk, at=when)
        _known_at(app, scheme.window_closes)
        _demo_facts(app, rng, disclosed=n % 3 == 0)  # used only where the owners do not answer
        apps.append(app)
    for app in apps:
        applications.formal_check(officer, app.pk, "complete", at=at(2023, 8, 3))
    schemes.move(admin, scheme.pk, "closed", at=at(2023, 8, 1))
    schemes.move(officer, scheme.pk, "reviewing", at=at(2023, 8, 10))
    for app in apps:
        review.assign(officer, app.pk, [e.pk for e in experts], at=at(2023, 8, 10))
        for decl in app.declarations.all():
            cut = rng.random() < 0.2
            applications.verify(
                officer,
                decl.pk,
                decl.declared_points - (1 if cut and decl.declared_points else 0),
                "部分材料不足，按可核实部分计分" if cut else "",
                at=at(2023, 8, 15),
            )
        skill = rng.uniform(0.5, 0.95)
        for i, expert in enumerate(experts):
            review.declare_coi(expert, app.pk, conflicted=False, at=at(2023, 8, 20))
            review.submit_sheet(
                expert,
                app.pk,
                _sheet_scores(app, rng, skill),
                comment="材料完整，做法有示范性。",
                at=at(2023, 8, 21 + i),
            )
    results.build_result(admin, scheme.pk, at=at(2023, 9, 12))
    results.approve(admin, scheme.pk, at=at(2023, 9, 20))
    results.start_publicity(officer, scheme.pk, date(2023, 10, 9), at=at(2023, 10, 9))
    top = Application.objects.filter(scheme=scheme, award__amount_fen__gt=0).order_by("rank").first()
    objection = results.file_objection(
        ctx.users["enterprise_b"], scheme.pk, "请说明第一名的评分依据。", top.pk, today=date(2023, 10, 10)
    )
    results.answer(officer, objection.pk, "评分依据已在公示材料中列明，经复核无误。", at=at(2023, 10, 11))
    results.finalise(admin, scheme.pk, today=date(2023, 10, 16), at=at(2023, 10, 16))
    for n, app in enumerate(Application.objects.filter(scheme=scheme, status="awarded").select_related("award")):
        results.disburse(officer, app.pk, app.award.amount_fen, date(2023, 11, 20), f"NSZJ-2023-{n + 1:03d}")
    del root
    return scheme


def seed_2024(ctx: SeedContext) -> Scheme:
    admin, officer = ctx.users["bureau_admin"], ctx.users["bureau_officer"]
    experts = [ctx.users[f"expert{i}"] for i in range(1, 6)]
    rng = ctx.rng
    scheme = _scheme(
        admin,
        "GLC-2024",
        2024,
        "2024年度南山区绿色低碳专项扶持",
        "Nanshan green and low-carbon special support 2024",
        800_000_000,
        at(2024, 5, 6, 9),
        at(2024, 6, 28, 18),
        allocation_kind="proportional",
        allocation_config={"min_score": "40", "max_awardees": 25},
    )
    schemes.open_scheme(admin, scheme.pk, at=at(2024, 5, 6, 8))
    # enterprise_a and enterprise_b take part, so their demo logins show a live application.
    wanted = [e for e in ctx.enterprises if _acting_user(ctx, e) is not ctx.users["platform_admin"]]
    pool = wanted + [e for e in ctx.enterprises[30:] if e not in wanted][: 20 - len(wanted)]
    plan = (
        ["under_review"] * 7
        + ["complete"] * 3
        + ["submitted"] * 3
        + ["returned"] * 2
        + ["ineligible"]
        + ["withdrawn"] * 2
        + ["draft"] * 2
    )
    apps: dict[str, list[Application]] = {}
    for n, (enterprise, target) in enumerate(zip(pool, plan, strict=False)):
        user = _acting_user(ctx, enterprise)
        when = at(2024, 5, 10 + n % 15, 9 + n % 8)
        app = applications.start_application(user, scheme.pk, enterprise.pk, at=when)
        _fill(user, app, rng, when)
        if target != "draft":
            applications.submit(user, app.pk, at=when)
        _known_at(app, scheme.window_closes)
        if target == "withdrawn":
            applications.withdraw(user, app.pk, "今年项目尚未验收，明年再申报。", at=at(2024, 6, 1))
        apps.setdefault(target, []).append(app)
    for target, rows in apps.items():
        outcome = {
            "under_review": "complete",
            "complete": "complete",
            "returned": "returned",
            "ineligible": "ineligible",
        }.get(target)
        reason = {
            "returned": "节能量审核报告缺少盖章页，请补充后重新提交。",
            "ineligible": "近三年存在环境违法记录，不符合申报条件。",
        }.get(target, "")
        for app in rows if outcome else []:
            applications.formal_check(officer, app.pk, outcome, reason, at=at(2024, 6, 20))
    schemes.move(admin, scheme.pk, "closed", at=at(2024, 6, 28, 18))
    schemes.move(officer, scheme.pk, "reviewing", at=at(2024, 7, 5))
    for n, app in enumerate(apps.get("under_review", [])):
        review.assign(
            officer, app.pk, [e.pk for e in experts[:3]] if n % 2 else [e.pk for e in experts], at=at(2024, 7, 5)
        )
        skill = rng.uniform(0.4, 0.9)
        for i, expert in enumerate(experts[:3] if n % 2 else experts):
            if n == 0 and i == 4:
                review.declare_coi(
                    expert, app.pk, conflicted=True, note="曾为该企业提供碳核查咨询。", at=at(2024, 7, 8)
                )
                continue
            if (n + i) % 4 == 3:
                continue  # this expert has not declared or scored yet
            review.declare_coi(expert, app.pk, conflicted=False, at=at(2024, 7, 8))
            if (n + i) % 3 != 2:
                review.submit_sheet(expert, app.pk, _sheet_scores(app, rng, skill), at=at(2024, 7, 10 + i))
    return scheme


def seed(ctx: SeedContext) -> None:
    seed_2023(ctx)
    seed_2024(ctx)
