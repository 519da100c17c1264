"""Reads of the support fund, always through the permission gate (public reads select published data only)."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Count, Q, QuerySet, Sum

from tanxin.orgs.domain.roles import OrgKind
from tanxin.orgs.gate import principal_for
from tanxin.orgs.models import Organisation
from tanxin.support import mapping
from tanxin.support.domain import CriterionItem, EligibilityResult, EnterpriseType
from tanxin.support.gate import RESULT_PUBLIC
from tanxin.support.models import (
    Application,
    Award,
    Criterion,
    Declaration,
    Disbursement,
    EvidenceFile,
    ExpertAssignment,
    ExpertSheet,
    Objection,
    Scheme,
    ScoreLine,
    StatusChange,
)
from tanxin.support.services.applications import eligibility


def schemes(user: Any) -> QuerySet[Scheme]:
    return Scheme.objects.visible_to(user).select_related("jurisdiction")


def schemes_listed(user: Any) -> QuerySet[Scheme]:
    """The bureau's scheme list: each scheme with its number of applications counted in the same query."""
    return schemes(user).annotate(n_applications=Count("applications")).order_by("-year", "-version", "pk")


def scheme(user: Any, scheme_id: int, action: str = "view") -> Scheme | None:
    return Scheme.objects.visible_to(user, action).select_related("jurisdiction").filter(pk=scheme_id).first()


def public_schemes() -> QuerySet[Scheme]:
    return Scheme.objects.published().select_related("jurisdiction")


def public_scheme(scheme_id: int) -> Scheme | None:
    return public_schemes().filter(pk=scheme_id).first()


def criteria_by_category(s: Scheme, enterprise_type: str | None = None, industry: str | None = None):
    """[(category value, label, [items])] of the frozen tree (or the live draft for the designer)."""
    tree = mapping.criteria_tree(s)
    items = tree.items if not enterprise_type else tree.applicable(EnterpriseType(enterprise_type), industry)
    labels = dict(Criterion.CategoryChoice.choices)
    return [
        (cat, labels[cat], [i for i in items if i.category.value == cat])
        for cat in labels
        if any(i.category.value == cat for i in items)
    ]


def item_name(item: CriterionItem, lang: str) -> str:
    return item.name_en if lang.startswith("en") and item.name_en else item.name_zh


@dataclass
class EligibleScheme:
    scheme: Scheme
    result: EligibilityResult
    application: Application | None


def enterprise_of(user: Any) -> Organisation | None:
    ids = sorted(principal_for(user).org_ids_of_kind(OrgKind.ENTERPRISE))
    if not ids:
        return None
    return Organisation.objects.select_related("industry", "jurisdiction").get(pk=ids[0])


def eligible_schemes(user: Any) -> list[EligibleScheme]:
    enterprise = enterprise_of(user)
    if enterprise is None:
        return []
    own = {a.scheme_id: a for a in Application.objects.visible_to(user).filter(enterprise=enterprise)}
    out = []
    for s in public_schemes().filter(
        status__in=["open", "closed", "reviewing", "result_draft", "approved", "publicity", "final"]
    ):
        out.append(EligibleScheme(s, eligibility(s, enterprise), own.get(s.pk)))
    return out


def applications(user: Any, scheme_id: int | None = None, status: str = "") -> QuerySet[Application]:
    qs = Application.objects.visible_to(user).select_related("scheme", "enterprise", "enterprise__industry")
    if scheme_id:
        qs = qs.filter(scheme_id=scheme_id)
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("scheme_id", "rank", "pk")


QUEUE_PAGE = 50  # applications per page of a scheme's queue
QUEUE_SEARCH_MAX = 100  # characters of the name or credit-code search kept


def queue_rows(user: Any, scheme_id: int, q: str = "") -> QuerySet[Application]:
    """A scheme's applications the user may see, narrowed by a search on the enterprise's name or USCC."""
    rows = Application.objects.visible_to(user).filter(scheme_id=scheme_id)
    if q:
        named = Q(enterprise__name_zh__icontains=q) | Q(enterprise__name_en__icontains=q)
        rows = rows.filter(named | Q(enterprise__uscc__icontains=q.upper()))
    return rows


def queue_counts(rows: QuerySet[Application]) -> dict[str, int]:
    """Applications per status, from one grouped aggregate."""
    grouped = rows.order_by().values_list("status").annotate(n=Count("pk")).values_list("status", "n")
    return dict(grouped)


def queue_page(rows: QuerySet[Application], number: Any, status: str = "") -> Page:
    """One page of the queue: paged on the primary keys (rank, then pk), then only the page's rows are
    loaded, with their enterprise and their number of experts, in the page's order."""
    if status:
        rows = rows.filter(status=status)
    page = Paginator(rows.order_by("rank", "pk").values_list("pk", flat=True), QUEUE_PAGE).get_page(number)
    ids = list(page.object_list)
    loaded = (Application.objects.filter(pk__in=ids).select_related("enterprise", "scheme")
              .annotate(n_experts=Count("assignments")).in_bulk(ids))  # fmt: skip
    page.object_list = [loaded[pk] for pk in ids]
    return page


def application(user: Any, app_id: int, action: str = "view") -> Application | None:
    app = Application.objects.visible_to(user, action).filter(pk=app_id).first()
    if app is None:
        return None
    return Application.objects.select_related("scheme", "enterprise", "enterprise__industry").get(pk=app.pk)


