"""Applications, their status log, declarations and evidence files."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from tanxin.orgs.audit import AuditedModel
from tanxin.support.domain.workflow import ApplicationStatus
from tanxin.support.gate import (
    ApplicationChildQuerySet,
    ApplicationQuerySet,
)
from tanxin.support.models.schemes import (
    POINTS,
    Scheme,
)


class Application(AuditedModel):
    class Status(models.TextChoices):
        DRAFT = ApplicationStatus.DRAFT.value, _("Draft")
        SUBMITTED = ApplicationStatus.SUBMITTED.value, _("Submitted")
        WITHDRAWN = ApplicationStatus.WITHDRAWN.value, _("Withdrawn")
        RETURNED = ApplicationStatus.RETURNED.value, _("Returned for completion")
        INELIGIBLE = ApplicationStatus.INELIGIBLE.value, _("Ineligible")
        COMPLETE = ApplicationStatus.COMPLETE.value, _("Formally complete")
        UNDER_REVIEW = ApplicationStatus.UNDER_REVIEW.value, _("Under expert review")
        SCORED = ApplicationStatus.SCORED.value, _("Scored")
        AWARDED = ApplicationStatus.AWARDED.value, _("Awarded")
        NOT_AWARDED = ApplicationStatus.NOT_AWARDED.value, _("Not awarded")

    scheme = models.ForeignKey(Scheme, on_delete=models.PROTECT, related_name="applications")
    enterprise = models.ForeignKey("orgs.Organisation", on_delete=models.PROTECT, related_name="support_applications")
    status = models.CharField(_("status"), max_length=14, choices=Status.choices, default="draft", db_index=True)
    enterprise_type = models.CharField(_("enterprise type"), max_length=12)
    industry_code = models.CharField(_("industry"), max_length=8, blank=True)
    requested_fen = models.BigIntegerField(_("amount requested (fen)"), null=True, blank=True)
    project_summary = models.TextField(_("summary of green and low-carbon practice"), blank=True, max_length=4000)
    submitted_at = models.DateTimeField(null=True, blank=True)
    facts = models.JSONField(default=dict, blank=True, editable=False)  # snapshot taken at submission
    check_reason = models.TextField(_("formal check remarks"), blank=True)
    automatic = models.DecimalField(default=0, **POINTS)
    self_declared = models.DecimalField(default=0, **POINTS)
    expert = models.DecimalField(null=True, blank=True, **POINTS)
    expert_method = models.CharField(max_length=14, blank=True)
    expert_spread = models.DecimalField(default=0, **POINTS)
    spread_flagged = models.BooleanField(default=False)
    total = models.DecimalField(default=0, **POINTS)
    rank = models.PositiveIntegerField(null=True, blank=True)
    rank_decided_by = models.CharField(max_length=30, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        ordering = ["scheme", "rank", "id"]
        constraints = [models.UniqueConstraint(fields=["scheme", "enterprise"], name="support_one_application")]

    def __str__(self) -> str:
        return f"{self.scheme.code}-{self.pk:04d} {self.enterprise}"

    @property
    def reference(self) -> str:
        return f"{self.scheme.code}-{self.pk:04d}"


class StatusChange(models.Model):
    """Every workflow move of a scheme or an application: who, when, from, to, why."""

    scheme = models.ForeignKey(Scheme, on_delete=models.CASCADE, related_name="status_log")
    application = models.ForeignKey(
        Application, null=True, blank=True, on_delete=models.CASCADE, related_name="status_log"
    )
    source = models.CharField(max_length=14)
    target = models.CharField(max_length=14)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    role = models.CharField(max_length=20)
    at = models.DateTimeField(default=timezone.now)
    reason = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{type(self).__name__} {self.pk}"


class Declaration(AuditedModel):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="declarations")
    item_code = models.CharField(_("criterion"), max_length=20)
    declared_points = models.DecimalField(_("declared points"), **POINTS)
    statement = models.TextField(pgettext_lazy("application", "statement"), blank=True, max_length=4000)
    verified_points = models.DecimalField(_("verified points"), null=True, blank=True, **POINTS)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    verified_at = models.DateTimeField(null=True, blank=True)
    note = models.TextField(_("verification note"), blank=True)

    objects = ApplicationChildQuerySet.as_manager()

    class Meta:
        ordering = ["item_code"]
        constraints = [models.UniqueConstraint(fields=["application", "item_code"], name="support_one_declaration")]


class EvidenceFile(AuditedModel):
    """An uploaded file, stored once per content (SHA-256 names the blob)."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="evidence")
    item_code = models.CharField(_("criterion"), max_length=20)
    sha256 = models.CharField(max_length=64, db_index=True)
    name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(max_length=80)
    size = models.PositiveIntegerField()
    blob = models.CharField(max_length=200)  # storage path: support/evidence/<aa>/<sha256>
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField(default=timezone.now)

    objects = ApplicationChildQuerySet.as_manager()

    class Meta:
        ordering = ["item_code", "id"]
