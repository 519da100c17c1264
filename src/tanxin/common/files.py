"""What an uploaded file really is, from its first bytes; the name and the browser's type are never trusted."""

from __future__ import annotations

import io
import zipfile

# (leading bytes, kind); OOXML documents (docx, xlsx) are zip archives.
MAGIC = (
    (b"%PDF-", "pdf"),
    (b"\xff\xd8\xff", "jpeg"),
    (b"\x89PNG\r\n\x1a\n", "png"),
    (b"PK\x03\x04", "zip"),
)
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "jpeg": "image/jpeg",
    "png": "image/png",
    "zip": "application/zip",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def file_kind(data: bytes) -> str | None:
    """``pdf``, ``jpeg``, ``png``, ``zip`` or None, from the leading bytes alone."""
    return next((kind for magic, kind in MAGIC if data.startswith(magic)), None)


def is_xlsx_workbook(data: bytes) -> bool:
    """A zip whose directory is an Excel workbook's (``[Content_Types].xml`` and ``xl/...``)."""
    if file_kind(data) != "zip":
        return False
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return False
    return "[Content_Types].xml" in names and any(n.startswith("xl/") for n in names)
