"""What is due: the deadline rules in force and, for the enterprises a user files for or supervises, the
filings due or overdue, counted and paged in SQL per rule and year (never computed per enterprise)."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.conf import settings
from django.db.models import CharField, Count, Exists, Min, OuterRef, Q, QuerySet, Value
from django.utils import timezone

from tanxin.disclosure import reuse
from tanxin.disclosure.domain.deadlines import (
    DEFAULT_RULES,
    DeadlineRule,
    DueItem,
    Obligation,
    annual_obligations,
    list_due,
    rules_from_rows,
)
from tanxin.disclosure.messages import RULE_LABELS
from tanxin.disclosure.models import Report, ReportVersion
from tanxin.orgs.domain.roles import OrgKind
from tanxin.orgs.gate import principal_for
from tanxin.orgs.models import Organisation

# Surrender belongs to the registry and is shown there, not in disclosure's deadline lists.
UNTRACKED_RULES = {"sz_surrender"}
ETS_SCOPES = {"national": "national_ets", "shenzhen": "shenzhen_ets"}
SUBMISSION_RULES = {"annual_disclosure", "ets_report", "sz_ets_report"}
VERIFICATION_RULES = {"ets_verification", "sz_verification"}


def tracked_rules() -> tuple[DeadlineRule, ...]:
    """The deadline rules in force: ``settings.TANXIN_DISCLOSURE_DEADLINES_CSV`` (a CSV with the
    ``DeadlineRule`` field names) when set, so a changed date needs no release; else the defaults."""
    path = getattr(settings, "TANXIN_DISCLOSURE_DEADLINES_CSV", "")
    rules = DEFAULT_RULES
    if path:
        with open(path, encoding="utf-8-sig", newline="") as handle:
            rules = rules_from_rows(csv.DictReader(handle))
    return tuple(r for r in rules if r.code not in UNTRACKED_RULES)

# A rule's deadline for one data year: the item, who owes it (a filter), who it binds, and which filing clears it.
Group = tuple[DueItem, Q, Q, tuple[int, str]]


def _in_scope(scope: str) -> Q | None:
    """The enterprises a rule applies to, as a filter; None: nobody.

    Statutory disclosure (MEE Order 24) binds key emission units and ETS entities; ETS rules bind members."""
    if scope == "disclosure":
        return Q(key_emitter=True) | ~Q(ets="none")
    for ets, name in ETS_SCOPES.items():
        if scope == name:
            return Q(ets=ets)
    return None


@dataclass(frozen=True)
class DueRow:
    enterprise: Organisation
    item: DueItem
    report_id: int | None = None

    @property
    def label(self) -> str:
        return str(RULE_LABELS.get(self.item.rule.code, self.item.rule.description_en))

    @property
    def overdue_days(self) -> int:
        return -self.item.days_left


@dataclass(frozen=True)
class DuePage:
    count: int
    items: list[DueRow]


def _due_enterprises(user: Any) -> QuerySet[Organisation]:
    principal = principal_for(user)
    orgs = Organisation.objects.visible_to(user).filter(kind=OrgKind.ENTERPRISE)
    if not principal.is_bureau_staff:
        orgs = orgs.filter(pk__in=principal.org_ids_of_kind(OrgKind.ENTERPRISE))
    return orgs


def _annual_groups(orgs: QuerySet[Organisation], today: date, rules: tuple[DeadlineRule, ...],
                   horizon_days: int) -> list[Group]:  # fmt: skip
    """One (item, filter of the enterprises still owing it) per annual rule and data year in the window.

    An annual deadline is the same day for every enterprise a rule applies to, so what differs between
    enterprises is only whether they filed: the owing enterprises are a filter, counted and paged in SQL.
    """
    groups = []
    for year in (today.year - 1, today.year):
        for rule in rules:
            scope = _in_scope(rule.applies_to)
            obligations = [ob for ob in annual_obligations(year, {rule.applies_to}, rules) if ob.rule_code == rule.code]
            if scope is None or not obligations:
                continue
            for item in list_due(obligations, today, rules=rules, horizon_days=horizon_days):
                done_field = "verified_at" if rule.code in VERIFICATION_RULES else "submitted_at"
                groups.append((item, scope & ~Exists(_filed(year, done_field)), scope, (year, done_field)))
    return groups


def _filed(year: int, done_field: str) -> QuerySet[ReportVersion]:
    """Whether the enterprise filed (or had verified) its annual report for the year; correlated on the
    enterprise, so a few index look-ups per enterprise, never a list of all filers."""
    return ReportVersion.objects.filter(
        report__enterprise_id=OuterRef("pk"), report__year=year, report__kind=Report.Kind.ANNUAL,
        **{f"{done_field}__isnull": False},
    )  # fmt: skip


def _temporary(reports: QuerySet[Report], orgs: QuerySet[Organisation], today: date,
               rules: tuple[DeadlineRule, ...], horizon_days: int) -> list[DueRow]:  # fmt: skip
    temporary = (
        reports
        .filter(Exists(orgs.filter(pk=OuterRef("enterprise_id"))), kind=Report.Kind.TEMPORARY)
        .annotate(submitted=Min("versions__submitted_at")).exclude(submitted__isnull=False)
        .select_related("enterprise")
    )  # fmt: skip
    rows = []
    for report in temporary:
        ob = Obligation("temporary_disclosure", event_date=report.event_date, reference=report.event_reference)
        rows += [DueRow(report.enterprise, item, report.pk)
                 for item in list_due([ob], today, rules=rules, horizon_days=horizon_days)]  # fmt: skip
    return rows


def _key(row: DueRow) -> tuple:
    return (row.item.due, row.enterprise.name_zh, row.enterprise.pk, row.item.rule.code)


def due_page(user: Any, today: date | None = None, horizon_days: int = 60, *, limit: int | None = 20,
             offset: int = 0, data: tuple | None = None) -> DuePage:  # fmt: skip
    """What is due or overdue for the enterprises this user files for or supervises: a count, and the rows
    ``offset`` to ``offset + limit`` (all of them when ``limit`` is None), soonest first.

    Deadlines are computed per rule and year, not per enterprise; every rule's count comes from one
    aggregate (kept while the data are unchanged when ``data``, the stamp of ``reuse``, is given), and only
    the rows of the page's due dates are read, in one query.
    """
    orgs = _due_enterprises(user)
    return _page(orgs, Report.objects.visible_to(user), reuse.scope(user), today, horizon_days, limit, offset, data)


def due_of(enterprise_ids: list[int], today: date | None = None, horizon_days: int = 60, *,
           limit: int | None = 20) -> DuePage:  # fmt: skip
    """The same for the given enterprises, without a gate (``facts.filings_due``: the caller checks its own)."""
    orgs = Organisation.objects.filter(kind=OrgKind.ENTERPRISE, pk__in=enterprise_ids)
    return _page(orgs, Report.objects.all(), None, today, horizon_days, limit, 0, None)


def _page(orgs: QuerySet[Organisation], reports: QuerySet[Report], scope: Any, today: date | None,
          horizon_days: int, limit: int | None, offset: int, data: tuple | None) -> DuePage:  # fmt: skip
    today = today or timezone.localdate()
    rules = tracked_rules()
    groups = _annual_groups(orgs, today, rules, horizon_days)
    temporary = _temporary(reports, orgs, today, rules, horizon_days)
    question = ("due", scope, tuple((str(g[0].due), g[0].rule.code, g[3]) for g in groups))
    counts = reuse.reused(question, data, lambda: _group_counts(orgs, groups))
    count = sum(counts) + len(temporary)
    wanted = count if limit is None else min(count, offset + limit)
    days, first = _window_days(groups, counts, temporary, offset, wanted)
    temps = [row for row in temporary if row.item.due in days]
    # Without temporary rows among the page's dates the annual rows before the page can be skipped in SQL.
    skip = 0 if temps else max(0, offset - first)
    rows = temps + _annual_rows(orgs, groups, counts, days, skip, wanted - first - skip)
    rows.sort(key=_key)
    return DuePage(count, rows[offset - first - skip:wanted - first - skip])


def _group_counts(orgs: QuerySet[Organisation], groups: list[Group]) -> list[int]:
    """How many enterprises owe each group's filing, all groups in one aggregate."""
    if not groups:
        return []
    # Each (year, filing) look-up once per enterprise, shared by the rules that need it.
    names: dict[tuple[int, str], str] = {}
    for *_rest, key in groups:
        names.setdefault(key, f"filed_{len(names)}")
    annotated = orgs.order_by().annotate(**{name: Exists(_filed(*key)) for key, name in names.items()})
    totals = annotated.aggregate(**{f"g{i}": Count("pk", filter=scope & Q(**{names[key]: False}))
                                    for i, (_item, _owing, scope, key) in enumerate(groups)})  # fmt: skip
    return [totals[f"g{i}"] for i in range(len(groups))]


