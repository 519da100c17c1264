"""Lending writes that move money or tonnes run once per Idempotency-Key: the replay returns the first result,
the same key with different content is refused. The key row is written in the write's own transaction, so a
refused or failed write leaves no key behind."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from tanxin.common.errors import Conflict, DomainError
from tanxin.lending.models import OperationKey

MAX_KEY = 200


def request_hash(operation: str, content: dict[str, Any]) -> str:
    text = json.dumps({"op": operation, "content": content}, sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()


def check_key(key: str | None) -> str | None:
    if key is None:
        return None
    key = key.strip()
    if not key or len(key) > MAX_KEY:
        raise DomainError(_("The Idempotency-Key header is missing or longer than 200 characters."),
                          code="bad_idempotency_key")  # fmt: skip
    return key


def run(user: Any, operation: str, content: dict[str, Any], key: str | None, fn: Callable[[], dict]) -> dict:
    """``fn()`` inside one transaction; with a key, at most once per (user, key)."""
    key = check_key(key)
    digest = request_hash(operation, content)
    with transaction.atomic():
        if key is not None:
            found = OperationKey.objects.filter(actor=user, key=key).first()
            if found is not None:
                if found.request_hash != digest:
                    raise Conflict(_("This Idempotency-Key was already used for a different request."),
                                   code="idempotency_key_reused")  # fmt: skip
                return {**found.result, "replayed": True}
        result = fn()
        if key is not None:
            try:
                with transaction.atomic():
                    OperationKey.objects.create(actor=user, key=key, operation=operation, request_hash=digest,
                                                result=result)  # fmt: skip
            except IntegrityError:
                raise Conflict(_("This request is already being processed; retry with the same key."),
                               code="idempotency_in_flight") from None  # fmt: skip
    return {**result, "replayed": False}


def registry_key(loan_ref: str, step: str, key: str | None) -> str | None:
    """The key lending hands to the registry for the hold it places or moves within a keyed write."""
    return f"lending:{loan_ref}:{step}:{key}"[:MAX_KEY] if key else None
