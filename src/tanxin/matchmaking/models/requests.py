"""A financing request, the banks it is addressed or broadcast to (with their consent and grab slot), the
ranked matches, and every step with its actor (the request's timeline)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from tanxin.matchmaking.gate import AddresseeQuerySet, RequestChildQuerySet, RequestQuerySet
from tanxin.orgs.audit import AuditedModel

GREEN_CATEGORIES = {
    "green_project": _("Green project"),
    "energy_retrofit": _("Energy-saving retrofit"),
    "clean_energy": _("Clean energy"),
    "pollution_control": _("Pollution control"),
}
DECLINE_REASONS = {
    "insufficient_collateral": _("Collateral insufficient"),
    "credit_history": _("Credit history"),
    "weak_cash_flow": _("Weak cash flow"),
    "outside_policy": _("Outside the bank's credit policy"),
    "incomplete_documents": _("Documents incomplete"),
    "enterprise_withdrew": _("The enterprise chose another offer"),
    "other": _("Other reason"),
}


class FinancingRequest(AuditedModel):
    class Status(models.TextChoices):
        OPEN = "open", pgettext_lazy("financing request", "Open")
        MATCHED = "matched", _("Matched")
        ACCEPTED = "accepted", _("Accepted by a bank")
        APPROVED = "approved", _("Credit approved")
        DISBURSED = "disbursed", pgettext_lazy("financing request", "Disbursed")
        DECLINED = "declined", _("Declined")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    class Mode(models.TextChoices):
        GRAB = "grab", _("Broadcast: the first banks to accept engage")
        DIRECT = "direct", _("Addressed to chosen banks")

    class Urgency(models.TextChoices):
        NORMAL = "normal", _("Normal")
        URGENT = "urgent", _("Urgent")

    ref = models.CharField(_("request number"), max_length=24, unique=True)
    enterprise = models.ForeignKey("orgs.Organisation", on_delete=models.PROTECT, related_name="financing_requests",
                                   verbose_name=_("enterprise"))  # fmt: skip
    amount_fen = models.BigIntegerField(_("amount (fen)"))
    term_months = models.PositiveSmallIntegerField(_("term (months)"))
    purpose = models.CharField(_("purpose"), max_length=300)
    green_category = models.CharField(_("green use"), max_length=20, blank=True,
                                      choices=list(GREEN_CATEGORIES.items()))  # fmt: skip
    green_description = models.CharField(_("green project"), max_length=300, blank=True)
    collateral = models.JSONField(_("collateral on offer"), default=list, blank=True)
    urgency = models.CharField(_("urgency"), max_length=8, choices=Urgency.choices, default=Urgency.NORMAL)
    mode = models.CharField(_("mode"), max_length=8, choices=Mode.choices, default=Mode.GRAB)
    slots = models.PositiveSmallIntegerField(_("banks that may engage"), default=3)
    service_workdays = models.PositiveSmallIntegerField(_("service time (working days)"), default=5)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    # The enterprise's facts when it posted (the ranking's inputs, kept so a rank can be explained later).
    band = models.CharField(_("screening band"), max_length=1, blank=True)
    pledgeable_t = models.BigIntegerField(_("allowances free to pledge (t)"), default=0)
    industry_code = models.CharField(max_length=8, blank=True)
    approved_fen = models.BigIntegerField(_("approved (fen)"), default=0)
    disbursed_fen = models.BigIntegerField(_("disbursed (fen)"), default=0)
    # The day the request first reached each stage of the funnel (set once, never cleared): the station counts
    # these in one pass over one table instead of joining every event.
    matched_on = models.DateField(null=True, blank=True)
    accepted_on = models.DateField(null=True, blank=True)
    approved_on = models.DateField(null=True, blank=True)
    disbursed_on = models.DateField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    objects = RequestQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("financing request")
        verbose_name_plural = _("financing requests")
        indexes = [models.Index(fields=["status"], name="mm_request_status"),
                   models.Index(fields=["enterprise", "status"], name="mm_request_enterprise"),
                   models.Index(fields=["created_at"], name="mm_request_created")]  # fmt: skip
        constraints = [models.CheckConstraint(condition=Q(amount_fen__gt=0, approved_fen__gte=0, disbursed_fen__gte=0),
                                              name="mm_request_amounts")]  # fmt: skip

    def __str__(self) -> str:
        return self.ref

    @property
    def green_label(self) -> str:
        return str(GREEN_CATEGORIES.get(self.green_category, ""))

    def reached(self, stage: str, day) -> None:
        """Remember the first day the request reached ``stage`` (matched, accepted, approved, disbursed)."""
        if getattr(self, f"{stage}_on") is None:
            setattr(self, f"{stage}_on", day)


class Addressee(AuditedModel):
    """A bank (or guarantor) a request reaches, with the consent that lets it read the enterprise's data, its
    grab slot and its answer."""

    class Via(models.TextChoices):
        ADDRESSED = "addressed", _("Addressed")
        BROADCAST = "broadcast", _("Broadcast")

    class Slot(models.TextChoices):
        NONE = "", _("Not accepted")
        ENGAGED = "engaged", _("Engaged")
        RESPONDED = "responded", _("Responded")
        EXPIRED = "expired", _("Slot expired")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    class Outcome(models.TextChoices):
        NONE = "", _("No answer yet")
        APPROVED = "approved", pgettext_lazy("bank answer", "Approved")
        DECLINED = "declined", _("Declined")

    request = models.ForeignKey(FinancingRequest, on_delete=models.CASCADE, related_name="addressees")
    bank = models.ForeignKey("orgs.Organisation", on_delete=models.PROTECT, related_name="+")
    consent = models.ForeignKey("orgs.ConsentGrant", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    via = models.CharField(max_length=10, choices=Via.choices, default=Via.BROADCAST)
    order = models.PositiveSmallIntegerField(default=0)  # broadcast order (best match first)
    product = models.ForeignKey("matchmaking.Product", null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="+")  # fmt: skip
    slot = models.CharField(_("slot"), max_length=10, choices=Slot.choices, default=Slot.NONE, blank=True)
    accepted_on = models.DateField(null=True, blank=True)
    due_on = models.DateField(_("respond by"), null=True, blank=True)
    responded_on = models.DateField(null=True, blank=True)
    outcome = models.CharField(_("answer"), max_length=10, choices=Outcome.choices, default=Outcome.NONE, blank=True)
    approved_fen = models.BigIntegerField(_("approved amount (fen)"), default=0)
    rate_ppm = models.PositiveIntegerField(_("annual rate (ppm)"), null=True, blank=True)
    approved_term_months = models.PositiveSmallIntegerField(null=True, blank=True)
    decline_code = models.CharField(_("reason"), max_length=24, blank=True, choices=list(DECLINE_REASONS.items()))
    decline_note = models.CharField(max_length=300, blank=True)
    disbursed_fen = models.BigIntegerField(default=0)

    objects = AddresseeQuerySet.as_manager()

    class Meta:
        ordering = ["request_id", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["request", "bank"], name="mm_addressee_once"),
            models.CheckConstraint(condition=Q(disbursed_fen__lte=models.F("approved_fen"), disbursed_fen__gte=0),
                                   name="mm_addressee_paid_within_approval"),
        ]  # fmt: skip


class Match(models.Model):
    request = models.ForeignKey(FinancingRequest, on_delete=models.CASCADE, related_name="matches")
    product = models.ForeignKey("matchmaking.Product", on_delete=models.CASCADE, related_name="+")
    rank = models.PositiveSmallIntegerField()
    score = models.PositiveIntegerField()
    rate_ppm = models.PositiveIntegerField()
    net_rate_ppm = models.PositiveIntegerField()
    likelihood_permille = models.PositiveSmallIntegerField()
    reasons = models.JSONField(default=list)

    objects = RequestChildQuerySet.as_manager()

    class Meta:
        ordering = ["request_id", "rank"]
        constraints = [models.UniqueConstraint(fields=["request", "product"], name="mm_match_once")]

    def __str__(self) -> str:
        return f"{self.request_id} #{self.rank}"


class Step(models.Model):
    """One line of a request's timeline: what happened, who did it, for which organisation."""

    request = models.ForeignKey(FinancingRequest, on_delete=models.CASCADE, related_name="steps")
    action = models.CharField(max_length=24)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    org = models.ForeignKey("orgs.Organisation", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(default=timezone.now)
    details = models.JSONField(default=dict, blank=True)

    objects = RequestChildQuerySet.as_manager()

    class Meta:
        ordering = ["request_id", "at", "pk"]

    def __str__(self) -> str:
        return f"{self.request_id} {self.action}"
