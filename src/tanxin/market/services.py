"""Writes of carbon prices: CSV import (all rows or none) and the seeded synthetic demo series."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from datetime import date
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from tanxin.common.errors import DomainError, PermissionDenied
from tanxin.common.money import yuan_to_fen
from tanxin.market.domain.csv_import import ImportResult, parse_price_csv
from tanxin.market.domain.prices import PriceRow
from tanxin.market.domain.synthetic import CEA_SPEC, SZA_SPEC, generate
from tanxin.market.models import PricePoint
from tanxin.orgs.gate import principal_for

MAX_INSTRUMENT = 20


def _require_staff(user: Any) -> None:
    if not principal_for(user).is_bureau_staff:
        raise PermissionDenied(_("Only bureau staff may import prices."))


def _points(rows: Iterable[PriceRow], user: Any = None) -> list[PricePoint]:
    return [
        PricePoint(instrument=r.instrument, day=r.day, open_fen=yuan_to_fen(r.open), close_fen=yuan_to_fen(r.close),
                   volume_t=r.volume_t, turnover_fen=r.turnover_fen, synthetic=r.synthetic, source=r.source[:300],
                   imported_by=user)
        for r in rows
    ]  # fmt: skip


def store(rows: Iterable[PriceRow], user: Any = None) -> int:
    """Replace any existing row of the same (instrument, day): an import corrects what it covers."""
    points = _points(rows, user)
    with transaction.atomic():
        by_instrument: dict[str, list] = {}
        for point in points:
            by_instrument.setdefault(point.instrument, []).append(point.day)
        for instrument, days in by_instrument.items():
            for start in range(0, len(days), 500):
                PricePoint.objects.filter(instrument=instrument, day__in=days[start : start + 500]).delete()
        PricePoint.objects.bulk_create(points, batch_size=1000)
    return len(points)


def import_csv(user: Any, text: str, source: str) -> tuple[ImportResult, int]:
    """Parse and store; on any error nothing is stored and the report lists every bad row."""
    _require_staff(user)
    if not source.strip():
        raise DomainError(_("Name the source of the prices."), code="validation_error",
                          details={"source": [_("This field is required.")]})  # fmt: skip
    result = parse_price_csv(text, source=source.strip())
    if result.ok and any(len(r.instrument) > MAX_INSTRUMENT for r in result.rows):
        raise DomainError(_("An instrument code is longer than 20 characters."), code="validation_error")
    if not result.ok:
        return result, 0
    return result, store(result.rows, user)


# Demo series run to a fixed day (not "today") so the same seed always gives the same rows; it covers the
# six months before the 2026 Shenzhen surrender deadline that the penalty average needs.
DEMO_END = date(2026, 10, 30)


def load_synthetic(seed: int = 2023, end: date = DEMO_END) -> int:
    """The demo series (CEA anchored on public levels, SZA in the demo band), labelled synthetic."""
    total = 0
    for offset, spec in enumerate((CEA_SPEC, SZA_SPEC)):
        total += store(generate(replace(spec, end=max(end, spec.end)), seed + offset).rows)
    return total
