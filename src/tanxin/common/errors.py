"""Errors that domain and service code raise; the API and views turn them into 4xx answers.

Messages are lazily translated strings so the user reads them in their own language.
"""

from __future__ import annotations

from collections.abc import Mapping
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


def field_error(field: str, message: Any, code: str = "validation_error") -> DomainError:
    """A refusal that names the one form field (or API body field) it is about."""
    return DomainError(message, code=code, details={field: [message]})


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


def translate(exc: DomainError, messages: Mapping[str, Any], *, field: str | None = None,
              values: Mapping[str, Any] | None = None) -> DomainError:  # fmt: skip
    """The one way to put a domain error into the user's language: each app keeps a table ``code ->
    lazily translated template`` and calls this. Returns a copy (same class, code and details) whose
    message is the template formatted with ``values`` (default: the error's details); a code without a
    template keeps its message. With ``field`` the message is also filed under that form field."""
    template = messages.get(exc.code)
    message = exc.message if template is None else _format(template, values if values is not None else exc.details)
    # A bare copy: domain errors' constructors take codes, not messages, so the class is not called again.
    clone = type(exc).__new__(type(exc), message)
    clone.__dict__.update(exc.__dict__)
    clone.message, clone.args = message, (message,)
    if field:
        clone.details = {**(exc.details if isinstance(exc.details, dict) else {}), field: [message]}
    return clone


def _format(template: Any, values: Any) -> str:
    text = str(template)
    try:
        return text % {k: str(v) for k, v in values.items()} if isinstance(values, Mapping) else text
    except (KeyError, ValueError, TypeError):
        return text
