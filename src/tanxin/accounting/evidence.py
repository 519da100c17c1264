"""Evidence files: type checked by magic bytes (and the name must agree), size limited, stored
content-addressed through Django's default storage (``accounting/evidence/ab/abcdef….pdf``).

The same bytes uploaded twice are stored once; each upload still gets its own row (who, when, which line).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from tanxin.accounting.access import require_edit
from tanxin.accounting.models import ActivityLine, EvidenceFile
from tanxin.common.errors import DomainError, NotFound
from tanxin.common.files import file_kind, is_xlsx_workbook
from tanxin.web.storage import open_stored, store_once

MAX_BYTES = settings.TANXIN_EVIDENCE_MAX_BYTES
EXTENSIONS = {"pdf": ("pdf",), "jpeg": ("jpg", "jpeg"), "png": ("png",), "xlsx": ("xlsx",)}


def sniff(data: bytes) -> str | None:
    """The real type of ``data`` from its first bytes (and, for XLSX, its zip directory)."""
    kind = file_kind(data)
    if kind == "zip":
        return "xlsx" if is_xlsx_workbook(data) else None
    return kind


def _error(message: str, code: str) -> DomainError:
    return DomainError(message, code=code, details={"file": [message]})


def check_upload(name: str, data: bytes) -> str:
    """The file type, or a 400 naming the problem: empty, too large, unsupported, or not what it claims."""
    if not data:
        raise _error(_("The file is empty."), "empty_file")
    if len(data) > MAX_BYTES:
        raise _error(_("The file is too large (at most %(mb)d MB).") % {"mb": MAX_BYTES // (1024 * 1024)},
                     "too_large")  # fmt: skip
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    claimed = next((kind for kind, exts in EXTENSIONS.items() if extension in exts), None)
    if claimed is None:
        raise _error(_("Only PDF, JPEG, PNG and XLSX files are accepted."), "unsupported_type")
    actual = sniff(data)
    if actual != claimed:
        raise _error(_("The file's content is not a %(type)s file, whatever its name says.") % {
            "type": claimed.upper()}, "content_mismatch")
    return actual


def store(data: bytes, file_type: str) -> tuple[str, str]:
    """Save once per content; returns (sha256, storage name)."""
    return store_once("accounting/evidence", data, EXTENSIONS[file_type][0])


@transaction.atomic
def attach(user: Any, enterprise_id: int, name: str, data: bytes, *, line_id: int | None = None,
           purpose: str = EvidenceFile.Purpose.EVIDENCE, description: str = "") -> EvidenceFile:
    require_edit(user, enterprise_id)
    line = None
    if line_id is not None:
        line = ActivityLine.objects.visible_to(user, "change").filter(pk=line_id, enterprise_id=enterprise_id).first()
        if line is None:
            raise NotFound(_("Activity line not found."))
    file_type = check_upload(name, data)
    digest, storage_name = store(data, file_type)
    return EvidenceFile.objects.create(
        enterprise_id=enterprise_id, line=line, sha256=digest, storage_name=storage_name, file_type=file_type,
        size=len(data), original_name=name[-255:], purpose=purpose, description=description[:200], uploaded_by=user,
    )  # fmt: skip


def open_file(evidence: EvidenceFile):
    return open_stored(evidence.storage_name)
