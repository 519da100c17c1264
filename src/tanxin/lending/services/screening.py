"""Screening writes: credit records, financial statements and scorecard versions.

Each function checks the gate, validates everything (every problem reported at once, in the user's
language), then writes in one transaction. Consent requests, visits and outreach are in
``screening_contacts``.
"""

from __future__ import annotations

import copy
from datetime import date
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tanxin.common.errors import Conflict, DomainError, NotFound, PermissionDenied, field_error
from tanxin.common.files import file_kind
from tanxin.lending.domain import scorecard as sc
from tanxin.lending.models import CreditRecord, FinancialStatement, ScorecardVersion
from tanxin.orgs import access
from tanxin.orgs.domain.roles import OrgKind
from tanxin.orgs.gate import principal_for
from tanxin.orgs.models import Jurisdiction, Organisation
from tanxin.web.storage import store_once

CREDIT_VALUES: dict[str, tuple[str, ...]] = {
    "dishonest_debtor": ("listed", "not_listed"),
    "env_credit": ("green", "blue", "yellow", "red"),
    "tax_credit": ("A", "B", "M", "C", "D"),
}
MAX_OVERDUE = 999
EVIDENCE_KINDS = {"pdf": "pdf", "jpeg": "jpg", "png": "png"}


def enterprise_for(user: Any, enterprise_id: int, action: str = "change") -> Organisation:
    """The enterprise, if this user may see (``view``) or record for (``change``) its screening data."""
    p = principal_for(user)
    org = Organisation.objects.visible_to(user, "view").filter(pk=enterprise_id, kind=OrgKind.ENTERPRISE).first()
    if org is None:
        raise NotFound(_("Enterprise not found."))
    if action == "change" and not (access.is_staff_for(p, org.jurisdiction_id)
                                   or org.pk in p.org_ids):  # fmt: skip
        raise PermissionDenied(_("Only the bureau or the enterprise itself may record this."))
    return org


def recording_org(user: Any, enterprise: Organisation) -> Organisation:
    """The organisation a record is attributed to: the enterprise itself, else the user's bureau."""
    p = principal_for(user)
    if enterprise.pk in p.org_ids:
        return enterprise
    bureau_ids = [s.org_id for s in p.seats if s.kind == OrgKind.BUREAU]
    org = Organisation.objects.filter(pk__in=bureau_ids).order_by("pk").first()
    if org is None:  # a superuser without a seat: the bureau of the enterprise's jurisdiction
        org = Organisation.objects.filter(kind=OrgKind.BUREAU, jurisdiction_id=enterprise.jurisdiction_id).first()
    if org is None:
        raise PermissionDenied(_("Only the bureau or the enterprise itself may record this."))
    return org


