"""A financial product a bank or guarantor offers in a district's catalogue, published after the bureau's check."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from tanxin.matchmaking.domain.catalogue import Collateral as CollateralKind
from tanxin.matchmaking.domain.catalogue import ProductKind
from tanxin.matchmaking.gate import ProductQuerySet
from tanxin.orgs.audit import AuditedModel

KIND_LABELS = {
    ProductKind.PLEDGE_LOAN: _("Carbon pledge loan"),
    ProductKind.CREDIT_LOAN: _("Credit loan"),
    ProductKind.GUARANTEE: pgettext_lazy("product type", "Guarantee"),
    ProductKind.GREEN_BOND: _("Green bond"),
    ProductKind.LEASING: _("Leasing"),
    ProductKind.ABS: _("ABS participation"),
}
COLLATERAL_LABELS = {
    CollateralKind.ALLOWANCES: _("Carbon allowances"),
    CollateralKind.GUARANTEE: _("Guarantee"),
    CollateralKind.RECEIVABLES: _("Receivables"),
    CollateralKind.PROPERTY: _("Property"),
    CollateralKind.EQUIPMENT: _("Equipment"),
    CollateralKind.DEPOSIT: _("Deposit"),
}


class Product(AuditedModel):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Awaiting the bureau's check")
        PUBLISHED = "published", _("Published")
        RETURNED = "returned", _("Returned for changes")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    provider = models.ForeignKey("orgs.Organisation", on_delete=models.PROTECT, related_name="finance_products",
                                 verbose_name=_("bank or guarantor"))  # fmt: skip
    jurisdiction = models.ForeignKey("orgs.Jurisdiction", on_delete=models.PROTECT, verbose_name=_("district"))
    code = models.CharField(_("product code"), max_length=30, unique=True)
    name_zh = models.CharField(_("name (Chinese)"), max_length=120)
    name_en = models.CharField(_("name (English)"), max_length=120, blank=True)
    kind = models.CharField(_("type"), max_length=12, choices=[(k.value, v) for k, v in KIND_LABELS.items()])
    min_amount_fen = models.BigIntegerField(_("minimum amount (fen)"))
    max_amount_fen = models.BigIntegerField(_("maximum amount (fen)"))
    min_term_months = models.PositiveSmallIntegerField(_("minimum term (months)"))
    max_term_months = models.PositiveSmallIntegerField(_("maximum term (months)"))
    spread_min_bp = models.PositiveIntegerField(_("spread over LPR from (bp)"))
    spread_max_bp = models.PositiveIntegerField(_("spread over LPR to (bp)"))
    collateral = models.JSONField(_("accepted collateral"), default=list, blank=True)
    industries = models.JSONField(_("eligible industries (GB/T 4754)"), default=list, blank=True)
    min_band = models.CharField(_("minimum screening band"), max_length=1, blank=True)
    green_only = models.BooleanField(_("green uses only"), default=False)
    green_conditions = models.CharField(_("green-use conditions"), max_length=300, blank=True)
    response_workdays = models.PositiveSmallIntegerField(_("response promise (working days)"), default=5)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    checked_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")  # fmt: skip
    checked_at = models.DateTimeField(null=True, blank=True)
    check_note = models.CharField(_("bureau's note"), max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    objects = ProductQuerySet.as_manager()

    class Meta:
        ordering = ["provider_id", "code"]
        verbose_name = _("financial product")
        verbose_name_plural = _("financial products")
        indexes = [models.Index(fields=["status", "jurisdiction"], name="mm_product_status")]
        constraints = [
            models.CheckConstraint(condition=Q(min_amount_fen__gt=0, min_amount_fen__lte=models.F("max_amount_fen")),
                                   name="mm_product_amounts"),
            models.CheckConstraint(condition=Q(min_term_months__lte=models.F("max_term_months")),
                                   name="mm_product_terms"),
            models.CheckConstraint(condition=Q(spread_min_bp__lte=models.F("spread_max_bp")),
                                   name="mm_product_spreads"),
        ]  # fmt: skip

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return self.name_en if (get_language() or "").startswith("en") and self.name_en else self.name_zh

    @property
    def kind_label(self) -> str:
        return str(KIND_LABELS.get(ProductKind(self.kind), self.kind))

    def collateral_labels(self) -> list[str]:
        return [str(COLLATERAL_LABELS.get(CollateralKind(c), c)) for c in self.collateral]
