"""The search box: enterprises, disclosure reports, pledge loans, ABS deals and support applications the
signed-in person may see, by name, number or reference.

It lives in the shell because it links every app; each kind is read through its app's gate
(``Model.objects.visible_to(user)``), so a search never finds what the person could not open. At most
``PER_KIND`` hits per kind, newest or best-named first: the search box points to a record, it is not a list
page.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import Exists, Max, OuterRef, Q
from django.urls import reverse
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from tanxin.disclosure.models import Report, ReportVersion
from tanxin.lending.models import Loan
from tanxin.orgs.models import Organisation
from tanxin.orgs.queries import contains_text
from tanxin.securitisation.models import Deal
from tanxin.support.models import Application

PER_KIND = 10
MIN_LENGTH, MAX_LENGTH = 2, 100
KIND_LABELS = {"enterprise": gettext_lazy("Enterprises"), "report": gettext_lazy("Disclosure reports"),
               "loan": gettext_lazy("Pledge loans"), "deal": gettext_lazy("ABS deals"),
               "application": gettext_lazy("Support applications")}  # fmt: skip


@dataclass(frozen=True)
class Hit:
    kind: str
    label: str
    detail: str
    url: str


@dataclass(frozen=True)
class Results:
    query: str
    groups: tuple[tuple[str, str, tuple[Hit, ...]], ...]  # (kind, kind label, hits)

    @property
    def count(self) -> int:
        return sum(len(hits) for _k, _l, hits in self.groups)


def clean(raw: str | None) -> str:
    return " ".join((raw or "").split())[:MAX_LENGTH]


def _name(row: dict[str, Any], prefix: str = "", field: str = "name") -> str:
    """The row's name in the reader's language (Chinese when there is no English name)."""
    english = (get_language() or "").startswith("en") and row[f"{prefix}{field}_en"]
    return row[f"{prefix}{field}_en"] if english else row[f"{prefix}{field}_zh"]


def _names(q: str, prefix: str = "", field: str = "name") -> Q:
    return contains_text(f"{prefix}{field}_zh", q) | contains_text(f"{prefix}{field}_en", q)


def enterprises(user: Any, q: str) -> list[Hit]:
    rows = (Organisation.objects.visible_to(user).filter(kind="enterprise").filter(_names(q) | Q(uscc__startswith=q))
            .order_by("name_zh").values("pk", "name_zh", "name_en", "uscc")[:PER_KIND])  # fmt: skip
    return [Hit("enterprise", _name(r), r["uscc"], reverse("orgs:detail", args=[r["pk"]])) for r in rows]


def reports(user: Any, q: str) -> list[Hit]:
    match = _names(q, "enterprise__") | contains_text("title", q)
    if q.isdigit() and len(q) == 4:
        match |= Q(year=int(q))
    # The first reports, then the newest version of those only: no grouping over every report that matches.
    found = list(Report.objects.visible_to(user).filter(match).filter(Exists(ReportVersion.objects.filter(
        report_id=OuterRef("pk")))).order_by("-year", "pk")
        .values("pk", "year", "kind", "enterprise__name_zh", "enterprise__name_en")[:PER_KIND])  # fmt: skip
    latest = dict(ReportVersion.objects.filter(report_id__in=[r["pk"] for r in found]).order_by()
                  .values("report_id").annotate(latest=Max("pk")).values_list("report_id", "latest"))  # fmt: skip
    rows = [{**r, "latest": latest[r["pk"]]} for r in found if r["pk"] in latest]
    kinds = dict(Report.Kind.choices)
    return [Hit("report", _name(r, "enterprise__"), _("%(year)s · %(kind)s") % {"year": r["year"], "kind": kinds.get(
        r["kind"], "")}, reverse("disclosure:detail", args=[r["latest"]])) for r in rows]  # fmt: skip


def loans(user: Any, q: str) -> list[Hit]:
    rows = (Loan.objects.visible_to(user).filter(Q(ref__icontains=q) | _names(q, "enterprise__"))
            .order_by("-pk").values("pk", "ref", "enterprise__name_zh", "enterprise__name_en")[:PER_KIND])  # fmt: skip
    return [Hit("loan", r["ref"], _name(r, "enterprise__"), reverse("lending:loan", args=[r["pk"]])) for r in rows]


def deals(user: Any, q: str) -> list[Hit]:
    rows = (Deal.objects.visible_to(user).filter(_names(q)).order_by("-pk")
            .values("pk", "name_zh", "name_en", "status")[:PER_KIND])  # fmt: skip
    statuses = dict(Deal.Status.choices)
    return [Hit("deal", _name(r), str(statuses.get(r["status"], "")), reverse("securitisation:deal", args=[r["pk"]]))
            for r in rows]  # fmt: skip


def applications(user: Any, q: str) -> list[Hit]:
    rows = (Application.objects.visible_to(user).filter(_names(q, "enterprise__") | _names(q, "scheme__", "title"))
            .order_by("-pk").values("pk", "status", "scheme__title_zh", "scheme__title_en", "enterprise__name_zh",
                                    "enterprise__name_en")[:PER_KIND])  # fmt: skip
    statuses = dict(Application.Status.choices)
    return [Hit("application", _name(r, "enterprise__"),
                f"{_name(r, 'scheme__', 'title')} · {statuses.get(r['status'], '')}",
                reverse("support:application", args=[r["pk"]])) for r in rows]  # fmt: skip


SEARCHES: tuple[tuple[str, Callable[[Any, str], list[Hit]]], ...] = (
    ("enterprise", enterprises), ("report", reports), ("loan", loans), ("deal", deals), ("application", applications))


def search(user: Any, raw: str | None) -> Results:
    """Every kind's hits for ``raw``; a query shorter than ``MIN_LENGTH`` finds nothing (and asks nothing)."""
    q = clean(raw)
    if len(q) < MIN_LENGTH:
        return Results(q, ())
    groups = []
    for kind, find in SEARCHES:
        hits = find(user, q)
        if hits:
            groups.append((kind, str(KIND_LABELS[kind]), tuple(hits)))
    return Results(q, tuple(groups))
