"""Idempotency keys for the registry's writes: the platform's one rule (``tanxin.common.idempotency``)."""

from __future__ import annotations

from tanxin.common.idempotency import (
    MAX_KEY_LENGTH,
    Decision,
    Outcome,
    StoredRequest,
    decide,
    decide_or_raise,
    request_hash,
)

__all__ = ["MAX_KEY_LENGTH", "Decision", "Outcome", "StoredRequest", "decide", "decide_or_raise", "request_hash"]
