"""What came of a request: the money paid out (never above the approval), what it was used for, and the
matchmaking meetings where requests were discussed."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from tanxin.matchmaking.gate import MeetingQuerySet, RequestChildQuerySet
from tanxin.matchmaking.models.requests import GREEN_CATEGORIES, Addressee, FinancingRequest
from tanxin.orgs.audit import AuditedModel


class Disbursement(AuditedModel):
    request = models.ForeignKey(FinancingRequest, on_delete=models.PROTECT, related_name="disbursements")
    addressee = models.ForeignKey(Addressee, on_delete=models.PROTECT, related_name="disbursements")
    bank = models.ForeignKey("orgs.Organisation", on_delete=models.PROTECT, related_name="+")
    reference = models.CharField(_("bank's reference"), max_length=60)
    amount_fen = models.BigIntegerField(_("amount (fen)"))
    paid_on = models.DateField(_("paid on"))
    rate_ppm = models.PositiveIntegerField(_("annual rate (ppm)"))
    green_category = models.CharField(_("green use"), max_length=20, blank=True, choices=list(GREEN_CATEGORIES.items()))
    project = models.CharField(_("project"), max_length=200, blank=True)
    loan_id = models.PositiveBigIntegerField(null=True, blank=True)  # a lending pledge loan, when it is one
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    objects = RequestChildQuerySet.as_manager()

    class Meta:
        ordering = ["paid_on", "pk"]
        indexes = [models.Index(fields=["paid_on"], name="mm_disbursement_day")]
        constraints = [
            models.UniqueConstraint(fields=["bank", "reference"], name="mm_disbursement_reference"),
            models.CheckConstraint(condition=Q(amount_fen__gt=0), name="mm_disbursement_positive"),
        ]

    @property
    def green_label(self) -> str:
        return str(GREEN_CATEGORIES.get(self.green_category, ""))


class ProceedsReport(models.Model):
    """The enterprise reports how the money is used: progress and evidence."""

    disbursement = models.ForeignKey(Disbursement, on_delete=models.CASCADE, related_name="reports")
    progress_pct = models.PositiveSmallIntegerField(_("progress (%)"))
    note = models.CharField(_("note"), max_length=500)
    evidence_name = models.CharField(max_length=200, blank=True)
    evidence_sha256 = models.CharField(max_length=64, blank=True)
    evidence_blob = models.CharField(max_length=200, blank=True)
    reported_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    reported_at = models.DateTimeField(default=timezone.now)

    objects = RequestChildQuerySet.as_manager()

    class Meta:
        ordering = ["disbursement_id", "reported_at", "pk"]
        constraints = [models.CheckConstraint(condition=Q(progress_pct__lte=100), name="mm_report_progress")]

    def __str__(self) -> str:
        return f"{self.disbursement_id}: {self.progress_pct} %"


class Meeting(AuditedModel):
    jurisdiction = models.ForeignKey("orgs.Jurisdiction", on_delete=models.PROTECT, verbose_name=_("district"))
    title_zh = models.CharField(_("title (Chinese)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    held_on = models.DateField(_("date"))
    venue = models.CharField(_("venue"), max_length=200, blank=True)
    banks = models.ManyToManyField("orgs.Organisation", related_name="+", blank=True)
    enterprises = models.ManyToManyField("orgs.Organisation", related_name="+", blank=True)
    requests = models.ManyToManyField(FinancingRequest, related_name="meetings", blank=True)
    outcomes = models.TextField(_("outcomes"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    objects = MeetingQuerySet.as_manager()

    class Meta:
        ordering = ["-held_on", "-pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        return self.title_en if (get_language() or "").startswith("en") and self.title_en else self.title_zh
