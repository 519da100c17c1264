"""Demo disclosures: reports in every workflow state for the latest round, ten published ("10 companies
took the initiative"), two earlier years of published reports for them (so the trend chart has a shape),
verified (unpublished) earlier years for the other units in a trading scheme, a restatement, returned
reports with comments, anomalies, and a temporary disclosure.

Runs after the accounting seed and pins whatever ``report_inputs`` gives. Where accounting has no data
for an enterprise-year (e.g. accounting not seeded), it pins clearly labelled synthetic figures so the
demo portal is never empty. Rows are written directly (each path checked against the domain's
transition table) because most demo enterprises have no demo login to act through the services.
"""

from __future__ import annotations

import hashlib
import random
from datetime import datetime, time, timedelta
from typing import Any

from django.core.files.base import ContentFile
from django.utils import timezone

from tanxin.disclosure import facts, services
from tanxin.disclosure import inputs as acc
from tanxin.disclosure.domain import workflow
from tanxin.disclosure.domain.workflow import Action, Role, State
from tanxin.disclosure.models import (
    Finding,
    Report,
    ReportVersion,
    ReviewComment,
    Statement,
    VerifierAssignment,
    WorkflowEvent,
)

# A minimal, valid one-page PDF standing in for a signed verification statement.
DEMO_STATEMENT = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)
PATHS: dict[str, list[tuple[Action, Role]]] = {
    State.DRAFT: [],
    State.SUBMITTED: [(Action.SUBMIT, Role.ENTERPRISE)],
    State.RETURNED: [(Action.SUBMIT, Role.ENTERPRISE), (Action.RETURN, Role.BUREAU)],
    State.ACCEPTED: [(Action.SUBMIT, Role.ENTERPRISE), (Action.ACCEPT, Role.BUREAU)],
    State.IN_VERIFICATION: [(Action.SUBMIT, Role.ENTERPRISE), (Action.ACCEPT, Role.BUREAU),
                            (Action.START_VERIFICATION, Role.BUREAU)],
    State.VERIFIED: [(Action.SUBMIT, Role.ENTERPRISE), (Action.ACCEPT, Role.BUREAU),
                     (Action.START_VERIFICATION, Role.BUREAU), (Action.VERIFY, Role.VERIFIER)],
    State.PUBLISHED: [(Action.SUBMIT, Role.ENTERPRISE), (Action.ACCEPT, Role.BUREAU),
                      (Action.START_VERIFICATION, Role.BUREAU), (Action.VERIFY, Role.VERIFIER),
                      (Action.PUBLISH, Role.BUREAU)],
}  # fmt: skip
TARGETS = [
    "2030年前实现碳达峰，单位增加值碳排放较2020年下降18%。",
    "三年内光伏自发自用比例提高到15%，单位产值能耗下降10%。",
    "2027年前完成全部燃油叉车电动化，外购绿电占比不低于30%。",
]
ACTIONS = [
    "更换高效冷水机组；空压机变频改造；屋顶分布式光伏一期已并网。",
    "锅炉低氮改造并提高燃烧效率；建立能源管理体系（GB/T 23331）。",
    "推行供应链低碳管理，要求主要供应商披露碳排放；开展员工绿色出行。",
]
RETURN_REASONS = ["外购电力缺少12月发票，请补充证据后重新提交。", "组织边界说明不完整，请列明租赁厂房是否纳入。"]


