"""Lending writes that move money or tonnes run once per Idempotency-Key: the replay returns the first result,
the same key with different content is refused. The key row is written in the write's own transaction, so a
refused or failed write leaves no key behind. The machinery is the platform's one unit of work."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.utils.translation import gettext as _

from tanxin.common.errors import DomainError
from tanxin.lending.models import OperationKey
from tanxin.web import unit_of_work

MAX_KEY = 200
KEYS = unit_of_work.SqlKeyStore(OperationKey._meta.db_table)


def check_key(key: str | None) -> str | None:
    if key is None:
        return None
    key = key.strip()
    if not key or len(key) > MAX_KEY:
        raise DomainError(_("The Idempotency-Key header is missing or longer than 200 characters."),
                          code="bad_idempotency_key")  # fmt: skip
    return key


def run(user: Any, operation: str, content: dict[str, Any], key: str | None, fn: Callable[[], dict]) -> dict:
    """``fn()`` inside one transaction of the platform's unit of work (``tanxin.web.unit_of_work``: the key
    claimed with the result, a twin request replays it, a deadlock retries); with a key, at most once per
    (user, key)."""
    return unit_of_work.run(user.pk, operation, content, check_key(key), fn, keys=KEYS)


def registry_key(loan_ref: str, step: str, key: str | None) -> str | None:
    """The key lending hands to the registry for the hold it places or moves within a keyed write."""
    return f"lending:{loan_ref}:{step}:{key}"[:MAX_KEY] if key else None
