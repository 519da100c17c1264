"""Daily carbon prices. Prices are stored in fen (integers at rest); synthetic demo rows say so."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class PricePoint(models.Model):
    """One trading day of one market product (``CEA``, ``SZA``, ``CCER`` ...)."""

    instrument = models.CharField(_("instrument"), max_length=20)
    day = models.DateField(_("date"))
    open_fen = models.BigIntegerField(_("open (fen)"))
    close_fen = models.BigIntegerField(_("close (fen)"))
    volume_t = models.BigIntegerField(_("volume (t)"))
    turnover_fen = models.BigIntegerField(_("turnover (fen)"))
    synthetic = models.BooleanField(_("synthetic"), default=False)
    source = models.CharField(_("source"), max_length=300, blank=True)
    imported_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    imported_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["instrument", "day"]
        verbose_name = _("daily price")
        verbose_name_plural = _("daily prices")
        constraints = [
            models.UniqueConstraint(fields=["instrument", "day"], name="market_one_price_per_day"),
            models.CheckConstraint(
                condition=models.Q(open_fen__gt=0, close_fen__gt=0, volume_t__gte=0, turnover_fen__gte=0),
                name="market_price_positive",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.instrument} {self.day} {self.close_fen / 100:.2f}"
