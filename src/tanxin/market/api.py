"""Carbon price API at /api/v1/market/: daily series, the figures lenders and compliance need, CSV import."""

from __future__ import annotations

from datetime import date

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, File, Form, Query, Router, Schema, Status
from ninja.files import UploadedFile

from tanxin.common.errors import DomainError
from tanxin.common.money import fen_to_yuan
from tanxin.market import queries, services
from tanxin.market.models import PricePoint
from tanxin.web.api_contract import PageQuery, SyncQuery, changed_since, page_of, paginate

router = Router(tags=["market"])
MAX_UPLOAD = 5 * 1024 * 1024


class PriceOut(Schema):
    day: date
    open: str
    close: str
    volume_t: int
    turnover_fen: int
    synthetic: bool


class SeriesQuery(SyncQuery):
    instrument: str = Field("CEA", max_length=20)
    start: date | None = None
    end: date | None = None


class FiguresOut(Schema):
    instrument: str
    on: date
    close: str | None
    close_day: date | None
    vwap_n: str | None
    n: int
    valuation: str | None = Field(None, description="min(close, VWAP n)")
    average_6m: str | None = Field(None, description="VWAP of the 6 calendar months before the month of `on`")
    synthetic: bool
    close_age_days: int | None = Field(None, description="calendar days from close_day to `on`")
    close_stale: bool = Field(..., description="the close is older than stale_after_days")
    stale_after_days: int
    vwap_first_day: date | None = Field(None, description="first of the trading days the VWAP covers")
    vwap_trading_days: int
    average_6m_start: date
    average_6m_end: date
    average_6m_trading_days: int = Field(..., description="trading days with a price inside the 6-month window")
    average_6m_months_without_prices: list[str] = Field(..., description="YYYY-MM months of the window without "
                                                                         "any price")
    average_6m_last_price_day: date | None


class ImportOut(Schema):
    imported: int


def _s(value) -> str | None:
    return None if value is None else str(value)


class InstrumentOut(Schema):
    code: str = Field(..., description="the instrument's code in the price series, e.g. CEA or SZA")


@router.get("/instruments", response=page_of(InstrumentOut))
def instruments(request: HttpRequest, params: Query[PageQuery]):
    """The instruments that have prices, by code."""
    return paginate(queries.instruments(), params, lambda code: {"code": code})


@router.get("/prices", response=page_of(PriceOut))
def prices(request: HttpRequest, params: Query[SeriesQuery]):
    """The daily series, oldest first, a page at a time; ``updated_since`` keeps rows imported since then."""
    qs = PricePoint.objects.filter(instrument=params.instrument).order_by("day", "pk")
    if params.start:
        qs = qs.filter(day__gte=params.start)
    if params.end:
        qs = qs.filter(day__lte=params.end)
    return paginate(changed_since(qs, params, "imported_at"), params, _price_out)


def _price_out(r: PricePoint) -> dict:
    return {"day": r.day, "open": str(fen_to_yuan(r.open_fen)), "close": str(fen_to_yuan(r.close_fen)),
            "volume_t": r.volume_t, "turnover_fen": r.turnover_fen, "synthetic": r.synthetic}  # fmt: skip


@router.get("/figures", response=FiguresOut)
def figures(request: HttpRequest, instrument: str = "CEA", on: date | None = None, n: int = Query(20, ge=1, le=250)):
    f = queries.figures(instrument, on or timezone.localdate(), n)
    c = f.average_6m_coverage
    return {"instrument": f.instrument, "on": f.on, "close": _s(f.close), "close_day": f.close_day,
            "vwap_n": _s(f.vwap_n), "n": f.n, "valuation": _s(f.valuation), "average_6m": _s(f.average_6m),
            "synthetic": f.synthetic, "close_age_days": f.close_age_days, "close_stale": f.close_stale,
            "stale_after_days": f.stale_after_days, "vwap_first_day": f.vwap_first_day,
            "vwap_trading_days": f.vwap_trading_days, "average_6m_start": c.start, "average_6m_end": c.end,
            "average_6m_trading_days": c.trading_days,
            "average_6m_months_without_prices": list(c.months_without_prices),
            "average_6m_last_price_day": c.last_price_day}  # fmt: skip


@router.post("/prices/import", response={201: ImportOut})
def import_prices(request: HttpRequest, file: File[UploadedFile], source: Form[str]):
    if file.size > MAX_UPLOAD:
        raise DomainError(_("The file is too large."), code="too_large")
    try:
        text = file.read().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DomainError(_("The price file must be a UTF-8 CSV file."), code="invalid_file") from exc
    result, count = services.import_csv(request.user, text, source)
    if not result.ok:
        raise DomainError(_("Nothing was imported: fix the rows listed."), code="import_rejected",
                          details={"rows": [e.__dict__ for e in result.errors]})  # fmt: skip
    return Status(201, {"imported": count})
