"""Screening tables: credit-status records, financial statements, scorecard versions, consent requests,
on-site visits and the outreach log. Money in fen (integers); every record keeps its date, its source and
its evidence so a score can always say where an input came from.

The carbon position is not stored here: it is read from the registry, disclosure and accounting each time
(one fact, one owner). Rules (bins, weights, knock-outs) live in ``domain.scorecard``.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from tanxin.lending.gate_screening import (
    ConsentRequestQuerySet,
    EnterpriseDataQuerySet,
    OutreachQuerySet,
    ScorecardQuerySet,
    VisitQuerySet,
)


class Evidence(models.Model):
    """An uploaded file stored once per content (``tanxin.web.storage.store_once``)."""

    evidence_sha256 = models.CharField(max_length=64, blank=True)
    evidence_name = models.CharField(_("evidence file"), max_length=200, blank=True)
    evidence_blob = models.CharField(max_length=200, blank=True)

    class Meta:
        abstract = True

    @property
    def has_evidence(self) -> bool:
        return bool(self.evidence_blob)


class CreditRecord(Evidence):
    """One credit-status fact about an enterprise, as the bureau or the enterprise recorded it on a date."""

    class Kind(models.TextChoices):
        DISHONEST_DEBTOR = "dishonest_debtor", _("Dishonest-debtor list")
        ENV_CREDIT = "env_credit", _("Environmental credit colour")
        TAX_CREDIT = "tax_credit", _("Tax credit grade")
        OVERDUE_LOANS = "overdue_loans", _("Overdue loans")

    enterprise = models.ForeignKey(
        "orgs.Organisation", on_delete=models.PROTECT, related_name="credit_records", verbose_name=_("enterprise")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    # listed/not_listed; green/blue/yellow/red; A/B/M/C/D; number of overdue loans as digits.
    value = models.CharField(_("value"), max_length=20)
    amount_fen = models.BigIntegerField(_("overdue amount (fen)"), null=True, blank=True)
    as_of = models.DateField(_("as of"))
    source_org = models.ForeignKey(
        "orgs.Organisation", on_delete=models.PROTECT, related_name="+", verbose_name=_("recorded by (organisation)")
    )
    note = models.CharField(_("note"), max_length=500, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now, editable=False)
    history = HistoricalRecords()

    objects = EnterpriseDataQuerySet.as_manager()

    class Meta:
        ordering = ["enterprise", "kind", "-as_of", "-id"]
        indexes = [models.Index(fields=["enterprise", "kind", "as_of"], name="lending_credit_latest_idx")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount_fen__isnull=True) | models.Q(amount_fen__gte=0),
                name="lending_credit_amount_nonneg",
            )
        ]
        verbose_name = _("credit record")
        verbose_name_plural = _("credit records")

    def __str__(self) -> str:
        return f"{self.enterprise_id} {self.kind}={self.value} ({self.as_of})"


class FinancialStatement(Evidence):
    """Key figures of one financial year (or period) end, with the statement as evidence."""

    enterprise = models.ForeignKey(
        "orgs.Organisation", on_delete=models.PROTECT, related_name="financial_statements",
        verbose_name=_("enterprise"),
    )  # fmt: skip
    period_end = models.DateField(_("period end"))
    revenue_fen = models.BigIntegerField(_("revenue (fen)"))
    net_profit_fen = models.BigIntegerField(_("net profit (fen)"))
    total_assets_fen = models.BigIntegerField(_("total assets (fen)"))
    total_liabilities_fen = models.BigIntegerField(_("total liabilities (fen)"))
    source_org = models.ForeignKey("orgs.Organisation", on_delete=models.PROTECT, related_name="+")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now, editable=False)
    history = HistoricalRecords()

    objects = EnterpriseDataQuerySet.as_manager()

    class Meta:
        ordering = ["enterprise", "-period_end", "-id"]
        indexes = [models.Index(fields=["enterprise", "period_end"], name="lending_fin_latest_idx")]
        constraints = [
            models.CheckConstraint(condition=models.Q(revenue_fen__gte=0), name="lending_fin_revenue_nonneg"),
            models.CheckConstraint(condition=models.Q(total_assets_fen__gt=0), name="lending_fin_assets_pos"),
            models.CheckConstraint(condition=models.Q(total_liabilities_fen__gte=0), name="lending_fin_liab_nonneg"),
        ]
        verbose_name = _("financial statement")
        verbose_name_plural = _("financial statements")

    def __str__(self) -> str:
        return f"{self.enterprise_id} {self.period_end}"


class ScorecardVersion(models.Model):
    """One version of the screening scorecard of a jurisdiction: weights, bins, bands, knock-outs.

    Versions are immutable once active (a change is a new draft version copying the old one), and the
    fingerprint of the content proves a score was computed with exactly these rules."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        ACTIVE = "active", _("Active")
        RETIRED = "retired", _("Retired")

    jurisdiction = models.ForeignKey("orgs.Jurisdiction", on_delete=models.PROTECT, verbose_name=_("jurisdiction"))
    version = models.PositiveIntegerField(_("version"))
    previous = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    config = models.JSONField(_("scorecard settings"))
    fingerprint = models.CharField(max_length=64, editable=False)
    status = models.CharField(_("status"), max_length=8, choices=Status.choices, default=Status.DRAFT)
    note = models.CharField(_("note"), max_length=500, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    activated_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    objects = ScorecardQuerySet.as_manager()

    class Meta:
        ordering = ["jurisdiction", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["jurisdiction", "version"], name="lending_scorecard_version"),
            models.UniqueConstraint(
                fields=["jurisdiction"], condition=models.Q(status="active"), name="lending_one_active_scorecard"
            ),
        ]
        verbose_name = _("scorecard version")
        verbose_name_plural = _("scorecard versions")

    def __str__(self) -> str:
        return f"scorecard v{self.version}"


