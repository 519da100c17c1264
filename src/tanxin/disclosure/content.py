"""The content of a report version, section by section, as plain data for the page, the PDF, the XLSX
and the API. Everything numeric comes from the version's pinned inputs, so a published report renders
the same figures forever; only the allowance surrender status is live (it belongs to the registry).
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from tanxin.disclosure import basis
from tanxin.disclosure import inputs as acc
from tanxin.disclosure.domain.diff import ReportDiff, diff_reports, flatten
from tanxin.disclosure.models import ReportVersion

VIEW_LABELS = {
    "china_regulatory": gettext_lazy("China regulatory view"),
    "ghg_protocol": gettext_lazy("GHG Protocol view"),
    "ghg_protocol_location": gettext_lazy("GHG Protocol, location-based"),
    "ghg_protocol_market": gettext_lazy("GHG Protocol, market-based"),
}
# Same English wording as accounting's source types, so both modules read the same in every language.
KEY_LABELS = {
    "fuel_combustion": gettext_lazy("Fuel combustion"),
    "electricity": gettext_lazy("Electricity"),
    "purchased_electricity": gettext_lazy("Electricity"),
    "heat": gettext_lazy("Heat, steam and hot water"),
    "refrigerant": gettext_lazy("Refrigerant"),
    "process_carbonate": gettext_lazy("Process (carbonates)"),
    "1": gettext_lazy("Scope 1"),
    "2": gettext_lazy("Scope 2"),
    "3": gettext_lazy("Scope 3"),
}
BASIS_LABELS = {
    "verified": pgettext_lazy("basis", "verified"),
    "calculated": pgettext_lazy("basis", "calculated, not yet verified"),
}


def tonnes(kg: int | None, places: int = 1) -> str:
    """kgCO2e as tonnes for display, half-up; rounding happens only here, at presentation."""
    if kg is None:
        return "—"
    quantum = Decimal(1).scaleb(-places)
    value = (Decimal(kg) / 1000).quantize(quantum, rounding=ROUND_HALF_UP)
    return f"{value:,}"


def change_pct(current: int | None, previous: int | None) -> str | None:
    if current is None or not previous:
        return None
    pct = (Decimal(current - previous) * 100 / Decimal(previous)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return f"{pct:+}%"


def label(key: str) -> str:
    return str(KEY_LABELS.get(key, key))


def _rows(mapping: Any) -> list[tuple[str, str]]:
    """A nested {key: kg} mapping as (dotted key, tonnes) rows; non-numeric leaves shown as they are."""
    if not isinstance(mapping, dict):
        return []
    return [(k, tonnes(v) if isinstance(v, int) and not isinstance(v, bool) else str(v))
            for k, v in flatten(mapping).items()]  # fmt: skip


def _table(mapping: Any) -> dict[str, Any]:
    """{view: {key: kg}} as a table with one column per view; a flat {key: kg} as a single column."""
    if not isinstance(mapping, dict) or not mapping:
        return {"columns": [], "rows": []}
    if all(isinstance(v, dict) for v in mapping.values()):
        views = list(mapping)
        keys = sorted({k for v in mapping.values() for k in v})
        return {"columns": [str(VIEW_LABELS.get(v, v)) for v in views],
                "rows": [(label(k), [tonnes(mapping[v].get(k)) if isinstance(mapping[v].get(k), int) else "—"
                              for v in views]) for k in keys]}  # fmt: skip
    return {"columns": [""], "rows": [(label(k), [value]) for k, value in _rows(mapping)]}


def _sources(items: Any) -> list[dict[str, str]]:
    rows = []
    for item in items if isinstance(items, list) else []:
        if isinstance(item, dict):
            name = item.get("name") or item.get("name_zh") or item.get("code") or item.get("id") or ""
            kind = item.get("source_type") or item.get("type") or item.get("kind") or ""
            rest = {k: v for k, v in item.items() if k not in ("name", "name_zh", "source_type", "type", "kind", "id")
                    and isinstance(v, str | int) and not isinstance(v, bool) and v != ""}  # fmt: skip
            details = ", ".join(f"{k}: {v}" for k, v in rest.items())
            rows.append({"name": str(name), "type": label(str(kind)), "details": details})
        else:
            rows.append({"name": str(item), "type": "", "details": ""})
    return rows


def _methodology(inputs: dict[str, Any]) -> list[dict[str, Any]]:
    views = inputs.get("views") or {}
    result = []
    for name, payload in views.items() if isinstance(views, dict) else []:
        payload = payload if isinstance(payload, dict) else {}
        factors = sorted({f for line in payload.get("lines") or [] if isinstance(line, dict)
                          for f in line.get("factors") or []})  # fmt: skip
        result.append({"view": str(VIEW_LABELS.get(name, name)), "gwp_set": payload.get("gwp_set", ""),
                       "factors": factors, "lines": len(payload.get("lines") or [])})  # fmt: skip
    return result


def _surrender(version: ReportVersion) -> str:
    enterprise = version.report.enterprise
    if enterprise.ets == "none":
        return _("Not applicable: the enterprise is not in an emissions trading scheme.")
    status = acc.surrender_status(enterprise.pk, version.report.year)
    return _("Not available") if status is None else status.sentence()


def build(version: ReportVersion) -> dict[str, Any]:
    report = version.report
    enterprise = report.enterprise
    inputs = version.inputs or {}
    quality = inputs.get("quality") or {}
    figures = basis.figures(version)
    return {
        "identity": {
            "name_zh": enterprise.name_zh, "name_en": enterprise.name_en, "uscc": enterprise.uscc,
            "industry": str(enterprise.industry) if enterprise.industry_id else "", "address": enterprise.address,
            "ets": enterprise.get_ets_display(), "key_emitter": enterprise.key_emitter,
        },
        "period": {"year": report.year, "kind": report.get_kind_display(), "start": report.period_start,
                   "end": report.period_end, "event_date": report.event_date,
                   "event_reference": report.event_reference},
        "boundary": version.boundary or _("Legal-person boundary: all facilities and activities the enterprise "
                                          "operates in the reporting period."),
        "methodology": {"views": _methodology(inputs), "snapshot_digest": version.snapshot_digest,
                        "notes": version.methodology_notes},
        "sources": _sources(inputs.get("sources")),
        "activity": {"line_count": inputs.get("activity_line_count"),
                     "by_source_type": _table(inputs.get("by_source_type_kg"))},
        # One basis for the figure and everything beside it (``basis``): verified once there is a verified figure.
        "emissions": {
            "figure": tonnes(figures.figure_kg), "figure_kg": figures.figure_kg, "basis": figures.basis,
            "basis_label": str(BASIS_LABELS.get(figures.basis or "", "")),
            "total": tonnes(version.total_kg), "ghg_location": tonnes(version.ghg_location_kg),
            "ghg_market": tonnes(version.ghg_market_kg), "previous_year": tonnes(figures.previous_year_kg),
            "previous_year_kg": figures.previous_year_kg,
            "change": change_pct(figures.figure_kg, figures.previous_year_kg) if figures.change_pct else None,
            "verified": tonnes(version.verified_kg),
        },
        "by_scope": _table(inputs.get("by_scope_kg")),
        # Reports pinned before the rename carry ``by_gas_kg``, which always held kgCO2e per gas.
        "by_gas": _table(inputs.get("by_gas_co2e_kg", inputs.get("by_gas_kg"))),
        "intensities": [
            {"name": acc.intensity_label(k), "value": str(v.get("value", "")), "unit": str(v.get("unit", ""))}
            for k, v in sorted(figures.intensities.items())
        ],
        "surrender": _surrender(version),
        "reduction_targets": version.reduction_targets,
        "reduction_actions": version.reduction_actions,
        "quality": {
            "score": version.quality_score,
            "flags": [f if isinstance(f, dict) else {"reason": str(f)} for f in quality.get("flags") or []],
            "statement": version.quality_statement,
        },
    }  # fmt: skip


def diff_payload(version: ReportVersion) -> dict[str, Any]:
    """The numbers a restatement diff compares: headline totals and the China-view lines."""
    inputs = version.inputs or {}
    china = (inputs.get("views") or {}).get("china_regulatory") or {}
    lines = [line for line in china.get("lines") or [] if isinstance(line, dict) and line.get("line_id")]
    return {
        "totals": {
            "total_kg": version.total_kg, "ghg_location_kg": version.ghg_location_kg,
            "ghg_market_kg": version.ghg_market_kg, "verified_kg": version.verified_kg,
            "by_scope_kg": inputs.get("by_scope_kg") or {}, "by_source_type_kg": inputs.get("by_source_type_kg") or {},
            "snapshot_digest": version.snapshot_digest,
        },
        "lines": lines,
    }  # fmt: skip


def diff(old: ReportVersion, new: ReportVersion) -> ReportDiff:
    return diff_reports(diff_payload(old), diff_payload(new))


def diff_data(result: ReportDiff) -> dict[str, Any]:
    return {
        "totals": [{"key": c.key, "old": c.old, "new": c.new, "delta": None if c.delta is None else str(c.delta)}
                   for c in result.totals_changed],
        "lines_added": [dict(line) for line in result.lines_added],
        "lines_removed": [dict(line) for line in result.lines_removed],
        "lines_changed": [{"line_id": c.line_id, "fields": {k: [v[0], v[1]] for k, v in c.fields.items()}}
                          for c in result.lines_changed],
    }  # fmt: skip
