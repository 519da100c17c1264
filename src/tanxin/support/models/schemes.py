"""Schemes, their criteria and eligibility rules; the bilingual title and the shared field settings."""

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
from tanxin.support.domain.workflow import SchemeStatus
from tanxin.support.gate import (
    SchemeQuerySet,
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
