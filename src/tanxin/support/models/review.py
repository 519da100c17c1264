"""Expert review: assignments, sheets and item scores, score lines and adjustments."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tanxin.orgs.audit import AuditedModel
from tanxin.support.gate import (
    AssignmentQuerySet,
    ResultQuerySet,
    SheetQuerySet,
)
from tanxin.support.models.applications import Application
from tanxin.support.models.schemes import (
    POINTS,
)


class ExpertAssignment(AuditedModel):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="assignments")
    expert = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="support_assignments")
    assigned_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    assigned_at = models.DateTimeField(default=timezone.now)
    coi_declared_at = models.DateTimeField(_("conflict of interest declared"), null=True, blank=True)
    conflicted = models.BooleanField(_("conflict of interest"), default=False)
    coi_note = models.TextField(_("declaration note"), blank=True, max_length=2000)

    objects = AssignmentQuerySet.as_manager()

    class Meta:
        ordering = ["application", "id"]
        constraints = [models.UniqueConstraint(fields=["application", "expert"], name="support_one_assignment")]


class ExpertSheet(AuditedModel):
    assignment = models.OneToOneField(ExpertAssignment, on_delete=models.CASCADE, related_name="sheet")
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="sheets")
    expert = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    submitted_at = models.DateTimeField(default=timezone.now)
    comment = models.TextField(_("overall opinion"), blank=True, max_length=4000)
    total = models.DecimalField(default=0, **POINTS)

    objects = SheetQuerySet.as_manager()

    class Meta:
        ordering = ["application", "submitted_at", "id"]


class ExpertItemScore(models.Model):
    sheet = models.ForeignKey(ExpertSheet, on_delete=models.CASCADE, related_name="scores")
    item_code = models.CharField(max_length=20)
    points = models.DecimalField(**POINTS)
    comment = models.TextField(blank=True, max_length=2000)

    class Meta:
        ordering = ["item_code"]
        constraints = [models.UniqueConstraint(fields=["sheet", "item_code"], name="support_one_item_score")]

    def __str__(self) -> str:
        return f"{type(self).__name__} {self.pk}"


class ScoreLine(AuditedModel):
    """One line of an application's score with its provenance (recomputed, never edited by hand)."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="score_lines")
    item_code = models.CharField(max_length=20)
    kind = models.CharField(max_length=14)  # automatic | self_declared | expert | adjusted
    points = models.DecimalField(**POINTS)
    provenance = models.JSONField(default=dict)
    computed_at = models.DateTimeField(default=timezone.now)

    objects = ResultQuerySet.as_manager()

    class Meta:
        ordering = ["item_code"]


class ScoreAdjustment(AuditedModel):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="score_adjustments")
    item_code = models.CharField(_("criterion"), max_length=20)
    new_points = models.DecimalField(_("new points"), **POINTS)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now)
    reason = models.TextField(_("reason"))

    class Meta:
        ordering = ["at", "id"]
