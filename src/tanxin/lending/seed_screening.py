"""Demo screening: the bureau adopts the proposed scorecard, records credit status and financial figures for
its key emission-control units (so the list holds every band and a few knock-outs), visits two of them with
a bank, logs its outreach, and a bank's consent request waits for an enterprise's answer.

The carbon position is never seeded here: it comes from the registry's demo cycle. Credit and financial
profiles are handed out after ranking the units by that carbon position, so the bands spread A to D.
"""

from __future__ import annotations

from datetime import date

from tanxin.common.errors import DomainError
from tanxin.lending import queries_screening as q
from tanxin.lending.services import screening as services
from tanxin.lending.services import screening_contacts as contacts
from tanxin.registry import services as registry

# (environmental colour, tax grade, overdue loans, debt ratio %, net margin %, visit rating)
PROFILES = {
    "A": ("green", "A", 0, 40, 12, "good"),
    "B": ("blue", "B", 0, 60, 6, "fair"),
    "C": ("yellow", "M", 1, 70, 2, "fair"),
    "D": ("yellow", "C", 2, 85, -3, "poor"),
}
VISIT_FINDINGS = {
    "good": "能源管理体系运行良好，计量与台账完整，节能改造项目按计划推进。",
    "fair": "台账基本完整，部分设备能效偏低，已提出整改建议。",
    "poor": "计量器具缺失，月度存证多次延迟，需限期整改。",
}
AS_OF = date(2025, 10, 20)
PERIOD_END = date(2024, 12, 31)


def seed(ctx) -> None:
    admin = ctx.users["bureau_admin"]
    version = services.create_version(admin, ctx.bureau.jurisdiction_id, services.default_config(),
                                      note="2025年度筛查评分卡（建议值，待确认）")  # fmt: skip
    services.activate_version(admin, version.pk)
    keys = [e for e in ctx.enterprises if e.key_emitter and e.jurisdiction_id == ctx.bureau.jurisdiction_id]
    if not keys:
        return
    first = keys[0]  # the demo key emission-control unit (enterprise_a's organisation)
    _late_surrenders(ctx, keys)
    plan = _plan(keys, first)
    for enterprise, profile in plan.items():
        _record(admin, enterprise, profile, ctx.rng)
        if profile in PROFILES and enterprise.pk != first.pk:  # the spring round of visits to key units
            visit = contacts.schedule_visit(admin, enterprise.pk, date(2025, 5, 12), "重点排放单位年度走访")
            contacts.report_visit(ctx.users["bureau_officer"], visit.pk, date(2025, 5, 12),
                                  VISIT_FINDINGS[PROFILES[profile][5]], PROFILES[profile][5])  # fmt: skip
    _contacts(ctx, keys, first)


def _late_surrenders(ctx, keys: list) -> None:
    """Units whose latest shortfall their free demo allowances can cover make it up late (status: late), through
    the registry like any surrender; the others stay knocked out by their unresolved shortfall."""
    root = ctx.users["platform_admin"]
    for card in q.cards(keys):
        line = card.carbon.latest
        if line is None or line.status != "non_compliant" or not line.shortfall_t:
            continue
        account = registry.holding_account(card.enterprise)
        try:  # the demo cycle allocated only the 2024 vintage; a unit without enough of it stays short
            registry.surrender(root, account.pk, f"{card.carbon.instrument}-2024", line.shortfall_t, line.year)
        except DomainError:
            continue


def _plan(keys: list, first) -> dict:
    """Profiles by carbon strength: the strongest carbon positions get the best credit, so every band shows."""
    carbon_only = q.cards(keys)
    scored = [c for c in carbon_only if not c.result.knocked_out and c.enterprise.pk != first.pk]
    scored.sort(key=lambda c: (-c.result.pillars[0].score, c.enterprise.pk))
    plan = {first: "A"}
    for i, card in enumerate(scored):
        plan[card.enterprise] = "ABCD"[min(3, (i + 1) * 4 // (len(scored) + 1))]
    # units the registry already knocks out also show the two credit knock-outs, one each
    out = [c for c in carbon_only if c.result.knocked_out]
    for card, reason in zip(out, ("dishonest", "red"), strict=False):
        plan[card.enterprise] = reason
    for card in out:
        plan.setdefault(card.enterprise, "D")
    return plan


def _record(admin, enterprise, profile: str, rng) -> None:
    colour, grade, overdue, debt, margin, _rating = PROFILES.get(profile, PROFILES["C"])
    if profile == "red":
        colour = "red"
    listed = "listed" if profile == "dishonest" else "not_listed"
    for kind, value in (("dishonest_debtor", listed), ("env_credit", colour), ("tax_credit", grade),
                        ("overdue_loans", str(overdue))):  # fmt: skip
        services.record_credit(admin, enterprise.pk, kind, value, AS_OF,
                               note="信用中国、生态环境信用评价及征信查询结果")  # fmt: skip
    assets = rng.randrange(200, 2_000) * 1_000_000_00  # 2–20 亿元, in fen
    revenue = assets * rng.randrange(50, 120) // 100
    services.record_financials(admin, enterprise.pk, PERIOD_END, revenue, revenue * margin // 100, assets,
                               assets * debt // 100)  # fmt: skip


def _contacts(ctx, keys: list, first) -> None:
    admin, officer = ctx.users["bureau_admin"], ctx.users["bureau_officer"]
    bank1 = ctx.banks[0]
    visit = contacts.schedule_visit(admin, first.pk, date(2025, 9, 16), "碳资产摸底与质押融资需求调研",
                                    bank_id=bank1.pk)
    contacts.report_visit(officer, visit.pk, date(2025, 9, 16),
                          "能源计量器具配备齐全，月度存证按时完成；配额盈余稳定，有意以配额质押融资3000万元用于余热回收改造。",
                          "good")  # fmt: skip
    second = keys[1] if len(keys) > 1 else first
    contacts.schedule_visit(admin, second.pk, date(2026, 1, 20), "履约情况回访")
    contacts.log_outreach(admin, first.pk, "policy", "南山区绿色低碳专项扶持（融资成本补贴50%）", "visit",
                          date(2025, 9, 16), contact_person="财务总监", visit_id=visit.pk)  # fmt: skip
    contacts.log_outreach(ctx.users["bank1"], first.pk, "product", "碳排放权质押贷款", "meeting", date(2025, 9, 16),
                          contact_person="财务总监", note="介绍质押率与保证金线方案")  # fmt: skip
    contacts.log_outreach(officer, second.pk, "policy", "碳排放信息依法披露要求", "document", date(2025, 3, 3))
    target = keys[2] if len(keys) > 2 else second
    bank2_user = ctx.users.get("bank2", ctx.users["bank1"])
    contacts.request_consent(bank2_user, target.uscc, "碳排放权质押贷款授信调查",
                             "我行拟为贵司提供碳排放权质押融资方案，请授权查询碳资产与信用信息。")  # fmt: skip
