"""Reading uploaded workbooks, the same way for every import (directory, activity data, allocation tables).

A file is a workbook only if it starts like one (a ZIP container) and openpyxl can open it; anything else is
refused with a clear message. Every kept row remembers its spreadsheet row number (``ROW``), so a row-by-row
report points at the line the user sees in Excel.

Cost follows what the file stores, never what it declares. openpyxl's row iterator trusts the sheet's
``<dimension>`` and pads every missing row to the declared width: a 5 KB file declaring ``A1:XFD1048576``
makes it build a million rows of 16,384 cells. So we stream the sheet's stored ``<row>`` elements with
openpyxl's own parser (same cell values, dates and shared strings) and skip the padding: a blank row that
is not stored costs nothing, and what is stored is bounded by caps checked before any parsing:

- the upload size (``TANXIN_IMPORT_MAX_BYTES``), and the size the ZIP says it unpacks to (``UNPACK_RATIO``
  times that: the ZIP reader stops at the declared size, so a zip bomb cannot grow past it);
- data rows (``TANXIN_IMPORT_MAX_ROWS``) and stored rows, blank ones included (``STORED_ROW_FACTOR`` times
  the data-row cap), so rows of empty formatted cells cannot keep the parser busy either;
- columns (``MAX_COLUMNS``): the header may not reach beyond them, and data cells past the header are ignored.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.worksheet._reader import WorkSheetParser

from tanxin.common.errors import DomainError

XLSX_MAGIC = b"PK\x03\x04"
ROW = "_row"  # key holding the 1-based spreadsheet row number in keyed rows
MAX_COLUMNS = 256  # every template has fewer than 20 columns
UNPACK_RATIO = 20  # sheet XML compresses about 10×; far beyond that the file is not a table
STORED_ROW_FACTOR = 5  # stored rows (blank or not) allowed per data row of the cap


def is_xlsx(data: bytes) -> bool:
    return data.startswith(XLSX_MAGIC)


def byte_cap() -> int:
    return settings.TANXIN_IMPORT_MAX_BYTES


def row_cap() -> int:
    return settings.TANXIN_IMPORT_MAX_ROWS


def check_size(size: int) -> None:
    """Refuse an upload larger than the import byte cap (call it before reading the file)."""
    if size > byte_cap():
        raise DomainError(_("The file is too large (at most %(mb)d MB).") % {"mb": byte_cap() // (1024 * 1024)},
                          code="too_large")  # fmt: skip


def too_many_rows(limit: int) -> DomainError:
    return DomainError(_("Too many rows: at most %(max)d per import.") % {"max": limit}, code="too_many_rows")


def no_data_rows() -> DomainError:
    return DomainError(_("The file has no data rows under its header row."), code="empty_file")


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _open(data: bytes):
    if not is_xlsx(data):
        raise DomainError(_("This file is not an Excel workbook (.xlsx)."), code="invalid_file")
    check_size(len(data))
    damaged = DomainError(_("The workbook is damaged and cannot be read."), code="invalid_file")
    try:
        unpacked = sum(info.file_size for info in zipfile.ZipFile(io.BytesIO(data)).infolist())
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise damaged from exc
    if unpacked > UNPACK_RATIO * byte_cap():
        raise DomainError(_("The workbook unpacks to more than %(mb)d MB; remove unused sheets and formatting.")
                          % {"mb": UNPACK_RATIO * byte_cap() // (1024 * 1024)}, code="too_large")  # fmt: skip
    try:
        return load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError) as exc:
        raise damaged from exc


def _stored_rows(wb: Any) -> Iterator[tuple[int, list[dict]]]:
    """(row number, cells) of the rows the first sheet stores, in file order; missing rows are not invented."""
    ws = wb.worksheets[0]
    with ws._get_source() as source:
        parser = WorkSheetParser(source, ws._shared_strings, data_only=True, epoch=wb.epoch,
                                 date_formats=wb._date_formats, timedelta_formats=wb._timedelta_formats)  # fmt: skip
        yield from parser.parse()


def nul_refused(line: int) -> DomainError:
    """NUL cannot be stored (PostgreSQL refuses it in text). Sheet XML cannot carry one (the parser refuses
    ``&#0;`` as damage), so this guards CSV and any future reader path."""
    return DomainError(_("Line %(line)d contains a NUL character, which cannot be stored.") % {"line": line},
                       code="invalid_file")  # fmt: skip


def _values(cells: list[dict], width: int, line: int) -> tuple:
    row: list[Any] = [None] * width
    for cell in cells:
        column = cell["column"]
        if 1 <= column <= width:
            value = cell["value"]
            if isinstance(value, str) and "\x00" in value:
                raise nul_refused(line)
            row[column - 1] = value
    return tuple(row)


def _header(cells: list[dict], line: int) -> tuple:
    used = [c["column"] for c in cells if not _blank(c["value"])]
    if max(used) > MAX_COLUMNS:
        raise DomainError(_("Too many columns: at most %(max)d.") % {"max": MAX_COLUMNS}, code="too_many_columns")
    return _values(cells, max(used), line)


def sheet_rows(data: bytes, *, max_rows: int | None = None, allow_empty: bool = False
               ) -> tuple[list[Any], list[tuple[int, tuple]]]:  # fmt: skip
    """The first sheet's header cells (its first non-blank row) and its non-blank rows as (row number, values).

    Refuses files past the byte caps, more than ``max_rows`` data rows (the setting by default), and (unless
    ``allow_empty``: the caller checks the header first, then calls ``no_data_rows``) a header with no data.
    """
    limit = max_rows if max_rows is not None else row_cap()
    wb = _open(data)
    try:
        header: tuple | None = None
        kept: list[tuple[int, tuple]] = []
        stored = 0
        for number, cells in _stored_rows(wb):
            stored += 1
            if stored > STORED_ROW_FACTOR * limit + 1:
                raise too_many_rows(limit)
            if all(_blank(c["value"]) for c in cells):
                continue
            if header is None:
                header = _header(cells, number)
                continue
            if len(kept) >= limit:
                raise too_many_rows(limit)
            kept.append((number, _values(cells, len(header), number)))
    except DomainError:
        raise
    except (KeyError, ValueError, TypeError, IndexError, SyntaxError, zipfile.BadZipFile, OSError) as exc:
        # Malformed sheet XML (lxml's XMLSyntaxError is a SyntaxError) or a member that does not unpack.
        raise DomainError(_("The workbook is damaged and cannot be read."), code="invalid_file") from exc
    finally:
        wb.close()
    if header is None:
        raise DomainError(_("The workbook is empty."), code="invalid_file")
    if not kept and not allow_empty:
        raise no_data_rows()
    return list(header), kept


def header_keys(labels: Mapping[str, Any]) -> dict[str, str]:
    """Any accepted header text — the column key, or its label in Chinese or in English — to the column key."""
    keys: dict[str, str] = {}
    for key, label in labels.items():
        keys[key.lower()] = key
        for language in ("zh-hans", "en"):
            with translation.override(language):
                keys[str(label).strip().lower()] = key
    return keys


def keyed_rows(data: bytes, *, labels: Mapping[str, Any], required: Iterable[str], max_rows: int) -> list[dict]:
    """Rows of a template-based workbook as dicts keyed by column key, each with its row number under ``ROW``."""
    header, rows = sheet_rows(data, max_rows=max_rows, allow_empty=True)
    mapping = header_keys(labels)
    keys = [mapping.get(str(h or "").strip().lower()) for h in header]
    missing = [str(labels[k]) for k in required if k not in keys]
    if missing:
        raise DomainError(
            _("These required columns are missing: %(columns)s. Use the template.") % {"columns": ", ".join(missing)},
            code="invalid_template",
        )
    if not rows:
        raise no_data_rows()
    return [{ROW: number, **{k: v for k, v in zip(keys, values, strict=False) if k}} for number, values in rows]
