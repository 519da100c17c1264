"""Factor library writes (bureau staff): add a factor or a new year, and correct a value by superseding.

Nothing is overwritten: a correction is a new row and the old row records what replaced it, when and
why, so a report pinned to an older snapshot can still be explained.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from tanxin.accounting.domain.factors import GWP_SETS
from tanxin.accounting.models import Confidence, FactorRecord, GwpValue
from tanxin.accounting.tasks import recompute_inventories
from tanxin.common.errors import Conflict, DomainError, NotFound, PermissionDenied

FAMILY_UNITS = {
    "grid_average": ("tCO2/MWh",), "grid_regional": ("tCO2/MWh",), "grid_provincial": ("tCO2/MWh",),
    "grid_ets": ("tCO2/MWh",), "grid_residual": ("tCO2/MWh",), "grid_fossil": ("tCO2/MWh",),
    "heat": ("tCO2/GJ",), "fuel_ncv": ("GJ/t", "GJ/10^4 Nm3"), "fuel_cc": ("tC/GJ",), "fuel_of": ("fraction",),
}  # fmt: skip
_ID = re.compile(r"^[a-z0-9_.\-]{3,100}$")
EDIT_FIELDS = ("factor_id", "family", "subject", "name_zh", "name_en", "year", "value", "unit", "method_document",
               "publisher", "source_ref", "confidence", "notes")  # fmt: skip


def _error(field: str, message: str, code: str = "validation_error") -> DomainError:
    return DomainError(message, code=code, details={field: [message]})


def _require_staff(user: Any) -> None:
    if not FactorRecord.objects.visible_to(user, "change").exists():
        raise PermissionDenied(_("Only bureau staff may change the factor library."))


def search(user: Any, q: str = "", family: str = "", include_superseded: bool = False) -> QuerySet[FactorRecord]:
    qs = FactorRecord.objects.visible_to(user, "view").select_related("superseded_by")
    if not include_superseded:
        qs = qs.filter(superseded_by__isnull=True)
    if family:
        qs = qs.filter(family=family)
    if q:
        q = q.strip()[:100]
        qs = qs.filter(Q(factor_id__icontains=q) | Q(subject__icontains=q) | Q(name_zh__icontains=q)
                       | Q(name_en__icontains=q) | Q(publisher__icontains=q))  # fmt: skip
    return qs


def gwp_table(user: Any) -> list[dict[str, Any]]:
    rows: dict[str, dict[str, Any]] = {}
    for g in GwpValue.objects.visible_to(user, "view").order_by("gas"):
        row = rows.setdefault(g.gas, {"gas": g.gas, "name_zh": g.name_zh, "notes": g.notes})
        row[g.gwp_set] = g.value
    return [{**{s: "" for s in GWP_SETS}, **row} for row in rows.values()]


def reference_tables(user: Any) -> dict[str, list[dict[str, Any]]]:
    """Constants, refrigerant blends and the saturated-steam table, with their sources and confidence."""
    from tanxin.accounting.models import ReferenceParameter

    tables: dict[str, list[dict[str, Any]]] = {"parameter": [], "blend": [], "steam": []}
    for ref in ReferenceParameter.objects.visible_to(user, "view").order_by("kind", "id"):
        tables[ref.kind].append({"key": ref.key, **ref.data})
    return tables


def _validated(data: dict[str, Any]) -> dict[str, Any]:
    clean = {k: (str(v).strip() if isinstance(v, str) else v) for k, v in data.items() if k in EDIT_FIELDS}
    if not _ID.match(clean.get("factor_id") or ""):
        raise _error("factor_id", _("Use 3–100 lower-case letters, digits, dots, dashes or underscores."))
    family = clean.get("family") or ""
    if family not in FAMILY_UNITS:
        raise _error("family", _("Not one of the allowed values."))
    if clean.get("unit") not in FAMILY_UNITS[family]:
        raise _error("unit", _("A %(family)s factor must be in %(units)s.") % {
            "family": family, "units": " / ".join(FAMILY_UNITS[family])})
    if not clean.get("subject"):
        raise _error("subject", _("This field is required."))
    try:
        value = Decimal(str(clean.get("value", "")))
    except InvalidOperation:
        value = None
    if value is None or not value.is_finite() or value <= 0 or (family == "fuel_of" and value > 1):
        raise _error("value", _("Enter a positive number (an oxidation rate is at most 1)."))
    clean["value"] = str(value)
    year = clean.get("year")
    if year in ("", None):
        clean["year"] = None
    else:
        try:
            clean["year"] = int(year)
        except (TypeError, ValueError):
            clean["year"] = 0
        if not 1990 <= clean["year"] <= 2100:
            raise _error("year", _("The year must be between %(low)d and %(high)d.") % {"low": 1990, "high": 2100})
    if clean.get("confidence") not in Confidence.values:
        raise _error("confidence", _("Not one of the allowed values."))
    if not (clean.get("publisher") and clean.get("source_ref")):
        field = "publisher" if not clean.get("publisher") else "source_ref"
        raise _error(field, _("State where the value was published."))
    return clean


@transaction.atomic
def add_factor(user: Any, data: dict[str, Any]) -> FactorRecord:
    """A new factor, or a new year of an existing one. A second value for the same family, subject and
    year is a correction: use ``supersede``."""
    _require_staff(user)
    clean = _validated(data)
    clash = FactorRecord.objects.current().filter(family=clean["family"], subject=clean["subject"],
                                                   year=clean["year"])  # fmt: skip
    if clash.exists():
        raise Conflict(_("A current value for this factor and year exists; supersede it to correct it."),
                       code="factor_exists", details={"year": [_("Already in the library.")]})  # fmt: skip
    factor = FactorRecord(**clean, created_by=user)
    factor._history_user = user
    try:
        with transaction.atomic():
            factor.save()
    except IntegrityError as exc:
        raise Conflict(_("This factor id is already used."), code="duplicate_factor_id",
                       details={"factor_id": [_("This factor id is already used.")]}) from exc  # fmt: skip
    _recompute_after_commit()
    return factor


@transaction.atomic
def supersede(user: Any, factor_pk: int, data: dict[str, Any], reason: str) -> FactorRecord:
    """Correct a value: the new row takes the old one's family, subject and year."""
    _require_staff(user)
    old = FactorRecord.objects.select_for_update().filter(pk=factor_pk).first()
    if old is None:
        raise NotFound(_("Factor not found."))
    if old.superseded_by_id:
        raise Conflict(_("This factor has already been superseded."), code="already_superseded")
    if not reason.strip():
        raise _error("reason", _("Say why the value is corrected."))
    merged = {f: getattr(old, f) for f in EDIT_FIELDS} | {k: v for k, v in data.items() if k in EDIT_FIELDS}
    merged.update(family=old.family, subject=old.subject, year=old.year)
    clean = _validated(merged)
    new = FactorRecord(**clean, created_by=user)
    new._history_user = user
    try:
        with transaction.atomic():
            new.save()
    except IntegrityError as exc:
        raise Conflict(_("This factor id is already used."), code="duplicate_factor_id",
                       details={"factor_id": [_("This factor id is already used.")]}) from exc  # fmt: skip
    old.superseded_by, old.superseded_at, old.supersede_reason = new, timezone.now(), reason.strip()[:300]
    old._history_user = user
    old.save(update_fields=["superseded_by", "superseded_at", "supersede_reason"])
    _recompute_after_commit()
    return new


def _recompute_after_commit() -> None:
    transaction.on_commit(lambda: recompute_inventories.enqueue())