def synthetic_inputs(rng: random.Random, enterprise_id: int, year: int, base_t: int) -> dict[str, Any]:
    """Labelled stand-in figures, used only when accounting has no data for this enterprise-year."""
    total = base_t * 1000 + rng.randint(0, 999)
    electricity = total * rng.randint(35, 70) // 100
    fuel = total - electricity
    return {
        "enterprise_id": enterprise_id, "year": year, "snapshot_digest": "synthetic-demo",
        "provenance": "synthetic demo figures (accounting had no activity data)",
        "views": {}, "total_kg": {"china_regulatory": total, "ghg_protocol_location": total + total // 50,
                                  "ghg_protocol_market": total - total // 40},
        "by_scope_kg": {"china_regulatory": {"1": fuel, "2": electricity}},
        "by_source_type_kg": {"china_regulatory": {"fuel_combustion": fuel, "purchased_electricity": electricity}},
        "by_gas_kg": {"china_regulatory": {"CO2": total}}, "intensities": {},
        "previous_year_total_kg": None, "quality": {"score": rng.choice([95, 90, 85, 60]), "flags": []},
        "sources": [], "activity_line_count": 0,
    }  # fmt: skip


class Seeder:
    def __init__(self, ctx: Any) -> None:
        self.ctx = ctx
        self.rng = random.Random(20230315)
        self.enterprise_user = {}
        for key in ("enterprise_a", "enterprise_b"):
            user = ctx.users.get(key)
            if user is not None:
                self.enterprise_user[user.memberships.first().organisation_id] = user
        self.officer = ctx.users.get("bureau_officer")
        self.verifier_users = {ctx.verifiers[i].pk: ctx.users.get(k) for i, k in enumerate(("verifier_a", "verifier_b"))
                               if i < len(ctx.verifiers)}  # fmt: skip
        self.base_t: dict[int, int] = {}
        self.years_done: dict[int, dict[int, int]] = {}

    def inputs(self, org, year: int, kind: str = Report.Kind.ANNUAL) -> dict[str, Any]:
        if kind == Report.Kind.TEMPORARY:
            return {}  # an event disclosure: no emission figures
        found = acc.fetch_inputs(org.pk, year)
        if found:
            return found
        base = self.base_t.setdefault(org.pk, self.rng.randint(800, 12_000))
        data = synthetic_inputs(self.rng, org.pk, year, int(base * (1 + (year % 3) * 0.04)))
        if year - 1 in self.years_done.get(org.pk, {}):
            data["previous_year_total_kg"] = self.years_done[org.pk][year - 1]
        return data

    def report(self, org, year: int, state: State, *, when: datetime, kind: str = Report.Kind.ANNUAL,
               verifier=None, **report_fields) -> ReportVersion:
        start, end = (report_fields.pop("period", None) or (datetime(year, 1, 1).date(), datetime(year, 12, 31).date()))
        report = Report.objects.create(enterprise=org, year=year, kind=kind, period_start=start, period_end=end,
                                       created_by=self.enterprise_user.get(org.pk), **report_fields)  # fmt: skip
        return self.version(report, 1, state, when=when, verifier=verifier)

    def version(self, report: Report, number: int, state: State, *, when: datetime, verifier=None,
                previous: ReportVersion | None = None, reason: str = "") -> ReportVersion:
        org = report.enterprise
        data = self.inputs(org, report.year, report.kind)
        numbers = acc.figures(data)
        version = ReportVersion(report=report, number=number, previous=previous, restatement_reason=reason,
                                inputs=data, inputs_at=when, state=State.DRAFT, created_at=when,
                                reduction_targets=self.rng.choice(TARGETS), reduction_actions=self.rng.choice(ACTIONS),
                                **numbers)  # fmt: skip
        self.years_done.setdefault(org.pk, {})[report.year] = numbers["total_kg"] or 0
        events = [("create" if number == 1 else "restate", "", State.DRAFT, Role.ENTERPRISE, reason, when)]
        at = when
        verifier = verifier or self.ctx.verifiers[org.pk % len(self.ctx.verifiers)]
        for action, role in PATHS[state]:
            at += timedelta(days=self.rng.randint(3, 12))
            before = version.state
            version.state = workflow.apply_action(before, action, role)
            note = ""
            if action == Action.SUBMIT:
                version.submitted_at = at
            elif action == Action.RETURN:
                note = self.rng.choice(RETURN_REASONS)
            elif action == Action.START_VERIFICATION:
                note = verifier.name_zh
            elif action == Action.VERIFY:
                version.verified_at = at
                version.verified_kg = (version.total_kg or 0) - (version.total_kg or 0) // 400
                version.verification_opinion = "经核查，排放报告在所有重大方面符合核算指南要求（合理保证）。"
                note = version.verification_opinion
            elif action == Action.PUBLISH:
                version.published_at = at
            events.append((action.value, before, version.state, role, note, at))
        version.save()  # inserted in its final state: the immutability trigger guards updates only
        for action, before, after, role, note, moment in events:
            WorkflowEvent.objects.create(version=version, action=action, from_state=before, to_state=after, role=role,
                                         reason=note, at=moment, actor=self._actor(role, org, verifier))  # fmt: skip
            if action == Action.RETURN:
                ReviewComment.objects.create(version=version, author=self.officer, body=note, created_at=moment)
        if state in (State.IN_VERIFICATION, State.VERIFIED, State.PUBLISHED):
            VerifierAssignment.objects.create(version=version, verifier=verifier, assigned_by=self.officer)
            Finding.objects.create(version=version, author=self.verifier_users.get(verifier.pk),
                                   severity=Finding.Severity.OBSERVATION, body="抽查3个月电费发票与电表读数，一致。",
                                   resolved=state != State.IN_VERIFICATION)  # fmt: skip
        if state in (State.VERIFIED, State.PUBLISHED):
            statement = Statement(version=version, original_name="核查声明.pdf", size=len(DEMO_STATEMENT),
                                  sha256=hashlib.sha256(DEMO_STATEMENT).hexdigest(),
                                  uploaded_by=self.verifier_users.get(verifier.pk))  # fmt: skip
            statement.file.save(f"{statement.sha256}.pdf", ContentFile(DEMO_STATEMENT), save=False)
            statement.save()
        return version

    def _actor(self, role: Role, org, verifier):
        if role == Role.ENTERPRISE:
            return self.enterprise_user.get(org.pk)
        if role == Role.VERIFIER:
            return self.verifier_users.get(verifier.pk)
        return self.officer


def _moment(year: int, month: int, day: int) -> datetime:
    return timezone.make_aware(datetime.combine(datetime(year, month, day).date(), time(10, 0)))


def seed(ctx: Any) -> None:
    if not ctx.enterprises or not ctx.verifiers:
        return
    s = Seeder(ctx)
    today = timezone.localdate()
    year = today.year - 1  # the latest round: last year's data, disclosed this spring
    users = ctx.users
    demo_a = users["enterprise_a"].memberships.first().organisation if "enterprise_a" in users else None
    demo_b = users["enterprise_b"].memberships.first().organisation if "enterprise_b" in users else None
    others = [e for e in ctx.enterprises if e not in (demo_a, demo_b)]
    # Key emitters first: they are the ones that took the initiative.
    others.sort(key=lambda e: (not e.key_emitter, e.pk))
    leaders, rest = others[:9], others[9:]
    plan = ([(e, State.PUBLISHED) for e in leaders]
            + list(zip(rest, [State.VERIFIED] * 3 + [State.IN_VERIFICATION] * 3 + [State.ACCEPTED] * 3
                       + [State.SUBMITTED] * 5 + [State.RETURNED] * 2 + [State.DRAFT] * 4, strict=False)))  # fmt: skip
    for org in [*leaders, *(d for d in (demo_a,) if d)]:
        for back, when in ((2, _moment(year - 1, 2, 20)), (1, _moment(year, 2, 25))):
            s.report(org, year - back, State.PUBLISHED, when=when)
    # Every unit in an emissions trading scheme has its emissions verified each year (the ETS requires it),
    # whether or not it publishes: those verified figures become its compliance obligations.
    for org in [e for e in rest if e.ets in ("shenzhen", "national")]:
        for back, when in ((2, _moment(year - 1, 3, 5)), (1, _moment(year, 3, 5))):
            s.report(org, year - back, State.VERIFIED, when=when)
    for org, state in plan:
        s.report(org, year, state, when=_moment(year + 1, 1, 20))
    if demo_a is not None:  # the demo enterprise: this year's report with the demo verifier
        s.report(demo_a, year, State.PUBLISHED, when=_moment(year + 1, 1, 15), verifier=ctx.verifiers[0])
        first = Report.objects.get(enterprise=demo_a, year=year - 1, kind=Report.Kind.ANNUAL).versions.get()
        s.version(first.report, 2, State.DRAFT, when=_moment(year + 1, 4, 2), previous=first,
                  reason="补录上年12月外购电力发票，更正电力消费量。")  # fmt: skip
    if demo_b is not None:
        s.report(demo_b, year, State.DRAFT, when=_moment(year + 1, 2, 1))
    if rest:  # a restated and republished report, and a temporary disclosure that is due soon
        restated = ReportVersion.objects.filter(report__enterprise=leaders[0], report__year=year).get()
        s.version(restated.report, 2, State.PUBLISHED, when=_moment(year + 1, 5, 10), previous=restated,
                  reason="核查后发现锅炉天然气消耗量录入单位错误，已更正。")  # fmt: skip
        event = today - timedelta(days=2)
        s.report(rest[-1], today.year, State.DRAFT, when=timezone.now(), kind=Report.Kind.TEMPORARY,
                 period=(event, event), event_date=event, event_reference="深环南罚〔示例〕1号",
                 title="收到行政处罚决定书后的临时披露")  # fmt: skip
    hand_over_verified()


def hand_over_verified() -> None:
    """The seed writes versions directly, so it hands each year's verified figure to the registry itself."""
    years = (ReportVersion.objects.filter(report__kind=Report.Kind.ANNUAL, state__in=facts.VERIFIED_STATES)
             .values_list("report__enterprise_id", "report__year").distinct())  # fmt: skip
    for enterprise_id, year in sorted(set(years)):
        version = facts.latest_verified(enterprise_id, year)
        if version is not None:
            services.hand_over(version)
