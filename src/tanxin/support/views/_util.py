"""Small helpers shared by the support-fund pages."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _

from tanxin.common.errors import DomainError
from tanxin.orgs.gate import principal_for
from tanxin.support import queries
from tanxin.support.errors import problem_text
from tanxin.support.models import Scheme


def is_staff(request: HttpRequest, scheme: Scheme | None = None) -> bool:
    principal = principal_for(request.user)
    if scheme is None:
        return principal.is_bureau_staff
    return principal.is_superuser or scheme.jurisdiction_id in principal.staff_jurisdictions


def staff_scheme(request: HttpRequest, scheme_id: int) -> Scheme:
    """A scheme the user manages (bureau staff of its jurisdiction); others get a 404, never a hint."""
    scheme = queries.scheme(request.user, scheme_id, "change")
    if scheme is None:
        raise Http404
    return scheme


def error_text(exc: DomainError) -> str:
    """The message, plus the problems a validation error lists (criteria tree, allocation)."""
    text = str(exc.message)
    problems = (exc.details or {}).get("problems") if isinstance(exc.details, dict) else None
    if problems:
        text += " " + "; ".join(problem_text(p) for p in problems if isinstance(p, dict))
    return text


def attempt(form: forms.Form, action: Callable[[], Any]) -> Any:
    """Run a service call; on a refusal put the error on the form and return None.

    Details naming a form field become that field's error; the message itself goes on top unless a
    field already carries it (domain details such as ``status`` or ``problems`` are not fields).
    """
    try:
        return action()
    except DomainError as exc:
        details = exc.details if isinstance(exc.details, dict) else {}
        placed = False
        for field, messages_ in details.items():
            if field in form.fields and isinstance(messages_, (list, tuple)):
                for message in messages_:
                    form.add_error(field, str(message))
                    placed = True
        if not placed:
            form.add_error(None, error_text(exc))
        return None


def act(request: HttpRequest, action: Callable[[], Any], ok: str) -> bool:
    """Run a button's service call; report the outcome as a flash message."""
    try:
        action()
    except DomainError as exc:
        messages.error(request, error_text(exc))
        return False
    messages.success(request, ok)
    return True


def saved() -> str:
    return _("Saved.")
