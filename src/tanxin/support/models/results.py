"""Results: awards and their adjustments, objections, disbursements and financing-subsidy claims."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tanxin.common.money import fen_to_yuan
from tanxin.orgs.audit import AuditedModel
from tanxin.support.gate import (
    ApplicationChildQuerySet,
    ObjectionQuerySet,
    ResultQuerySet,
)
from tanxin.support.models.applications import Application
from tanxin.support.models.schemes import (
    Scheme,
)


class Award(AuditedModel):
    application = models.OneToOneField(Application, on_delete=models.CASCADE, related_name="award")
    rank = models.PositiveIntegerField()
    draft_fen = models.BigIntegerField()  # what the rule gave, before adjustments
    amount_fen = models.BigIntegerField()
    cap_fen = models.BigIntegerField()
    basis = models.CharField(max_length=40)
    scaled = models.BooleanField(default=False)
    capped = models.BooleanField(default=False)

    objects = ResultQuerySet.as_manager()

    class Meta:
        ordering = ["rank"]
        constraints = [
            models.CheckConstraint(condition=models.Q(amount_fen__gte=0), name="support_award_not_negative"),
            models.CheckConstraint(condition=models.Q(amount_fen__lte=models.F("cap_fen")), name="support_award_cap"),
        ]


    @property
    def amount_yuan(self):
        return fen_to_yuan(self.amount_fen)


class AwardAdjustment(models.Model):
    award = models.ForeignKey(Award, on_delete=models.CASCADE, related_name="adjustments")
    old_fen = models.BigIntegerField()
    new_fen = models.BigIntegerField()
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now)
    reason = models.TextField()

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{type(self).__name__} {self.pk}"


class Objection(AuditedModel):
    scheme = models.ForeignKey(Scheme, on_delete=models.CASCADE, related_name="objections")
    application = models.ForeignKey(
        Application, null=True, blank=True, on_delete=models.CASCADE, related_name="objections"
    )
    filed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    filed_on = models.DateField()
    filed_at = models.DateTimeField(default=timezone.now)
    text = models.TextField(_("objection"), max_length=4000)
    answer = models.TextField(_("answer"), blank=True, max_length=4000)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)

    objects = ObjectionQuerySet.as_manager()

    class Meta:
        ordering = ["filed_at", "id"]


class Disbursement(AuditedModel):
    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="disbursements")
    amount_fen = models.BigIntegerField(_("amount (fen)"))
    paid_on = models.DateField(_("paid on"))
    reference = models.CharField(_("payment reference"), max_length=100)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    objects = ResultQuerySet.as_manager()

    class Meta:
        ordering = ["paid_on", "id"]
        constraints = [models.CheckConstraint(condition=models.Q(amount_fen__gt=0), name="support_disbursed_positive")]


    @property
    def amount_yuan(self):
        return fen_to_yuan(self.amount_fen)


class FinancingClaim(AuditedModel):
    """One loan in a financing-subsidy application: its facts as the lender recorded them (filled in, never
    retyped), the period claimed, its financing cost and the share computed from it."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="financing_claims")
    enterprise = models.ForeignKey("orgs.Organisation", on_delete=models.PROTECT, related_name="+")
    loan_key = models.CharField(max_length=40)  # "lending:12" | "matchmaking:34"
    loan_ref = models.CharField(_("loan"), max_length=40)
    lender = models.CharField(_("lender"), max_length=200)
    principal_fen = models.BigIntegerField(_("principal (fen)"))
    rate_ppm = models.PositiveIntegerField(_("annual rate (ppm)"))
    pledge = models.BooleanField(default=False)
    period_start = models.DateField(_("interest period from"))
    period_end = models.DateField(_("interest period to"))
    interest_fen = models.BigIntegerField(_("interest (fen)"))
    fee_fen = models.BigIntegerField(_("guarantee fees (fen)"), default=0)
    share_fen = models.BigIntegerField(_("computed share (fen)"))

    objects = ApplicationChildQuerySet.as_manager()

    class Meta:
        ordering = ["application_id", "period_start", "id"]
        indexes = [models.Index(fields=["enterprise", "loan_key"], name="support_claim_loan")]
        constraints = [
            models.CheckConstraint(condition=models.Q(interest_fen__gte=0, fee_fen__gte=0, share_fen__gte=0),
                                   name="support_claim_amounts"),
            models.CheckConstraint(condition=models.Q(period_end__gt=models.F("period_start")),
                                   name="support_claim_period"),
        ]  # fmt: skip

    @property
    def cost_fen(self) -> int:
        return self.interest_fen + self.fee_fen
