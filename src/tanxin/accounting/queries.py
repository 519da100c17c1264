"""Accounting reads, always through the permission gate."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from tanxin.accounting import messages, services
from tanxin.accounting.calculation import TOTAL_KEYS
from tanxin.accounting.domain.calc import CalcContext, calculate_line, china_regulatory, ghg_protocol
from tanxin.accounting.domain.errors import AccountingError
from tanxin.accounting.domain.inventory import change
from tanxin.accounting.ledger import ROW_FIELDS, to_domain
from tanxin.accounting.models import ActivityLine, EmissionSource, EvidenceFile, Inventory
from tanxin.accounting.reference import current_snapshot, place_of
from tanxin.common.errors import DomainError, NotFound
from tanxin.orgs.domain.roles import OrgKind
from tanxin.orgs.models import Organisation


def enterprises(user: Any) -> QuerySet[Organisation]:
    """Enterprises whose accounting data the user may read."""
    return Organisation.objects.visible_to(user, "view").filter(kind=OrgKind.ENTERPRISE).order_by("name_zh")


def sources(user: Any, enterprise_id: int) -> QuerySet[EmissionSource]:
    return EmissionSource.objects.visible_to(user, "view").filter(enterprise_id=enterprise_id)


def get_source(user: Any, source_id: int, action: str = "view") -> EmissionSource:
    source = EmissionSource.objects.visible_to(user, action).filter(pk=source_id).select_related("enterprise").first()
    if source is None:
        raise NotFound(_("Emission source not found."))
    return source


def lines(user: Any, enterprise_id: int, year: int | None = None, source_id: int | None = None):
    qs = ActivityLine.objects.visible_to(user, "view").filter(enterprise_id=enterprise_id).select_related("source")
    if year is not None:
        qs = qs.filter(year=year)
    if source_id is not None:
        qs = qs.filter(source_id=source_id)
    return qs.order_by("source__name", "year", "month")


def get_line(user: Any, line_id: int, action: str = "view") -> ActivityLine:
    line = (ActivityLine.objects.visible_to(user, action).filter(pk=line_id)
            .select_related("source", "enterprise", "lab_report").first())  # fmt: skip
    if line is None:
        raise NotFound(_("Activity line not found."))
    return line


def get_evidence(user: Any, evidence_id: int) -> EvidenceFile:
    evidence = EvidenceFile.objects.visible_to(user, "view").filter(pk=evidence_id).first()
    if evidence is None:
        raise NotFound(_("File not found."))
    return evidence


def years(user: Any, enterprise_id: int) -> list[int]:
    qs = ActivityLine.objects.visible_to(user, "view").filter(enterprise_id=enterprise_id)
    return sorted(set(qs.values_list("year", flat=True)), reverse=True)


def inventory(user: Any, enterprise_id: int, year: int) -> dict[str, Any] | None:
    """The inventory page's data: report inputs plus year-on-year, the chart series and per-line results."""
    services.require_view(user, enterprise_id)
    try:
        inputs = services.report_inputs(enterprise_id, year)
    except NotFound:
        return None
    # The trend refreshes stored inventories computed with an older library, so read the row after it.
    trend = services.emission_trend(enterprise_id, list(range(year - 4, year + 1)))
    stored = Inventory.objects.filter(enterprise_id=enterprise_id, year=year).first()
    previous = inputs["previous_year_total_kg"]
    # A year with monthly data for fewer than twelve months (and no annual figure) is partial: a change against a
    # whole previous year would read as a fall that did not happen, so the page says so instead of a percentage.
    months = set(ActivityLine.objects.filter(enterprise_id=enterprise_id, year=year).values_list("month", flat=True))
    months_covered = 12 if (not months or months & {0, None}) else len(months)
    yoy = None
    if previous is not None:
        c = change(Decimal(inputs["total_kg"]["china_regulatory"]), Decimal(previous))
        partial = months_covered < 12
        yoy = {"delta_kg": int(c.delta), "partial": partial, "months": months_covered,
               "pct": f"{c.ratio * 100:.1f}" if c.ratio is not None and not partial else None}
    return {
        **inputs,
        "yoy": yoy,
        "trend": trend,
        "line_results": stored.line_results if stored else {},
        "flag_reasons": [
            {**f, "reason": messages.reason(f["code"], f.get("details", {}), f["reason"])}
            for f in inputs["quality"]["flags"]
        ],
        "view_keys": TOTAL_KEYS,
    }


def explain(user: Any, line_id: int) -> dict[str, Any]:
    """Every result of one line in every view, with its trace (inputs with sources, formula, result)."""
    line = get_line(user, line_id)
    row = ActivityLine.objects.filter(pk=line.pk).values(*ROW_FIELDS).get()
    snapshot = current_snapshot()
    ets = line.enterprise.ets != Organisation.Ets.NONE
    place = place_of(line.enterprise.jurisdiction.code)
    context = CalcContext(reporting_year=line.year, province=place.province, region=place.region)
    domain_line = to_domain(row)
    results = []
    try:
        for view, policy in (("china_regulatory", china_regulatory(ets)), ("ghg_protocol", ghg_protocol())):
            for r in calculate_line(domain_line, snapshot, policy, context):
                results.append({
                    "view": view, "scope2_method": r.scope2_method, "scope": r.scope, "gwp_set": r.gwp_set,
                    "co2e_kg": str(r.co2e_kg), "steps": r.trace.as_dict(),
                    "factors": [choice_dict(c) for c in r.factor_choices],
                })  # fmt: skip
    except AccountingError as exc:
        raise DomainError(messages.translate(exc).message, code=exc.code, details=exc.details) from exc
    return {"line_id": line.pk, "period": line.period_label, "source": line.source.name,
            "snapshot_digest": snapshot.digest, "province": place.province, "grid_region": place.region,
            "results": results}  # fmt: skip


def choice_dict(c: Any) -> dict[str, Any]:
    """A factor as every figure's explanation names it: id, vintage, level, source, confidence tag, and
    the candidates the selection rule passed over with why."""
    return {"id": c.factor.id, "year": c.factor.year, "level": c.level, "source": c.factor.source,
            "confidence": c.factor.confidence, "provisional": c.provisional,
            "passed_over": [{"id": p.factor_id, "year": p.year, "level": p.level, "confidence": p.confidence,
                             "reason": p.reason} for p in c.passed_over]}
