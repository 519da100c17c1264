"""Stable refusal codes of the matchmaking rules; services translate them (``matchmaking.messages``)."""

from __future__ import annotations

from tanxin.common.errors import Conflict, DomainError


class MatchError(DomainError):
    """A matchmaking rule refused the input."""


class SlotError(Conflict):
    """A grab-slot move the state does not allow (full, expired, twice)."""


def refuse(code: str, field: str | None = None, **params: object) -> MatchError:
    details = {"field": field, **params} if field else (params or None)
    return MatchError(code, code=code, details=details)
