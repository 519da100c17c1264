"""Disclosure reports: a report per enterprise, year and kind; versions carry the pinned figures and the
workflow state; events, comments, verifier assignments, findings and statements hang off a version.

Emissions are integer kgCO2e. A published version never changes (services refuse it; a database
trigger installed by migration 0002 refuses any UPDATE of a published row as a second line of defence).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from tanxin.disclosure.domain.workflow import State
from tanxin.disclosure.gate import (
    AssignmentQuerySet,
    ReportQuerySet,
    VersionChildQuerySet,
    VersionQuerySet,
)
from tanxin.orgs.audit import AuditedModel


class Report(AuditedModel):
    """One disclosure obligation: the annual report of a data year, an interim one, or a temporary one."""

    class Kind(models.TextChoices):
        ANNUAL = "annual", _("Annual")
        INTERIM = "interim", _("Interim")
        TEMPORARY = "temporary", _("Temporary")

    enterprise = models.ForeignKey(
        "orgs.Organisation", verbose_name=_("enterprise"), on_delete=models.PROTECT, related_name="disclosure_reports"
    )
    year = models.PositiveSmallIntegerField(_("data year"))
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.ANNUAL)
    # Interim reports cover part of the year; temporary ones answer an event (e.g. a penalty decision).
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    event_date = models.DateField(_("event date"), null=True, blank=True)
    event_reference = models.CharField(_("event reference"), max_length=200, blank=True)
    title = models.CharField(_("title"), max_length=200, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)

    objects = ReportQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "enterprise__name_zh", "kind"]
        verbose_name = _("disclosure report")
        verbose_name_plural = _("disclosure reports")
        constraints = [
            # Temporary reports may repeat within a year; annual and interim ones may not (a correction
            # is a new version of the same report, not a second report).
            models.UniqueConstraint(
                fields=["enterprise", "year", "kind"], condition=~models.Q(kind="temporary"),
                name="one_periodic_report_per_enterprise_year_kind",
            ),
        ]  # fmt: skip
        indexes = [models.Index(fields=["year", "kind"])]

    def __str__(self) -> str:
        return f"{self.enterprise} {self.year} {self.get_kind_display()}"


class ReportVersion(AuditedModel):
    """One version of a report: its content, the pinned accounting inputs and its own workflow state."""

    class StateChoice(models.TextChoices):
        DRAFT = State.DRAFT.value, pgettext_lazy("disclosure", "Draft")
        SUBMITTED = State.SUBMITTED.value, pgettext_lazy("disclosure", "Submitted")
        RETURNED = State.RETURNED.value, pgettext_lazy("disclosure", "Returned")
        ACCEPTED = State.ACCEPTED.value, pgettext_lazy("disclosure", "Accepted")
        IN_VERIFICATION = State.IN_VERIFICATION.value, pgettext_lazy("disclosure", "In verification")
        VERIFIED = State.VERIFIED.value, pgettext_lazy("disclosure", "Verified")
        PUBLISHED = State.PUBLISHED.value, pgettext_lazy("disclosure", "Published")

    report = models.ForeignKey(Report, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveSmallIntegerField(_("version"), default=1)
    previous = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="restated_by"
    )
    restatement_reason = models.TextField(_("restatement reason"), blank=True)
    state = models.CharField(_("state"), max_length=16, choices=StateChoice.choices, default=State.DRAFT.value)
    # Narrative content written by the enterprise (editable in draft or returned).
    boundary = models.TextField(_("organisational boundary"), blank=True)
    methodology_notes = models.TextField(_("methodology notes"), blank=True)
    reduction_targets = models.TextField(_("reduction targets"), blank=True)
    reduction_actions = models.TextField(_("reduction actions"), blank=True)
    quality_statement = models.TextField(_("data-quality statement"), blank=True)
    # Pinned accounting inputs (tanxin.accounting.services.report_inputs) and figures derived from them.
    inputs = models.JSONField(_("accounting inputs"), default=dict, blank=True)
    inputs_at = models.DateTimeField(_("inputs taken"), null=True, blank=True)
    snapshot_digest = models.CharField(_("factor snapshot"), max_length=64, blank=True)
    total_kg = models.BigIntegerField(_("total (China regulatory view), kgCO2e"), null=True, blank=True)
    ghg_location_kg = models.BigIntegerField(_("total (GHG Protocol, location-based), kgCO2e"), null=True, blank=True)
    ghg_market_kg = models.BigIntegerField(_("total (GHG Protocol, market-based), kgCO2e"), null=True, blank=True)
    previous_year_kg = models.BigIntegerField(_("previous year, kgCO2e"), null=True, blank=True)
    quality_score = models.PositiveSmallIntegerField(_("data-quality score"), null=True, blank=True)
    flag_count = models.PositiveIntegerField(_("data-quality flags"), default=0)
    # Verification and publication.
    verified_kg = models.BigIntegerField(_("verified total, kgCO2e"), null=True, blank=True)
    verification_opinion = models.TextField(_("verification opinion"), blank=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    verified_at = models.DateTimeField(_("verified"), null=True, blank=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = VersionQuerySet.as_manager()

    class Meta:
        ordering = ["report_id", "-number"]
        verbose_name = _("report version")
        verbose_name_plural = _("report versions")
        constraints = [models.UniqueConstraint(fields=["report", "number"], name="one_number_per_report_version")]
        indexes = [models.Index(fields=["state"])]

    def __str__(self) -> str:
        return f"{self.report} v{self.number}"

    @property
    def is_published(self) -> bool:
        return self.state == State.PUBLISHED

    @property
    def figure_kg(self) -> int | None:
        """The figure that counts: the verified total once there is one, else the calculated one."""
        return self.verified_kg if self.verified_kg is not None else self.total_kg


class WorkflowEvent(models.Model):
    """Append-only log: every transition (and creation, restatement, assignment) with actor, time, reason."""

    version = models.ForeignKey(ReportVersion, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(_("action"), max_length=24)
    from_state = models.CharField(_("from"), max_length=16, blank=True)
    to_state = models.CharField(_("to"), max_length=16)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    role = models.CharField(_("role"), max_length=12, blank=True)
    reason = models.TextField(pgettext_lazy("disclosure", "reason"), blank=True)
    at = models.DateTimeField(_("time"), default=timezone.now)

    objects = VersionChildQuerySet.as_manager()

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.version} {self.action} {self.from_state}→{self.to_state}"


class ReviewComment(models.Model):
    version = models.ForeignKey(ReportVersion, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    section = models.CharField(_("section"), max_length=40, blank=True)
    body = models.TextField(_("comment"))
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    objects = VersionChildQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.version}: {self.body[:40]}"


class VerifierAssignment(AuditedModel):
    """The bureau assigns a verification body to one version; only that body's people may act on it."""

    version = models.ForeignKey(ReportVersion, on_delete=models.CASCADE, related_name="assignments")
    verifier = models.ForeignKey(
        "orgs.Organisation", verbose_name=_("verifier"), on_delete=models.PROTECT, related_name="verification_work"
    )
    assigned_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    assigned_at = models.DateTimeField(default=timezone.now)

    objects = AssignmentQuerySet.as_manager()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["version"], name="one_verifier_per_version")]

    def __str__(self) -> str:
        return f"{self.version} → {self.verifier}"


class Finding(models.Model):
    class Severity(models.TextChoices):
        OBSERVATION = "observation", _("Observation")
        NONCONFORMITY = "nonconformity", _("Non-conformity")
        MATERIAL = "material", _("Material misstatement")

    version = models.ForeignKey(ReportVersion, on_delete=models.CASCADE, related_name="findings")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    severity = models.CharField(_("severity"), max_length=16, choices=Severity.choices)
    body = models.TextField(_("finding"))
    resolved = models.BooleanField(_("resolved"), default=False)
    created_at = models.DateTimeField(default=timezone.now)

    objects = VersionChildQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_severity_display()}: {self.body[:40]}"


class Statement(models.Model):
    """The verifier's signed statement (PDF), stored content-addressed."""

    version = models.ForeignKey(ReportVersion, on_delete=models.CASCADE, related_name="statements")
    file = models.FileField(upload_to="disclosure/statements/")
    original_name = models.CharField(max_length=200)
    sha256 = models.CharField(max_length=64)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField(default=timezone.now)

    objects = VersionChildQuerySet.as_manager()

    class Meta:
        ordering = ["-uploaded_at", "-pk"]

    def __str__(self) -> str:
        return self.original_name
