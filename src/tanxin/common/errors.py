"""Errors that domain and service code raise; the API and views turn them into 4xx answers.

Messages are lazily translated strings so the user reads them in their own language.
"""

from __future__ import annotations

from typing import Any


class DomainError(Exception):
    """A rule refused the request. ``code`` is stable for machines, ``message`` is for people."""

    status = 400
    code = "invalid"

    def __init__(self, message: Any, *, code: str | None = None, details: Any = None) -> None:
        super().__init__(message)
        self.message = message
        if code:
            self.code = code
        self.details = details


class NotFound(DomainError):
    status = 404
    code = "not_found"


class PermissionDenied(DomainError):
    status = 403
    code = "forbidden"


class Conflict(DomainError):
    """The request clashes with the current state (duplicate, wrong workflow state, replayed key)."""

    status = 409
    code = "conflict"


class Unauthenticated(DomainError):
    status = 401
    code = "unauthenticated"
