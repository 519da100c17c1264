"""Crafted workbooks: tiny files that declare a huge sheet, the way a careless or hostile user sends them.

openpyxl writes an honest workbook; we then rewrite its first sheet's XML so the declared dimension (and
one stray cell) reach far down and across, while the file stays a few kilobytes.
"""

from __future__ import annotations

import io
import re
import zipfile

from openpyxl import Workbook

SHEET = "xl/worksheets/sheet1.xml"


def honest(rows: list[list[object]]) -> bytes:
    wb = Workbook()
    ws = wb.active
    for row in rows:
        ws.append(row)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def rewrite_sheet(data: bytes, change) -> bytes:
    """The same workbook with its first sheet's XML passed through ``change``."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            body = source.read(info.filename)
            if info.filename == SHEET:
                body = change(body.decode()).encode()
            target.writestr(info.filename, body)
    return out.getvalue()


def far_reaching(rows: list[list[object]], *, last_row: int, last_column: str = "XFD") -> bytes:
    """``rows`` followed by one blank cell at ``last_column``/``last_row``, declared as ``A1:XFD<last_row>``."""

    def change(xml: str) -> str:
        xml = re.sub(r'<dimension ref="[^"]*" ?/>', f'<dimension ref="A1:{last_column}{last_row}"/>', xml)
        stray = f'<row r="{last_row}"><c r="{last_column}{last_row}" s="0"/></row>'
        return xml.replace("</sheetData>", stray + "</sheetData>")

    return rewrite_sheet(honest(rows), change)
