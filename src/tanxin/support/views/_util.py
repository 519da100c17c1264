"""Small helpers shared by the support-fund pages."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _

from tanxin.common.errors import DomainError, NotFound, PermissionDenied
from tanxin.orgs import access
from tanxin.orgs.gate import principal_for
from tanxin.support import queries
from tanxin.support.domain.workflow import SCHEME_TRANSITIONS, Role, allowed_targets
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
    """Run a service call; on a refusal put the error (with its listed problems) on the form, return None.
    A user who may not take the action at all gets the 403 page (404 when the object is not theirs to act
    on), as the API answers and as ``act`` does, rather than a form error beside a form they could resubmit."""

    def guarded() -> Any:
        try:
            return action()
        except PermissionDenied as exc:
            raise DjangoPermissionDenied(error_text(exc)) from exc
        except NotFound as exc:
            raise Http404(error_text(exc)) from exc

    return web_forms.attempt(form, guarded, error_text)


# A "send back" button: the state the scheme returns to from each state that has one.
_BACK = {"result_draft": "reviewing", "publicity": "result_draft"}


def offered_moves(request: HttpRequest, scheme: Scheme) -> frozenset[str]:
    """The workflow buttons this user's role may press on this scheme now (the officer does not see the
    admin's steps: opening, closing, approving, sending back, making final)."""
    principal = principal_for(request.user)
    if not access.is_staff_for(principal, scheme.jurisdiction_id):
        return frozenset()
    role = Role.BUREAU_ADMIN if principal.is_bureau_admin else Role.BUREAU_OFFICER
    targets = set(allowed_targets(SCHEME_TRANSITIONS, scheme.status, role))
    if _BACK.get(scheme.status) in targets:
        targets.add("back")
    return frozenset(targets)


def act(request: HttpRequest, action: Callable[[], Any], ok: str) -> bool:
    """Run a button's service call; report the outcome as a flash message."""
    return web_forms.flash_action(request, action, ok, error_text)


def saved() -> str:
    return _("Saved.")
