"""Reading uploaded workbooks, the same way for every import (directory, activity data, allocation tables).

A file is a workbook only if it starts like one (a ZIP container) and openpyxl can open it; anything else is
refused with a clear message. Blank rows are skipped but every kept row remembers its spreadsheet row number
(``ROW``), so a row-by-row report points at the line the user sees in Excel.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable, Mapping
from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from tanxin.common.errors import DomainError

XLSX_MAGIC = b"PK\x03\x04"
ROW = "_row"  # key holding the 1-based spreadsheet row number in keyed rows


def is_xlsx(data: bytes) -> bool:
    return data.startswith(XLSX_MAGIC)


def sheet_rows(data: bytes, *, max_rows: int | None = None) -> tuple[list[Any], list[tuple[int, tuple]]]:
    """The first sheet's header cells and its non-blank rows as (row number, values)."""
    if not is_xlsx(data):
        raise DomainError(_("This file is not an Excel workbook (.xlsx)."), code="invalid_file")
    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise DomainError(_("The workbook is damaged and cannot be read."), code="invalid_file") from exc
    try:
        rows = wb.worksheets[0].iter_rows(values_only=True)
        header = next(rows, None)
        if header is None:
            raise DomainError(_("The workbook is empty."), code="invalid_file")
        kept: list[tuple[int, tuple]] = []
        for number, values in enumerate(rows, start=2):
            if all(v is None or (isinstance(v, str) and not v.strip()) for v in values):
                continue
            if max_rows is not None and len(kept) >= max_rows:
                raise DomainError(_("Too many rows: at most %(max)d per import.") % {"max": max_rows},
                                  code="too_many_rows")  # fmt: skip
            kept.append((number, values))
        return list(header), kept
    finally:
        wb.close()


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
    header, rows = sheet_rows(data, max_rows=max_rows)
    mapping = header_keys(labels)
    keys = [mapping.get(str(h or "").strip().lower()) for h in header]
    missing = [str(labels[k]) for k in required if k not in keys]
    if missing:
        raise DomainError(
            _("These required columns are missing: %(columns)s. Use the template.") % {"columns": ", ".join(missing)},
            code="invalid_template",
        )
    return [{ROW: number, **{k: v for k, v in zip(keys, values, strict=False) if k}} for number, values in rows]
