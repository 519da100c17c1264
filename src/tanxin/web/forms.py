"""Small helpers shared by every module's views: service refusals shown on forms or as flash messages."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404

from tanxin.common.errors import DomainError
from tanxin.common.errors import NotFound as Missing
from tanxin.common.errors import PermissionDenied as Refused


def error_text(exc: DomainError) -> str:
    return str(exc.message)


def apply_domain_error(form: forms.Form, exc: DomainError, describe: Callable[[DomainError], str] = error_text) -> None:
    """Show a service refusal on the form: details naming a form field become that field's errors; otherwise
    the message goes on top. Details that are not fields (``status``, ``problems``...) are not shown raw."""
    details = exc.details if isinstance(exc.details, dict) else {}
    placed = False
    for field, field_messages in details.items():
        if field in form.fields and isinstance(field_messages, (list, tuple)):
            for message in field_messages:
                form.add_error(field, str(message))
                placed = True
    if not placed:
        form.add_error(None, describe(exc))


def attempt(form: forms.Form, action: Callable[[], Any], describe: Callable[[DomainError], str] = error_text) -> Any:
    """Run a form's service call; on a refusal put it on the form and return None."""
    try:
        return action()
    except DomainError as exc:
        apply_domain_error(form, exc, describe)
        return None


def flash_action(request, action: Callable[[], Any], success_message, describe=error_text) -> bool:
    """Run a service call from a POST button: flash the success message, or the service's refusal. A user who
    may not take the action at all gets the 403 page (or 404 when the object is not theirs to see), as the API
    answers, rather than a message beside a page they could still act from."""
    try:
        action()
    except Refused as exc:
        raise DjangoPermissionDenied(describe(exc)) from exc
    except Missing as exc:
        raise Http404(describe(exc)) from exc
    except DomainError as exc:
        messages.error(request, describe(exc))
        return False
    messages.success(request, success_message)
    return True