def check_evidence(name: str, content: bytes) -> str:
    """The stored extension for an evidence file, or a clear refusal."""
    if len(content) > settings.TANXIN_EVIDENCE_MAX_BYTES:
        raise field_error("evidence", _("The file is too large (at most %(mb)d MB).")
                          % {"mb": settings.TANXIN_EVIDENCE_MAX_BYTES // (1024 * 1024)})  # fmt: skip
    kind = file_kind(content)
    if kind not in EVIDENCE_KINDS:
        raise field_error("evidence", _("Evidence must be a PDF, JPEG or PNG file."))
    if not name.strip() or len(name) > 200:
        raise field_error("evidence", _("Give the file a name of at most 200 characters."))
    return EVIDENCE_KINDS[kind]


def _attach(row: Any, evidence: tuple[str, bytes] | None) -> None:
    if evidence is None:
        return
    name, content = evidence
    extension = check_evidence(name, content)
    row.evidence_sha256, row.evidence_blob = store_once("lending/evidence", content, extension)
    row.evidence_name = name.strip()


def _check_date(field: str, value: Any) -> date:
    if not isinstance(value, date):
        raise field_error(field, _("Enter a valid date."))
    if value > timezone.localdate():
        raise field_error(field, _("The date cannot be in the future."))
    return value


def record_credit(user: Any, enterprise_id: int, kind: str, value: str, as_of: date, *, amount_fen: int | None = None,
                  note: str = "", evidence: tuple[str, bytes] | None = None) -> CreditRecord:  # fmt: skip
    """Record one credit-status fact (dishonest-debtor list, environmental credit colour, tax credit grade,
    overdue loans) with its date and, ideally, its evidence."""
    enterprise = enterprise_for(user, enterprise_id, "change")
    if kind not in CreditRecord.Kind.values:
        raise field_error("kind", _("Choose a valid kind of credit record."))
    value = (value or "").strip()
    if kind == "overdue_loans":
        if not value.isdigit() or int(value) > MAX_OVERDUE:
            raise field_error("value", _("Enter the number of overdue loans (0 to %(max)d).") % {"max": MAX_OVERDUE})
        value = str(int(value))
        if amount_fen is not None and (isinstance(amount_fen, bool) or amount_fen < 0):
            raise field_error("amount_fen", _("The amount cannot be negative."))
    elif value not in CREDIT_VALUES[kind]:
        raise field_error("value", _("Choose a valid value for this kind of record."))
    if len(note) > 500:
        raise field_error("note", _("At most 500 characters."))
    row = CreditRecord(enterprise=enterprise, kind=kind, value=value, as_of=_check_date("as_of", as_of),
                       amount_fen=amount_fen if kind == "overdue_loans" else None, note=note.strip(),
                       source_org=recording_org(user, enterprise), recorded_by=user)  # fmt: skip
    _attach(row, evidence)
    with transaction.atomic():
        row._history_user = user
        row.save()
    return row


def record_financials(user: Any, enterprise_id: int, period_end: date, revenue_fen: int, net_profit_fen: int,
                      total_assets_fen: int, total_liabilities_fen: int,
                      evidence: tuple[str, bytes] | None = None) -> FinancialStatement:  # fmt: skip
    """Key figures of a financial year; the latest period end feeds the card."""
    enterprise = enterprise_for(user, enterprise_id, "change")
    errors: dict[str, list[Any]] = {}
    amounts = {"revenue_fen": revenue_fen, "net_profit_fen": net_profit_fen, "total_assets_fen": total_assets_fen,
               "total_liabilities_fen": total_liabilities_fen}  # fmt: skip
    for key, value in amounts.items():
        if not isinstance(value, int) or isinstance(value, bool):
            errors[key] = [_("Enter a whole number of fen.")]
    if not errors:
        if revenue_fen < 0:
            errors["revenue_fen"] = [_("The amount cannot be negative.")]
        if total_assets_fen <= 0:
            errors["total_assets_fen"] = [_("Total assets must be more than zero.")]
        if total_liabilities_fen < 0:
            errors["total_liabilities_fen"] = [_("The amount cannot be negative.")]
    if errors:
        raise DomainError(_("Please correct the errors below."), code="validation_error", details=errors)
    row = FinancialStatement(enterprise=enterprise, period_end=_check_date("period_end", period_end),
                             source_org=recording_org(user, enterprise), recorded_by=user, **amounts)  # fmt: skip
    _attach(row, evidence)
    with transaction.atomic():
        row._history_user = user
        row.save()
    return row


# ---------------------------------------------------------------- scorecard versions


def _staff_jurisdiction(user: Any, jurisdiction_id: int) -> Jurisdiction:
    p = principal_for(user)
    if not access.is_staff_for(p, jurisdiction_id):
        raise PermissionDenied(_("Only bureau staff of this jurisdiction may change the scorecard."))
    jurisdiction = Jurisdiction.objects.filter(pk=jurisdiction_id).first()
    if jurisdiction is None:
        raise NotFound(_("Jurisdiction not found."))
    return jurisdiction


PROBLEM_MESSAGES = {
    "unknown_pillar": gettext_lazy("unknown pillar"),
    "weight_not_a_non_negative_number": gettext_lazy("the weight must be a number of zero or more"),
    "weights_do_not_sum_to_100": gettext_lazy("the pillar weights must add up to 100"),
    "unknown_factor": gettext_lazy("unknown factor"),
    "duplicate_factor": gettext_lazy("the factor appears twice"),
    "factor_weights_do_not_sum_to_100": gettext_lazy("the factor weights of this pillar must add up to 100"),
    "bins_need_a_final_catch_all": gettext_lazy("the last bin must have no threshold (it catches every other value)"),
    "unknown_direction": gettext_lazy("the direction must be higher or lower"),
    "threshold_not_a_number": gettext_lazy("every threshold must be a number"),
    "thresholds_out_of_order": gettext_lazy("thresholds must run from the best value to the worst"),
    "points_outside_0_100": gettext_lazy("points must lie between 0 and 100"),
    "category_map_empty": gettext_lazy("a category factor needs its values and points"),
    "unknown_kind": gettext_lazy("the kind must be numeric or category"),
    "no_bands": gettext_lazy("at least one band is needed"),
    "band_min_score_outside_0_100": gettext_lazy("a band's lowest score must lie between 0 and 100"),
    "ltv_cap_outside_0_1": gettext_lazy("the LTV cap must lie between 0 and 1"),
    "spread_outside_0_2000": gettext_lazy("the spread must lie between 0 and 2,000 basis points"),
    "bands_not_in_descending_order": gettext_lazy("bands must run from the highest lowest-score down, without repeats"),
    "lowest_band_must_start_at_0": gettext_lazy("the last band must start at a score of 0"),
    "unknown_knockout": gettext_lazy("unknown knock-out"),
}


def _validated(config: Any) -> dict[str, Any]:
    if not isinstance(config, dict):
        raise field_error("config", _("The scorecard must be a JSON object."))
    try:
        found = sc.problems(config)
    except (AttributeError, TypeError, ValueError):
        found = [{"where": "config", "problem": "unknown_kind"}]
    if found:
        details = [f"{p['where']}: {PROBLEM_MESSAGES.get(p['problem'], p['problem'])}" for p in found]
        raise DomainError(_("The scorecard is not valid."), code="invalid_scorecard", details={"config": details})
    return copy.deepcopy(config)


def create_version(user: Any, jurisdiction_id: int, config: Any, note: str = "") -> ScorecardVersion:
    """A new draft version (the next number); the active one is untouched until this one is activated."""
    jurisdiction = _staff_jurisdiction(user, jurisdiction_id)
    config = _validated(config)
    if len(note) > 500:
        raise field_error("note", _("At most 500 characters."))
    with transaction.atomic():
        latest = ScorecardVersion.objects.select_for_update().filter(jurisdiction=jurisdiction).order_by(
            "-version").first()  # fmt: skip
        row = ScorecardVersion(jurisdiction=jurisdiction, version=(latest.version + 1) if latest else 1,
                               previous=latest, config=config, fingerprint=sc.fingerprint(config), note=note.strip(),
                               created_by=user)  # fmt: skip
        row._history_user = user
        try:
            with transaction.atomic():
                row.save()
        except IntegrityError as exc:
            raise Conflict(_("Another version was saved at the same moment; try again.")) from exc
    return row


def activate_version(user: Any, version_id: int) -> ScorecardVersion:
    """Make a draft the jurisdiction's active scorecard; the previous active one is retired, never edited."""
    row = ScorecardVersion.objects.visible_to(user, "manage").filter(pk=version_id).first()
    if row is None:
        raise NotFound(_("Scorecard version not found."))
    if row.status != ScorecardVersion.Status.DRAFT:
        raise Conflict(_("Only a draft version can be activated."))
    if sc.fingerprint(row.config) != row.fingerprint:
        raise Conflict(_("This version's content does not match its fingerprint."))
    with transaction.atomic():
        for old in ScorecardVersion.objects.select_for_update().filter(jurisdiction_id=row.jurisdiction_id,
                                                                       status=ScorecardVersion.Status.ACTIVE):
            old.status = ScorecardVersion.Status.RETIRED
            old._history_user = user
            old.save(update_fields=["status"])
        row.status, row.activated_at = ScorecardVersion.Status.ACTIVE, timezone.now()
        row._history_user = user
        row.save(update_fields=["status", "activated_at"])
    return row


def default_config() -> dict[str, Any]:
    """A fresh copy of the proposed default card (to start a first version from)."""
    return copy.deepcopy(sc.DEFAULT_CONFIG)


def bp_to_rate(spread_bp: int) -> Decimal:
    return Decimal(spread_bp) / Decimal(10_000)
