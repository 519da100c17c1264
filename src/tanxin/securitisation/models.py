"""ABS deals: the deal and its parties, the pool (pledge loans snapshotted at the cut-off), the tranches
(a projection of the structure), and the runs that store their inputs and results.

Money in fen, tonnes in t, rates in basis points or ppm: integers at rest. A pool loan refers to a lending
loan by id only (lending's tables belong to lending); its figures are copied at the cut-off so a run can be
repeated. A loan can sit in one live deal only (a conditional unique constraint, on SQLite and PostgreSQL).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from tanxin.orgs.audit import AuditedModel
from tanxin.securitisation.gate import DealChildQuerySet, DealQuerySet, PoolLoanQuerySet


class Deal(AuditedModel):
    class Status(models.TextChoices):
        DRAFT = "draft", pgettext_lazy("deal status", "Draft")
        STRUCTURED = "structured", _("Structured")
        ISSUED = "issued", pgettext_lazy("deal status", "Issued")
        CLOSED = "closed", pgettext_lazy("deal status", "Closed")
        WITHDRAWN = "withdrawn", pgettext_lazy("deal status", "Withdrawn")

    name_zh = models.CharField(_("name (Chinese)"), max_length=120)
    name_en = models.CharField(_("name (English)"), max_length=120, blank=True)
    jurisdiction = models.ForeignKey("orgs.Jurisdiction", on_delete=models.PROTECT, related_name="abs_deals")
    arranger = models.ForeignKey("orgs.Organisation", verbose_name=_("arranger"), on_delete=models.PROTECT,
                                 related_name="abs_deals_arranged")  # fmt: skip
    guarantor = models.ForeignKey("orgs.Organisation", verbose_name=_("guarantor"), on_delete=models.PROTECT,
                                  null=True, blank=True, related_name="abs_deals_guaranteed")  # fmt: skip
    originator = models.CharField(_("originator"), max_length=120, blank=True)
    plan_manager = models.CharField(_("plan manager"), max_length=120, blank=True)
    custodian = models.CharField(_("custodian"), max_length=120, blank=True)
    servicer = models.CharField(_("servicer"), max_length=120, blank=True)
    rating_agency = models.CharField(_("rating agency"), max_length=120, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.DRAFT)
    cut_off = models.DateField(_("cut-off date"))
    first_payment = models.DateField(_("first payment date"))
    instrument = models.CharField(_("price series"), max_length=10, default="SZA")
    structure = models.JSONField(default=dict, blank=True)
    version = models.PositiveIntegerField(default=1)  # goes up with every change of pool or structure
    assumptions = models.JSONField(default=dict, blank=True)
    rules = models.JSONField(default=dict, blank=True)  # eligibility and concentration (domain.eligibility)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = DealQuerySet.as_manager()

    class Meta:
        ordering = ["-cut_off", "-pk"]

    def __str__(self) -> str:
        return self.name_zh

    @property
    def live(self) -> bool:
        return self.status != self.Status.WITHDRAWN


class PoolLoan(models.Model):
    deal = models.ForeignKey(Deal, on_delete=models.CASCADE, related_name="pool")
    loan_id = models.PositiveIntegerField()  # lending's loan id (no foreign key across apps)
    active = models.BooleanField(default=True)  # false once the deal is withdrawn or the loan leaves the pool
    ref = models.CharField(_("loan number"), max_length=20)
    enterprise_id = models.PositiveIntegerField()
    enterprise_name = models.CharField(max_length=200)
    bank_id = models.PositiveIntegerField()
    bank_name = models.CharField(max_length=200)
    industry_code = models.CharField(max_length=20, blank=True)
    instrument_code = models.CharField(max_length=80)
    balance_fen = models.BigIntegerField()
    rate_ppm = models.PositiveIntegerField()
    months = models.PositiveSmallIntegerField()  # remaining at the cut-off
    amortisation = models.CharField(max_length=10, default="bullet")
    pledged_t = models.BigIntegerField()
    guarantee_ppm = models.PositiveIntegerField(default=0)
    band = models.CharField(max_length=1, blank=True)
    maturity_on = models.DateField(null=True, blank=True)

    objects = PoolLoanQuerySet.as_manager()

    class Meta:
        ordering = ["ref"]
        constraints = [models.UniqueConstraint(fields=["loan_id"], condition=Q(active=True),
                                               name="securitisation_loan_in_one_live_deal")]  # fmt: skip

    def __str__(self) -> str:
        return self.ref


class Tranche(models.Model):
    deal = models.ForeignKey(Deal, on_delete=models.CASCADE, related_name="tranches")
    name = models.CharField(max_length=40)
    rank = models.PositiveSmallIntegerField()  # 0 = most senior
    balance_fen = models.BigIntegerField()
    coupon_bp = models.IntegerField(default=0)
    rate_type = models.CharField(max_length=10, default="fixed")
    subordinated = models.BooleanField(default=False)
    expected_maturity = models.PositiveSmallIntegerField(null=True, blank=True)

    objects = DealChildQuerySet.as_manager()

    class Meta:
        ordering = ["deal", "rank"]
        constraints = [models.UniqueConstraint(fields=["deal", "name"], name="securitisation_tranche_name")]

    def __str__(self) -> str:
        return self.name


class Run(models.Model):
    class Kind(models.TextChoices):
        BASE = "base", _("Base case")
        STRESS = "stress", _("Stress")

    deal = models.ForeignKey(Deal, on_delete=models.CASCADE, related_name="runs")
    kind = models.CharField(max_length=8, choices=Kind.choices)
    ok = models.BooleanField(default=True)
    deal_version = models.PositiveIntegerField()
    structure = models.JSONField(default=dict)
    pool = models.JSONField(default=list)  # the loans as the engine took them
    assumptions = models.JSONField(default=dict)
    seed = models.BigIntegerField(null=True, blank=True)
    paths = models.PositiveIntegerField(null=True, blank=True)
    price_digest = models.CharField(max_length=64, blank=True)
    results = models.JSONField(default=dict)
    error_code = models.CharField(max_length=40, blank=True)
    error = models.TextField(blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = DealChildQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.kind} {self.pk}"
