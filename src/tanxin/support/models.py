"""Support-fund tables: schemes and their criteria, applications, expert review, scores, awards,
publicity and disbursement. Money in fen (integers); points as 2-decimal numbers (never money).

Rules live in ``domain``; these tables only hold state. Every business model keeps its history.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from tanxin.common.money import fen_to_yuan
from tanxin.orgs.audit import AuditedModel
from tanxin.support.domain import subsidy
from tanxin.support.domain.criteria import AutoRule, Category, ScoringMethod
from tanxin.support.domain.workflow import ApplicationStatus, SchemeStatus
from tanxin.support.gate import (
    ApplicationChildQuerySet,
    ApplicationQuerySet,
    AssignmentQuerySet,
    ObjectionQuerySet,
    ResultQuerySet,
    SchemeQuerySet,
    SheetQuerySet,
)

POINTS = {"max_digits": 7, "decimal_places": 2}
SCHEME_KINDS = [("fund", _("Support fund (scored)")), ("financing_subsidy", _("Financing subsidy"))]
DEFAULT_CAP_FEN = 50_000_000


class Bilingual:
    @property
    def title(self) -> str:
        if (get_language() or "").startswith("en") and getattr(self, "title_en", ""):
            return self.title_en
        return self.title_zh


class Scheme(Bilingual, AuditedModel):
    class Status(models.TextChoices):
        DRAFT = SchemeStatus.DRAFT.value, _("Draft")
        OPEN = SchemeStatus.OPEN.value, _("Open for applications")
        CLOSED = SchemeStatus.CLOSED.value, pgettext_lazy("support scheme status", "Closed")
        REVIEWING = SchemeStatus.REVIEWING.value, _("Expert review")
        RESULT_DRAFT = SchemeStatus.RESULT_DRAFT.value, _("Draft result")
        APPROVED = SchemeStatus.APPROVED.value, _("Approved")
        PUBLICITY = SchemeStatus.PUBLICITY.value, _("Publicity")
        FINAL = SchemeStatus.FINAL.value, _("Final")

    class Allocation(models.TextChoices):
        BANDED = "banded", _("Fixed amounts by score band")
        PROPORTIONAL = "proportional", _("Proportional to score")

    jurisdiction = models.ForeignKey("orgs.Jurisdiction", on_delete=models.PROTECT, verbose_name=_("jurisdiction"))
    code = models.CharField(_("code"), max_length=40)
    year = models.PositiveIntegerField(_("year"))
    version = models.PositiveIntegerField(_("version"), default=1)
    previous = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    title_zh = models.CharField(_("title (Chinese)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    budget_fen = models.BigIntegerField(_("budget (fen)"))
    cap_fen = models.BigIntegerField(_("per-enterprise cap (fen)"), default=DEFAULT_CAP_FEN)
    window_opens = models.DateTimeField(_("applications open"))
    window_closes = models.DateTimeField(_("applications close"))
    facts_year = models.PositiveIntegerField(_("year of platform facts"))
    full_marks = models.DecimalField(_("full marks"), default=100, **POINTS)
    allocation_kind = models.CharField(
        _("allocation rule"), max_length=12, choices=Allocation.choices, default=Allocation.PROPORTIONAL
    )
    # {"min_score": "60", "max_awardees": 21, "bands": [{"min_score": "90", "amount_fen": 50000000, "label": ""}]}
    allocation_config = models.JSONField(_("allocation settings"), default=dict, blank=True)
    auto_scoring = models.JSONField(_("automatic scoring settings"), default=dict, blank=True)
    publicity_workdays = models.PositiveSmallIntegerField(_("publicity (working days)"), default=5)
    # A financing-subsidy scheme awards a share of each claim's financing cost instead of scoring applications.
    kind = models.CharField(_("kind of scheme"), max_length=20, choices=SCHEME_KINDS, default="fund")
    subsidy_share_ppm = models.PositiveIntegerField(_("subsidy share of the financing cost (ppm)"),
                                                    default=subsidy.SHARE_PPM)  # fmt: skip
    subsidy_years = models.PositiveSmallIntegerField(_("years a loan may be subsidised"), default=subsidy.YEARS)
    spread_threshold = models.DecimalField(_("expert spread flag (points)"), default=20, **POINTS)
    status = models.CharField(_("status"), max_length=14, choices=Status.choices, default=Status.DRAFT, db_index=True)
    frozen_criteria = models.JSONField(null=True, blank=True, editable=False)
    criteria_fingerprint = models.CharField(max_length=64, blank=True, editable=False)
    publicity_start = models.DateField(null=True, blank=True)
    publicity_end = models.DateField(null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = SchemeQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "-version"]
        verbose_name = _("support scheme")
        verbose_name_plural = _("support schemes")
        constraints = [
            models.UniqueConstraint(fields=["jurisdiction", "code", "version"], name="support_scheme_version"),
            models.CheckConstraint(condition=models.Q(budget_fen__gt=0), name="support_budget_positive"),
            models.CheckConstraint(condition=models.Q(cap_fen__gt=0), name="support_cap_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.title} v{self.version}"

    @property
    def budget_yuan(self):
        return fen_to_yuan(self.budget_fen)

    @property
    def cap_yuan(self):
        return fen_to_yuan(self.cap_fen)

    @property
    def is_public(self) -> bool:
        return self.status != SchemeStatus.DRAFT


class Criterion(AuditedModel):
    """One item of a scheme's criteria tree, editable while the scheme is a draft."""

    class CategoryChoice(models.TextChoices):
        ENTERPRISE_AND_PRODUCTS = (
            Category.ENTERPRISE_AND_PRODUCTS.value,
            _("Green and low-carbon enterprise and products"),
        )
        PROJECTS = Category.PROJECTS.value, _("Projects")
        MANAGEMENT = Category.MANAGEMENT.value, _("Management")
        ACTIVITIES = Category.ACTIVITIES.value, _("Activities")

    class Method(models.TextChoices):
        AUTOMATIC = ScoringMethod.AUTOMATIC.value, _("Automatic from platform data")
        SELF_DECLARED = ScoringMethod.SELF_DECLARED.value, _("Self-declared with evidence")
        EXPERT = ScoringMethod.EXPERT.value, _("Expert-scored")

    class Rule(models.TextChoices):
        DISCLOSURE = AutoRule.DISCLOSURE.value, _("Carbon disclosure published and verified")
        INTENSITY = AutoRule.INTENSITY_REDUCTION.value, _("Carbon-intensity reduction vs previous year")
        COMPLIANCE = AutoRule.COMPLIANCE_ON_TIME.value, _("ETS compliance on time")
        SURPLUS = AutoRule.SURPLUS_ALLOWANCES.value, _("Surplus allowances after compliance")

    scheme = models.ForeignKey(Scheme, on_delete=models.CASCADE, related_name="criteria")
    position = models.PositiveIntegerField(_("position"), default=0)
    code = models.CharField(_("code"), max_length=20)
    category = models.CharField(_("category"), max_length=30, choices=CategoryChoice.choices)
    name_zh = models.CharField(_("name (Chinese)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    max_points = models.DecimalField(_("maximum points"), **POINTS)
    method = models.CharField(_("scoring method"), max_length=14, choices=Method.choices)
    auto_rule = models.CharField(_("automatic rule"), max_length=24, choices=Rule.choices, blank=True)
    enterprise_types = models.JSONField(_("enterprise types (empty: all)"), default=list, blank=True)
    industries = models.JSONField(_("industries (empty: all)"), default=list, blank=True)
    evidence_required = models.JSONField(_("evidence required"), default=list, blank=True)
    expert_min = models.DecimalField(_("expert minimum"), default=0, **POINTS)
    expert_max = models.DecimalField(_("expert maximum"), null=True, blank=True, **POINTS)

    class Meta:
        ordering = ["position", "id"]
        constraints = [models.UniqueConstraint(fields=["scheme", "code"], name="support_criterion_code")]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def name(self) -> str:
        if (get_language() or "").startswith("en") and self.name_en:
            return self.name_en
        return self.name_zh


class EligibilityRule(AuditedModel):
    class Kind(models.TextChoices):
        IN = "in", _("is one of")
        NOT_IN = "not_in", _("is none of")
        IS_TRUE = "is_true", _("is true")
        IS_FALSE = "is_false", _("is false")
        AT_LEAST = "at_least", _("is at least")

    scheme = models.ForeignKey(Scheme, on_delete=models.CASCADE, related_name="eligibility_rules")
    code = models.CharField(_("code"), max_length=40)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    fact = models.CharField(_("fact"), max_length=40)
    values = models.JSONField(_("values"), default=list, blank=True)
    threshold = models.DecimalField(_("threshold"), null=True, blank=True, max_digits=14, decimal_places=2)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.code


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
