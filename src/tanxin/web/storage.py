"""Uploaded files stored once per content: the SHA-256 of the bytes names the blob."""

from __future__ import annotations

import hashlib

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage


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