def _window_days(groups: list[Group], counts: list[int], temporary: list[DueRow], offset: int,
                 wanted: int) -> tuple[set[date], int]:  # fmt: skip
    """The due dates whose rows reach into positions ``offset`` to ``wanted`` (rows sort by date first), and
    the position of the first row of the earliest of them."""
    sizes: dict[date, int] = {}
    for (item, *_rest), n in zip(groups, counts, strict=True):
        sizes[item.due] = sizes.get(item.due, 0) + n
    for row in temporary:
        sizes[row.item.due] = sizes.get(row.item.due, 0) + 1
    days, first, start = set(), None, 0
    for day in sorted(sizes):
        if sizes[day] and start + sizes[day] > offset and start < wanted:
            days.add(day)
            first = start if first is None else first
        start += sizes[day]
    return days, first or 0


def _annual_rows(orgs: QuerySet[Organisation], groups: list[Group], counts: list[int],
                 days: set[date], skip: int, limit: int) -> list[DueRow]:  # fmt: skip
    """The annual rows of the given due dates in page order, ``skip`` rows on, at most ``limit``."""
    wanted = [i for i, (item, *_rest) in enumerate(groups) if item.due in days and counts[i]]
    if not wanted or limit <= 0:
        return []
    parts = [orgs.filter(groups[i][1]).order_by().annotate(due_on=Value(groups[i][0].due.toordinal()), group=Value(i),
                                                 rule=Value(groups[i][0].rule.code, output_field=CharField()))
             for i in wanted]  # fmt: skip
    rows = parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]
    rows = rows.order_by("due_on", "name_zh", "id", "rule")[skip:skip + limit]
    return [DueRow(org, groups[org.group][0]) for org in rows]


def due(user: Any, today: date | None = None, horizon_days: int = 60) -> list[DueRow]:
    """Every due or overdue row (the API's list); pages ask ``due_page`` for one page."""
    return due_page(user, today, horizon_days, limit=None).items
