"""Canonical hashing: the same logical content always gives the same digest."""

from __future__ import annotations

import hashlib
import json
from decimal import Decimal
from typing import Any


def _default(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    raise TypeError(f"cannot canonicalise {type(value).__name__}")


def canonical_json(value: Any) -> bytes:
    """Sorted keys, no spaces, UTF-8, Decimals and dates as strings."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=_default).encode(
        "utf-8"
    )


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def canonical_hash(value: Any) -> str:
    return sha256_hex(canonical_json(value))
