"""CSV import of a daily price series: all rows or none, with a row-by-row error report.

Expected header (order free, extra columns refused so a misaligned export is noticed):
``date,instrument,open,close,volume,turnover`` — date ISO 8601, prices and turnover in yuan with at
most two decimals (exchanges publish yuan), volume in whole tonnes. Turnover is stored as fen.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation

from tanxin.common.money import yuan_to_fen

from .prices import PriceRow

COLUMNS = ("date", "instrument", "open", "close", "volume", "turnover")


@dataclass(frozen=True)
class RowError:
    line: int  # 1-based line in the file, header is line 1
    column: str
    code: str  # stable: missing_column | unexpected_column | bad_date | bad_price | bad_volume | ...
    value: str = ""


@dataclass(frozen=True)
class ImportResult:
    rows: tuple[PriceRow, ...] = ()
    errors: tuple[RowError, ...] = field(default_factory=tuple)

    @property
    def ok(self) -> bool:
        return not self.errors


def parse_price_csv(text: str, *, source: str) -> ImportResult:
    """Parse ``text``; on any error return no rows at all and every error found."""
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))  # Excel on Windows adds a BOM
    header = [h.strip() for h in (reader.fieldnames or [])]
    errors = [RowError(1, c, "missing_column") for c in COLUMNS if c not in header]
    errors += [RowError(1, c, "unexpected_column") for c in header if c not in COLUMNS]
    if errors:
        return ImportResult(errors=tuple(errors))
    rows: list[PriceRow] = []
    seen: dict[tuple[date, str], int] = {}
    for line, raw in enumerate(reader, start=2):
        values = {k.strip(): (v or "").strip() for k, v in raw.items() if k is not None}
        if None in raw:
            errors.append(RowError(line, "", "too_many_fields"))
            continue
        row, row_errors = _parse_row(line, values, source)
        errors += row_errors
        if row is None:
            continue
        if (row.day, row.instrument) in seen:
            errors.append(
                RowError(line, "date", "duplicate_row", f"same as line {seen[(row.day, row.instrument)]}")
            )
            continue
        seen[(row.day, row.instrument)] = line
        rows.append(row)
    if not rows and not errors:
        errors.append(RowError(1, "", "empty_file"))
    return ImportResult(errors=tuple(errors)) if errors else ImportResult(rows=tuple(rows))


def _parse_row(line: int, v: dict[str, str], source: str) -> tuple[PriceRow | None, list[RowError]]:
    errors: list[RowError] = []
    try:
        day = date.fromisoformat(v["date"])
    except ValueError:
        errors.append(RowError(line, "date", "bad_date", v["date"]))
    if not v["instrument"]:
        errors.append(RowError(line, "instrument", "missing_instrument"))
    open_ = _amount(line, "open", v["open"], errors, positive=True)
    close = _amount(line, "close", v["close"], errors, positive=True)
    turnover = _amount(line, "turnover", v["turnover"], errors, positive=False)
    volume = None
    if not v["volume"].isdigit():
        errors.append(RowError(line, "volume", "bad_volume", v["volume"]))
    else:
        volume = int(v["volume"])
    if volume == 0 and turnover:
        errors.append(RowError(line, "turnover", "turnover_without_volume", v["turnover"]))
    if errors or open_ is None or close is None or turnover is None or volume is None:
        return None, errors
    return PriceRow(day, v["instrument"], open_, close, volume, yuan_to_fen(turnover), False, source), []


def _amount(line: int, column: str, text: str, errors: list[RowError], *, positive: bool) -> Decimal | None:
    try:
        value = Decimal(text.replace(",", ""))
    except InvalidOperation:
        errors.append(RowError(line, column, f"bad_{'price' if positive else 'amount'}", text))
        return None
    if not value.is_finite() or value < 0 or (positive and value == 0) or value.as_tuple().exponent < -2:
        errors.append(RowError(line, column, f"bad_{'price' if positive else 'amount'}", text))
        return None
    return value
