"""A published figure as a reproducible bundle: everything needed to recompute it outside the platform.

Who may download it is who may see the report's inputs: the bureau, the assigned verifier, a bank or guarantor
with the enterprise's consent, and the enterprise itself (the version gate). The bundle holds the activity
lines, the whole factor library with ids, values, sources and confidence tags, the enterprise's place, the rules
applied, the expected totals (as pinned when the report was filed) and the digests; ``python -m
tanxin.accounting.domain.bundle FILE`` (or ``manage.py recompute_bundle FILE``) recomputes it from the file alone.
"""

from __future__ import annotations

import json
from typing import Any

from django.utils.translation import gettext as _

from tanxin.accounting import facts as accounting
from tanxin.accounting.domain.bundle import BUNDLE_FORMAT
from tanxin.common.errors import Conflict, NotFound
from tanxin.disclosure import basis
from tanxin.disclosure.domain.workflow import State
from tanxin.disclosure.models import Report, ReportVersion

RECOMPUTE = "python -m tanxin.accounting.domain.bundle BUNDLE.json   (or: manage.py recompute_bundle BUNDLE.json)"


def build(version: ReportVersion) -> dict[str, Any]:
    """The bundle of a published annual version; the caller has checked the user may see the version."""
    report = version.report
    if version.state != State.PUBLISHED or report.kind != Report.Kind.ANNUAL:
        raise Conflict(_("Only a published annual figure can be downloaded as a bundle."), code="not_published")
    found = accounting.bundle_inputs(report.enterprise_id, report.year)
    if found is None:
        raise NotFound(_("The activity data behind this figure is no longer available."), code="no_activity_data")
    pinned = version.inputs or {}
    figures = basis.figures(version)
    return {
        "format": BUNDLE_FORMAT,
        "enterprise": {"id": report.enterprise_id, "uscc": report.enterprise.uscc, "name": report.enterprise.name_zh},
        "year": report.year,
        "report_version": {"id": version.pk, "number": version.number, "state": version.state,
                           "verified_at": version.verified_at, "published_at": version.published_at},
        **found,
        "pinned_snapshot_digest": version.snapshot_digest,
        "library_unchanged_since_filing": found["snapshot_digest"] == version.snapshot_digest,
        "expected": {"total_kg": pinned.get("total_kg") or {}, "calculated_kg": version.total_kg,
                     "verified_kg": version.verified_kg, "figure_kg": figures.figure_kg,
                     "figure_basis": figures.basis},
        "recompute": RECOMPUTE,
    }  # fmt: skip


def as_json(bundle: dict[str, Any]) -> bytes:
    return json.dumps(bundle, ensure_ascii=False, indent=1, default=str, sort_keys=True).encode("utf-8")


def filename(version: ReportVersion) -> str:
    return f"tanxin-bundle-{version.report.enterprise.uscc}-{version.report.year}-v{version.number}.json"
