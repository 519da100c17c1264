"""Uploaded files stored once per content: the SHA-256 of the bytes names the blob."""

from __future__ import annotations

import hashlib
import logging

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import Http404
from django.utils.translation import gettext as _

log = logging.getLogger(__name__)


def store_once(folder: str, data: bytes, extension: str = "") -> tuple[str, str]:
    """Save ``data`` under ``folder/ab/abcdef…[.ext]`` unless already there; returns (sha256, storage name).

    The same bytes uploaded twice are stored once. When a simultaneous upload saved them first, the storage
    gives ours another name; that copy is deleted so exactly one blob remains under the content's name."""
    digest = hashlib.sha256(data).hexdigest()
    name = f"{folder}/{digest[:2]}/{digest}" + (f".{extension}" if extension else "")
    if not default_storage.exists(name):
        saved = default_storage.save(name, ContentFile(data))
        if saved != name:
            default_storage.delete(saved)
    return digest, name


def open_stored(name: str):
    """The stored blob ``name`` opened for reading. A record whose blob is gone (a restored database without
    its media folder, a deleted file) is a 404 that says so, logged for the operator — never a server error."""
    try:
        return default_storage.open(name, "rb")
    except (FileNotFoundError, OSError):
        log.error("stored file missing: %s", name)
        raise Http404(_("The stored file is missing. The platform's operator has been told.")) from None
