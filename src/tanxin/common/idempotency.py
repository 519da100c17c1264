"""Idempotency keys for writes that move value.

The client sends a key; we store (key, request hash, result). A retry with the same key and the same
content gets the first result back; the same key with different content is a client bug and is
refused, because silently returning the old result would hide it. Pure: the unit of work that stores
keys (``tanxin.web.unit_of_work``) and every module that moves value use these rules.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from typing import Any

from tanxin.common.errors import Conflict, DomainError
from tanxin.common.hashing import canonical_hash

MAX_KEY_LENGTH = 200


def request_hash(operation: str, content: Mapping[str, Any]) -> str:
    """Canonical hash of what was asked: key order and Decimal spelling (``1.0`` vs ``1.00``) do not
    matter, because a retry from a form and one from the API must be recognised as the same request."""
    return canonical_hash({"operation": operation, "content": _normalise(content)})


def _normalise(value: Any) -> Any:
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    if isinstance(value, Mapping):
        return {str(k): _normalise(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_normalise(v) for v in value]
    return value


@dataclass(frozen=True)
class StoredRequest:
    key: str
    request_hash: str
    result: Any  # whatever the service stored (e.g. transaction id and journal seq)


class Outcome(StrEnum):
    NEW = "new"
    REPLAY = "replay"
    CONFLICT = "conflict"


@dataclass(frozen=True)
class Decision:
    outcome: Outcome
    result: Any = None  # the stored result on REPLAY


def decide(key: str, incoming_hash: str, stored: StoredRequest | None) -> Decision:
    """What to do with a request whose key was looked up (``stored`` is None if unseen)."""
    if not key or len(key) > MAX_KEY_LENGTH:
        raise DomainError("idempotency key missing or too long", code="bad_idempotency_key")
    if stored is None:
        return Decision(Outcome.NEW)
    if stored.request_hash == incoming_hash:
        return Decision(Outcome.REPLAY, stored.result)
    return Decision(Outcome.CONFLICT)


def decide_or_raise(key: str, incoming_hash: str, stored: StoredRequest | None) -> Decision:
    """As ``decide`` but a conflict becomes the 409 the API answers."""
    decision = decide(key, incoming_hash, stored)
    if decision.outcome is Outcome.CONFLICT:
        raise Conflict("this idempotency key was used for a different request", code="idempotency_key_reused")
    return decision
