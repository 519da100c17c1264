"""Small helpers shared by the support-fund pages."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _

from tanxin.common.errors import DomainError
from tanxin.orgs import access
from tanxin.orgs.gate import principal_for
from tanxin.support import queries
from tanxin.support.errors import problem_text
from tanxin.support.models import Scheme
from tanxin.web import forms as web_forms


def is_staff(request: HttpRequest, scheme: Scheme | None = None) -> bool:
    principal = principal_for(request.user)
    if scheme is None:
        return principal.is_bureau_staff
    return access.is_staff_for(principal, scheme.jurisdiction_id)


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
    """Run a service call; on a refusal put the error (with its listed problems) on the form, return None."""
    return web_forms.attempt(form, action, error_text)


def act(request: HttpRequest, action: Callable[[], Any], ok: str) -> bool:
    """Run a button's service call; report the outcome as a flash message."""
    return web_forms.flash_action(request, action, ok, error_text)


def saved() -> str:
    return _("Saved.")