def declarations(user: Any, app: Application) -> QuerySet[Declaration]:
    return Declaration.objects.visible_to(user).filter(application=app)


def evidence(user: Any, app: Application) -> QuerySet[EvidenceFile]:
    return EvidenceFile.objects.visible_to(user).filter(application=app)


def score_lines(user: Any, app: Application) -> QuerySet[ScoreLine]:
    return ScoreLine.objects.visible_to(user).filter(application=app).order_by("item_code")


def award(user: Any, app: Application) -> Award | None:
    return Award.objects.visible_to(user).filter(application=app).first()


def disbursements(user: Any, app: Application) -> QuerySet[Disbursement]:
    return Disbursement.objects.visible_to(user).filter(application=app)


def status_log(user: Any, app: Application) -> QuerySet[StatusChange]:
    if not Application.objects.visible_to(user).filter(pk=app.pk).exists():
        return StatusChange.objects.none()
    return StatusChange.objects.filter(application=app).select_related("actor")


def sheets(user: Any, app: Application) -> QuerySet[ExpertSheet]:
    """Bureau: every sheet. Expert: own, and the panel's only after submitting own (see gate)."""
    return (
        ExpertSheet.objects.visible_to(user).filter(application=app).select_related("expert").prefetch_related("scores")
    )


def assignments(user: Any, app: Application) -> QuerySet[ExpertAssignment]:
    return ExpertAssignment.objects.visible_to(user).filter(application=app).select_related("expert")


def expert_queue(user: Any) -> QuerySet[ExpertAssignment]:
    return (
        ExpertAssignment.objects.filter(expert_id=user.pk, conflicted=False)
        .select_related("application", "application__scheme", "application__enterprise", "sheet")
        .order_by("-application__scheme__year", "application_id")
    )


def objections(user: Any, s: Scheme) -> QuerySet[Objection]:
    return Objection.objects.visible_to(user).filter(scheme=s).select_related("application__enterprise", "filed_by")


def results(user: Any, s: Scheme) -> list[Application]:
    return list(
        Application.objects.visible_to(user)
        .filter(scheme=s, award__isnull=False)
        .select_related("enterprise", "enterprise__industry", "award")
        .order_by("award__rank")
    )


def public_publicity(s: Scheme) -> list[dict[str, Any]]:
    """The published list: proposed awardees and amounts, only while in publicity or final."""
    if s.status not in RESULT_PUBLIC:
        return []
    rows = (
        Award.objects.filter(application__scheme=s, amount_fen__gt=0)
        .select_related("application__enterprise")
        .order_by("rank")
    )
    return [
        {
            "rank": r.rank,
            "enterprise": r.application.enterprise,
            "uscc": r.application.enterprise.uscc,
            "total": r.application.total,
            "amount_fen": r.amount_fen,
            "application_id": r.application_id,
        }
        for r in rows
    ]


def dashboard(user: Any) -> dict[str, Any]:
    """Figures for the bureau dashboard: the schemes the user administers (``manage``: staff of their
    jurisdiction), every count and sum taken through the gate of the rows it counts. A scheme that is merely
    readable (any open scheme) does not bring its applications, scores or money into another district's figures."""
    visible = Scheme.objects.visible_to(user, "manage")
    apps = Application.objects.visible_to(user).filter(scheme__in=visible)
    by_status = Counter(dict(apps.values_list("status").annotate(n=Count("pk")).values_list("status", "n")))
    by_type = dict(apps.values_list("enterprise_type").annotate(n=Count("pk")).values_list("enterprise_type", "n"))
    scores = [
        float(t) for t in apps.filter(status__in=["scored", "awarded", "not_awarded"]).values_list("total", flat=True)
    ]
    all_awards = Award.objects.visible_to(user).filter(application__scheme__in=visible)
    awards = all_awards.filter(amount_fen__gt=0)
    by_industry: dict[str, int] = defaultdict(int)
    for section, fen in awards.values_list("application__industry_code", "amount_fen"):
        by_industry[(section or "?")[:1]] += fen
    by_category: dict[str, Decimal] = defaultdict(Decimal)
    years = []
    for s in visible.order_by("year", "version"):
        category = {i.code: i.category.value for i in mapping.criteria_tree(s).items}
        lines = ScoreLine.objects.visible_to(user).filter(application__scheme=s, application__award__amount_fen__gt=0)
        for code, pts in lines.values_list("item_code", "points"):
            by_category[category.get(code, "expert")] += pts
        committed = all_awards.filter(application__scheme=s).aggregate(t=Sum("amount_fen"))["t"] or 0
        paid = (Disbursement.objects.visible_to(user).filter(application__scheme=s)
                .aggregate(t=Sum("amount_fen"))["t"] or 0)  # fmt: skip
        awardees = awards.filter(application__scheme=s).count()
        years.append(
            {
                "scheme": s.pk,
                "label": f"{s.year} v{s.version}",
                "budget_fen": s.budget_fen,
                "committed_fen": committed,
                "paid_fen": paid,
                "awardees": awardees,
                "applications": apps.filter(scheme=s).count(),
                "status": s.status,
            }
        )
    return {
        "by_status": dict(by_status),
        "by_type": by_type,
        "scores": scores,
        "by_industry": dict(by_industry),
        "by_category": {k: str(v) for k, v in by_category.items()},
        "years": years,
    }
