"""One unit of work for every write that moves value (allowances, money): the registry's transfers,
support-fund disbursements, and the finance modules' loan movements.

- **Idempotency**: the caller's key is looked up first; the same key with the same request (canonical
  hash, ``tanxin.common.idempotency``) replays the first result, with different content it is refused
  (409). The key is claimed *last*, with the result, in the same transaction, so a simultaneous twin
  blocks on the unique index until we commit, then finds the key taken, rolls back and replays ours.
- **Ordered locks**: ``lock_in_order`` locks rows in ascending primary key, so two operations on the same
  rows in opposite directions (A→B and B→A) cannot deadlock on each other.
- **Retry**: a deadlock or serialisation failure (``OperationalError``) rolls the whole transaction back
  and runs it again with a short random backoff; only the outermost transaction retries, because an
  inner savepoint cannot undo what the outer one already holds.

Where keys are stored is the caller's: a ``KeyStore`` (a table with ``actor_id, key, operation,
request_hash, result, created_at`` and a unique ``(actor_id, key)``: ``SqlKeyStore``), or the written
rows themselves when a natural key exists (a payment reference).
"""

from __future__ import annotations

import json
import random
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, Protocol

from django.db import IntegrityError, OperationalError, connection, models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tanxin.common import idempotency as idem
from tanxin.common.errors import DomainError

MAX_ATTEMPTS = 8
MESSAGES = {
    "bad_idempotency_key": _("The Idempotency-Key header is missing or longer than 200 characters."),
    "idempotency_key_reused": _("This Idempotency-Key was already used for a different request."),
}


def translate_key_error(exc: DomainError) -> DomainError:
    """The key's refusal in the user's language (the default for callers without their own wording)."""
    message = MESSAGES.get(exc.code)
    return exc if message is None else type(exc)(message, code=exc.code, details=exc.details)


class LostRace(Exception):
    """Another transaction stored the same idempotency key first; ours is rolled back and replays theirs."""


class KeyStore(Protocol):
    def find(self, actor_id: int, key: str) -> idem.StoredRequest | None: ...

    def claim(self, actor_id: int, key: str, operation: str, digest: str, result: dict[str, Any]) -> bool:
        """Store the key with its result; False when another transaction already stored it."""
        ...


@dataclass(frozen=True)
class SqlKeyStore:
    """Keys in a table of the caller's app (two statements, no ORM: this runs on every write)."""

    table: str

    def find(self, actor_id: int, key: str) -> idem.StoredRequest | None:
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT request_hash, result FROM {self.table} WHERE actor_id = %s AND key = %s",
                           [actor_id, key])  # fmt: skip
            found = cursor.fetchone()
        if found is None:
            return None
        result = found[1] if isinstance(found[1], dict) else json.loads(found[1])
        return idem.StoredRequest(key, found[0], result)

    def claim(self, actor_id: int, key: str, operation: str, digest: str, result: dict[str, Any]) -> bool:
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {self.table} (actor_id, key, operation, request_hash, result, created_at) "
                "VALUES (%s, %s, %s, %s, %s, %s) ON CONFLICT (actor_id, key) DO NOTHING RETURNING id",
                [actor_id, key, operation[:40], digest, json.dumps(result), timezone.now()],
            )
            return cursor.fetchone() is not None


def run(actor_id: int, operation: str, content: dict[str, Any], key: str | None, fn: Callable[[], dict[str, Any]],
        *, keys: KeyStore, translate: Callable[[DomainError], DomainError] = translate_key_error,
        after_claim: Callable[[bool], None] | None = None) -> dict[str, Any]:  # fmt: skip
    """Run ``fn`` in one transaction under an optional idempotency key; retry on deadlock.

    Returns ``fn``'s result plus ``replayed`` (True when the key replayed a stored result).
    ``after_claim(outermost)`` runs after the key is claimed, still inside the transaction (the registry
    stages its journal record there). ``translate`` turns the key's refusal into the app's wording.
    """
    digest = idem.request_hash(operation, content)
    outermost = not connection.in_atomic_block
    for attempt in range(MAX_ATTEMPTS):
        try:
            with transaction.atomic():
                return _once(actor_id, operation, digest, key, fn, keys, translate, after_claim, outermost)
        except (LostRace, IntegrityError):
            # Lost the race for the idempotency key: the next attempt finds the winner's row and replays.
            if not key or attempt == MAX_ATTEMPTS - 1:
                raise
        except OperationalError:
            # Deadlock / serialization failure / SQLite busy: only safe to retry the whole transaction.
            if not outermost or attempt == MAX_ATTEMPTS - 1:
                raise
            time.sleep(random.uniform(0.001, 0.01) * (attempt + 1))
    raise AssertionError("unreachable")  # pragma: no cover


def _once(actor_id: int, operation: str, digest: str, key: str | None, fn: Callable[[], dict[str, Any]],
          keys: KeyStore, translate: Callable[[DomainError], DomainError],
          after_claim: Callable[[bool], None] | None, outermost: bool) -> dict[str, Any]:  # fmt: skip
    if key is not None:
        try:
            decision = idem.decide_or_raise(key, digest, keys.find(actor_id, key))
        except DomainError as exc:
            raise translate(exc) from exc
        if decision.outcome is idem.Outcome.REPLAY:
            return {**decision.result, "replayed": True}
    result = fn()
    if key is not None and not keys.claim(actor_id, key, operation, digest, result):
        raise LostRace
    if after_claim is not None:
        after_claim(outermost)
    return {**result, "replayed": False}


def lock_in_order(queryset: models.QuerySet, ids: Iterable[int]) -> list[Any]:
    """Lock the rows with ``ids`` in ascending primary key (``FOR NO KEY UPDATE``: inserts of rows that
    reference them are not blocked). On SQLite the IMMEDIATE transaction already serialises writers."""
    qs = queryset.filter(pk__in=set(ids)).order_by("pk")
    if connection.vendor == "postgresql":
        qs = qs.select_for_update(no_key=True, of=("self",))
    return list(qs)
