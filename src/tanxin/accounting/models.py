"""Accounting tables: the factor library, emission sources, activity lines, evidence, statistics and
stored inventories.

Numbers that must stay exact (factor values, activity quantities) are stored as decimal *text*:
SQLite keeps a DECIMAL column as a float, and a factor library whose digest must reproduce cannot
round-trip through binary floating point. Emissions are integers (kgCO2e).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from tanxin.accounting.gate import EnterpriseDataQuerySet, FactorQuerySet
from tanxin.orgs.audit import AuditedModel

DECIMAL_TEXT = 40  # max length of a decimal written as text


class Confidence(models.TextChoices):
    V = "V", _("Verified (official text)")
    V3P = "V-3p", _("Verified (third-party copy)")
    M = "M", _("To be confirmed")


class FactorRecord(AuditedModel):
    """One published value. A correction is a new row; the old row points to it (never overwritten)."""

    factor_id = models.CharField(_("factor id"), max_length=100, unique=True)
    family = models.CharField(_("family"), max_length=40, db_index=True)
    subject = models.CharField(_("subject code"), max_length=40)
    name_zh = models.CharField(_("name (Chinese)"), max_length=200, blank=True)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    year = models.PositiveSmallIntegerField(_("data year"), null=True, blank=True)
    value = models.CharField(_("value"), max_length=DECIMAL_TEXT)
    unit = models.CharField(_("unit"), max_length=40)
    method_document = models.CharField(_("method document"), max_length=300, blank=True)
    publisher = models.CharField(_("publisher"), max_length=200, blank=True)
    source_ref = models.CharField(_("source reference"), max_length=300, blank=True)
    confidence = models.CharField(_("confidence"), max_length=5, choices=Confidence.choices)
    notes = models.TextField(_("notes"), blank=True)
    shipped = models.BooleanField(_("shipped with the platform"), default=False)
    superseded_by = models.ForeignKey(
        "self", verbose_name=_("superseded by"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="supersedes",
    )
    superseded_at = models.DateTimeField(_("superseded"), null=True, blank=True)
    supersede_reason = models.CharField(_("reason"), max_length=300, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    objects = FactorQuerySet.as_manager()

    class Meta:
        ordering = ["family", "subject", "year", "factor_id"]
        verbose_name = _("emission factor")
        verbose_name_plural = _("emission factors")

    def __str__(self) -> str:
        return self.factor_id

    @property
    def name(self) -> str:
        if (get_language() or "").startswith("en") and self.name_en:
            return self.name_en
        return self.name_zh or self.name_en

    @property
    def source(self) -> str:
        return f"{self.publisher}: {self.method_document}; {self.source_ref}"

    @property
    def to_be_confirmed(self) -> bool:
        return self.confidence == Confidence.M


class GwpValue(models.Model):
    """100-year GWP of one gas in one IPCC assessment report (IPCC values are not edited here)."""

    gas = models.CharField(_("gas"), max_length=40)
    name_zh = models.CharField(_("name (Chinese)"), max_length=100, blank=True)
    gwp_set = models.CharField(_("GWP set"), max_length=8)
    value = models.CharField(_("value"), max_length=DECIMAL_TEXT)
    notes = models.CharField(_("notes"), max_length=300, blank=True)

    objects = FactorQuerySet.as_manager()

    class Meta:
        ordering = ["gas", "gwp_set"]
        constraints = [models.UniqueConstraint(fields=["gas", "gwp_set"], name="one_gwp_per_gas_and_set")]

    def __str__(self) -> str:
        return f"{self.gas} {self.gwp_set} = {self.value}"


class ReferenceParameter(models.Model):
    """Constants the formulas need (44/12, steam reference enthalpy...), blends and the steam table
    are stored as ``kind`` rows so the whole snapshot comes from the database."""

    class Kind(models.TextChoices):
        PARAMETER = "parameter", _("Parameter")
        BLEND = "blend", _("Refrigerant blend")
        STEAM = "steam", _("Saturated steam")

    kind = models.CharField(max_length=10, choices=Kind.choices)
    key = models.CharField(max_length=100)
    data = models.JSONField(default=dict)  # strings only: decimals stay exact

    objects = FactorQuerySet.as_manager()

    class Meta:
        ordering = ["kind", "key"]
        constraints = [models.UniqueConstraint(fields=["kind", "key"], name="one_reference_row")]

    def __str__(self) -> str:
        return f"{self.kind} {self.key}"


class SourceType(models.TextChoices):
    FUEL_COMBUSTION = "fuel_combustion", _("Fuel combustion")
    ELECTRICITY = "electricity", _("Electricity")
    HEAT = "heat", _("Heat, steam and hot water")
    REFRIGERANT = "refrigerant", _("Refrigerant")
    PROCESS_CARBONATE = "process_carbonate", _("Process (carbonates)")


class LineKind(models.TextChoices):
    FUEL = "fuel", _("Fuel")
    ELECTRICITY = "electricity", _("Electricity")
    HEAT = "heat", _("Heat")
    STEAM = "steam", _("Steam")
    HOT_WATER = "hot_water", _("Hot water")
    REFRIGERANT_LEAK = "refrigerant_leak", _("Refrigerant (charge × leak rate)")
    REFRIGERANT_BALANCE = "refrigerant_balance", _("Refrigerant (mass balance)")
    CARBONATE = "carbonate", _("Carbonate")


# Which line kinds a source of each type may hold.
KINDS_BY_SOURCE_TYPE = {
    SourceType.FUEL_COMBUSTION: (LineKind.FUEL,),
    SourceType.ELECTRICITY: (LineKind.ELECTRICITY,),
    SourceType.HEAT: (LineKind.HEAT, LineKind.STEAM, LineKind.HOT_WATER),
    SourceType.REFRIGERANT: (LineKind.REFRIGERANT_LEAK, LineKind.REFRIGERANT_BALANCE),
    SourceType.PROCESS_CARBONATE: (LineKind.CARBONATE,),
}


class EmissionSource(AuditedModel):
    class Category(models.TextChoices):
        BOILER = "boiler", _("Boiler")
        VEHICLE = "vehicle", _("Vehicles")
        KITCHEN = "kitchen", _("Kitchen")
        GENERATOR = "generator", _("Generator")
        CHILLER = "chiller", _("Chiller / air conditioning")
        PROCESS = "process", _("Process")
        BUILDING = "building", _("Building / site supply")
        OTHER = "other", _("Other")

    enterprise = models.ForeignKey(
        "orgs.Organisation", verbose_name=_("enterprise"), on_delete=models.PROTECT, related_name="emission_sources"
    )
    name = models.CharField(_("name"), max_length=200)
    source_type = models.CharField(_("source type"), max_length=20, choices=SourceType.choices)
    category = models.CharField(_("category"), max_length=12, choices=Category.choices, default=Category.OTHER)
    subject = models.CharField(
        _("fuel, refrigerant or carbonate"), max_length=40, blank=True,
        help_text=_("Fuel code (DIESEL, NATURAL_GAS...), refrigerant (R-410A, HFC-134a) or carbonate (CaCO3)."),
    )
    facility = models.CharField(_("facility"), max_length=200, blank=True)
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = EnterpriseDataQuerySet.as_manager()

    class Meta:
        ordering = ["enterprise_id", "source_type", "name"]
        verbose_name = _("emission source")
        verbose_name_plural = _("emission sources")
        constraints = [models.UniqueConstraint(fields=["enterprise", "name"], name="unique_source_name")]

    def __str__(self) -> str:
        return self.name


class ActivityLine(AuditedModel):
    """One month (``month`` 1–12) or one whole year (``month`` 0) of activity for a source.

    ``data`` holds the line's numeric fields as decimal strings (quantity, density, measured NCV...).
    Computed emissions live in ``Inventory.line_results`` (one write per enterprise-year, not per line).
    """

    enterprise = models.ForeignKey("orgs.Organisation", on_delete=models.PROTECT, related_name="activity_lines")
    source = models.ForeignKey(EmissionSource, verbose_name=pgettext_lazy("emissions", "source"),
                               on_delete=models.PROTECT, related_name="lines")  # fmt: skip
    year = models.PositiveSmallIntegerField(_("year"))
    month = models.PositiveSmallIntegerField(_("month"), default=0, help_text=_("0 for an annual figure"))
    kind = models.CharField(_("kind"), max_length=20, choices=LineKind.choices)
    unit = models.CharField(_("unit"), max_length=40)
    data = models.JSONField(default=dict)
    lab_report = models.ForeignKey(
        "EvidenceFile", verbose_name=_("lab report"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )
    notes = models.CharField(_("notes"), max_length=500, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    updated_at = models.DateTimeField(auto_now=True)

    objects = EnterpriseDataQuerySet.as_manager()

    class Meta:
        ordering = ["year", "month", "source_id"]
        indexes = [models.Index(fields=["enterprise", "year"])]
        constraints = [
            models.UniqueConstraint(fields=["source", "year", "month"], name="one_line_per_source_period"),
            models.CheckConstraint(condition=models.Q(month__lte=12), name="month_0_to_12"),
        ]

    def __str__(self) -> str:
        return f"{self.source} {self.period_label}"

    @property
    def period(self) -> str | None:
        return f"{self.year}-{self.month:02d}" if self.month else None

    @property
    def period_label(self) -> str:
        return self.period or str(self.year)

    @property
    def quantity(self) -> str:
        return self.data.get("quantity") or self.data.get("charge") or ""


class EvidenceFile(models.Model):
    """An uploaded file, stored content-addressed: the storage name is the SHA-256 of its bytes."""

    class FileType(models.TextChoices):
        PDF = "pdf", "PDF"
        JPEG = "jpeg", "JPEG"
        PNG = "png", "PNG"
        XLSX = "xlsx", "XLSX"

    class Purpose(models.TextChoices):
        EVIDENCE = "evidence", _("Evidence")
        LAB_REPORT = "lab_report", _("Lab report")

    enterprise = models.ForeignKey("orgs.Organisation", on_delete=models.PROTECT, related_name="evidence_files")
    line = models.ForeignKey(ActivityLine, null=True, blank=True, on_delete=models.SET_NULL, related_name="evidence")
    sha256 = models.CharField(max_length=64, db_index=True)
    storage_name = models.CharField(max_length=200)
    file_type = models.CharField(_("type"), max_length=5, choices=FileType.choices)
    size = models.PositiveIntegerField(pgettext_lazy("file", "size"))
    original_name = models.CharField(_("file name"), max_length=255)
    purpose = models.CharField(_("purpose"), max_length=12, choices=Purpose.choices, default=Purpose.EVIDENCE)
    description = models.CharField(_("description"), max_length=200, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    uploaded_at = models.DateTimeField(default=timezone.now)

    objects = EnterpriseDataQuerySet.as_manager()

    class Meta:
        ordering = ["-uploaded_at"]

    def __str__(self) -> str:
        return self.original_name


class AnnualStatistics(AuditedModel):
    """Denominators for intensities, as reported by the enterprise for one year (decimal text)."""

    enterprise = models.ForeignKey("orgs.Organisation", on_delete=models.PROTECT, related_name="annual_statistics")
    year = models.PositiveSmallIntegerField(_("year"))
    revenue_wan = models.CharField(_("revenue (10^4 CNY)"), max_length=DECIMAL_TEXT, blank=True)
    value_added_wan = models.CharField(_("value added (10^4 CNY)"), max_length=DECIMAL_TEXT, blank=True)
    output = models.CharField(_("output"), max_length=DECIMAL_TEXT, blank=True)
    output_unit = models.CharField(_("output unit"), max_length=40, blank=True)
    floor_area_m2 = models.CharField(_("floor area (m²)"), max_length=DECIMAL_TEXT, blank=True)
    employees = models.PositiveIntegerField(_("employees"), null=True, blank=True)

    objects = EnterpriseDataQuerySet.as_manager()

    class Meta:
        ordering = ["enterprise_id", "year"]
        constraints = [models.UniqueConstraint(fields=["enterprise", "year"], name="one_statistics_per_year")]

    def __str__(self) -> str:
        return f"{self.enterprise_id} {self.year}"


class Inventory(models.Model):
    """The stored result of the last recompute of one enterprise-year (integers, kgCO2e)."""

    enterprise = models.ForeignKey("orgs.Organisation", on_delete=models.CASCADE, related_name="inventories")
    year = models.PositiveSmallIntegerField()
    snapshot_digest = models.CharField(max_length=64)
    total_china_kg = models.BigIntegerField()
    total_ghg_location_kg = models.BigIntegerField()
    total_ghg_market_kg = models.BigIntegerField()
    summary = models.JSONField(default=dict)  # by scope / source type / gas per view
    line_results = models.JSONField(default=dict)  # line id -> [china, location, market] kgCO2e
    quality_score = models.PositiveSmallIntegerField()
    flags = models.JSONField(default=list)
    line_count = models.PositiveIntegerField()
    error = models.CharField(max_length=500, blank=True)
    computed_at = models.DateTimeField(default=timezone.now)

    objects = EnterpriseDataQuerySet.as_manager()

    class Meta:
        ordering = ["enterprise_id", "year"]
        constraints = [models.UniqueConstraint(fields=["enterprise", "year"], name="one_inventory_per_year")]

    def __str__(self) -> str:
        return f"{self.enterprise_id} {self.year}: {self.total_china_kg} kgCO2e"