class ConsentRequest(models.Model):
    """A bank asks an enterprise, through the platform, for consent to read its data."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    enterprise = models.ForeignKey("orgs.Organisation", on_delete=models.PROTECT, related_name="consent_requests")
    bank = models.ForeignKey("orgs.Organisation", on_delete=models.PROTECT, related_name="consent_requests_sent")
    purpose = models.CharField(_("purpose"), max_length=200)
    message = models.CharField(_("message"), max_length=1000, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    requested_at = models.DateTimeField(default=timezone.now, editable=False)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    decline_reason = models.CharField(_("reason"), max_length=500, blank=True)
    consent = models.ForeignKey("orgs.ConsentGrant", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    history = HistoricalRecords()

    objects = ConsentRequestQuerySet.as_manager()

    class Meta:
        ordering = ["-requested_at", "-id"]
        constraints = [
            # One open request per bank and enterprise: asking twice is refused, not queued.
            models.UniqueConstraint(
                fields=["enterprise", "bank"], condition=models.Q(status="pending"), name="lending_one_pending_request"
            )
        ]
        verbose_name = _("consent request")
        verbose_name_plural = _("consent requests")

    def __str__(self) -> str:
        return f"{self.bank_id} → {self.enterprise_id} ({self.status})"


class Visit(models.Model):
    """An on-site visit to a key emission-control enterprise by the bureau, optionally with a bank."""

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("Scheduled")
        COMPLETED = "completed", _("Completed")
        CANCELLED = "cancelled", _("Cancelled")

    class Rating(models.TextChoices):
        GOOD = "good", _("Good")
        FAIR = "fair", _("Fair")
        POOR = "poor", _("Poor")

    enterprise = models.ForeignKey("orgs.Organisation", on_delete=models.PROTECT, related_name="lending_visits")
    bank = models.ForeignKey(
        "orgs.Organisation", null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("bank")
    )
    scheduled_for = models.DateField(_("scheduled for"))
    purpose = models.CharField(_("purpose"), max_length=300)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.SCHEDULED)
    visited_on = models.DateField(_("visited on"), null=True, blank=True)
    findings = models.TextField(_("findings"), blank=True, max_length=5000)
    rating = models.CharField(_("green rating"), max_length=6, choices=Rating.choices, blank=True)
    scheduled_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    reported_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    history = HistoricalRecords()

    objects = VisitQuerySet.as_manager()

    class Meta:
        ordering = ["-scheduled_for", "-id"]
        indexes = [models.Index(fields=["enterprise", "status", "visited_on"], name="lending_visit_latest_idx")]
        verbose_name = _("on-site visit")
        verbose_name_plural = _("on-site visits")

    def __str__(self) -> str:
        return f"visit {self.enterprise_id} {self.scheduled_for}"


class VisitEvidence(models.Model):
    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="evidence")
    sha256 = models.CharField(max_length=64)
    name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(max_length=80)
    size = models.PositiveIntegerField()
    blob = models.CharField(max_length=200)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name


class OutreachEntry(models.Model):
    """Who was told about which policy or product, when, how, by whom."""

    class Topic(models.TextChoices):
        POLICY = "policy", _("Policy")
        PRODUCT = "product", _("Financial product")

    class Channel(models.TextChoices):
        VISIT = "visit", _("On-site visit")
        MEETING = "meeting", _("Meeting")
        PHONE = "phone", _("Telephone")
        DOCUMENT = "document", _("Written notice")
        PLATFORM = "platform", _("Platform message")

    jurisdiction = models.ForeignKey("orgs.Jurisdiction", on_delete=models.PROTECT)
    enterprise = models.ForeignKey("orgs.Organisation", on_delete=models.PROTECT, related_name="+")
    told_by = models.ForeignKey("orgs.Organisation", on_delete=models.PROTECT, related_name="+")
    topic_kind = models.CharField(_("topic"), max_length=8, choices=Topic.choices)
    topic = models.CharField(_("policy or product"), max_length=200)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    told_on = models.DateField(_("date"))
    contact_person = models.CharField(_("person told"), max_length=100, blank=True)
    note = models.CharField(_("note"), max_length=1000, blank=True)
    visit = models.ForeignKey(Visit, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now, editable=False)
    history = HistoricalRecords()

    objects = OutreachQuerySet.as_manager()

    class Meta:
        ordering = ["-told_on", "-id"]
        verbose_name = _("outreach entry")
        verbose_name_plural = _("outreach log")

    def __str__(self) -> str:
        return f"{self.enterprise_id} {self.topic} {self.told_on}"
