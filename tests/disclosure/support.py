"""Helpers: accounting inputs shaped like ``tanxin.accounting.services.report_inputs``, and a report driven
through the workflow by the personas."""

from __future__ import annotations

from typing import Any

from tanxin.disclosure import services
from tanxin.disclosure.models import ReportVersion

PDF = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"


def make_inputs(
    enterprise_id: int = 0, year: int = 2025, total: int = 1_234_567, *, previous: int | None = 1_000_000,
    score: int = 92, flags: list[dict] | None = None, lines: list[dict] | None = None,
) -> dict[str, Any]:
    lines = lines if lines is not None else [
        {"line_id": "L1", "source_type": "fuel_combustion", "scope": 1, "co2e_kg": total - 234_567,
         "factors": ["diesel"]},
        {"line_id": "L2#prescribed", "source_type": "purchased_electricity", "scope": 2, "co2e_kg": 234_567,
         "factors": ["grid_south_2022"]},
    ]  # fmt: skip
    view = {"view": "china_regulatory", "gwp_set": "SAR", "reporting_year": year, "snapshot_digest": "d" * 64,
            "totals": {}, "lines": lines}  # fmt: skip
    return {
        "enterprise_id": enterprise_id, "year": year, "snapshot_digest": "d" * 64,
        "views": {"china_regulatory": view, "ghg_protocol": {**view, "view": "ghg_protocol", "gwp_set": "AR5"}},
        "total_kg": {"china_regulatory": total, "ghg_protocol_location": total + 10, "ghg_protocol_market": total - 10},
        "by_scope_kg": {"1": total - 234_567, "2": 234_567},
        "by_source_type_kg": {"fuel_combustion": total - 234_567, "purchased_electricity": 234_567},
        "by_gas_kg": {"CO2": total},
        "intensities": {"value_added": {"value": "0.4321", "unit": "tCO2e/10^4 CNY"}},
        "previous_year_total_kg": previous,
        "quality": {"score": score, "flags": flags or []},
        "sources": [{"name": "1号燃气锅炉", "source_type": "fuel_combustion"},
                    {"name": "市电", "source_type": "electricity"}],
        "activity_line_count": 24,
    }  # fmt: skip


def drive(world, to: str, *, enterprise: str = "enterprise_a", year: int = 2025, total: int = 1_234_567,
          **inputs_kw) -> ReportVersion:
    """A report of ``enterprise`` brought to state ``to`` by the right personas."""
    users = world.users
    org = world.orgs[enterprise]
    inputs = make_inputs(org.pk, year, total, **inputs_kw)
    version = services.create_report(users[enterprise], org.pk, year, inputs=inputs)
    steps = ["submitted", "accepted", "in_verification", "verified", "published"]
    if to == "draft":
        return version
    if to == "returned":
        services.act(users[enterprise], version.pk, "submit")
        return services.act(users["bureau_officer"], version.pk, "return", "请补充边界说明")
    for step in steps[: steps.index(to) + 1]:
        if step == "submitted":
            version = services.act(users[enterprise], version.pk, "submit")
        elif step == "accepted":
            version = services.act(users["bureau_officer"], version.pk, "accept")
        elif step == "in_verification":
            version = services.assign_verifier(users["bureau_officer"], version.pk, world.orgs["verifier_assigned"].pk)
        elif step == "verified":
            services.upload_statement(users["verifier_assigned"], version.pk, "statement.pdf", PDF)
            version = services.verify(users["verifier_assigned"], version.pk, total - 567, "合理保证")
        elif step == "published":
            version = services.act(users["bureau_officer"], version.pk, "publish")
    return version
