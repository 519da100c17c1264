"""Small helpers shared by every module's views: service refusals shown on forms or as flash messages."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.db.models import Q
from django.http import Http404
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

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


class EnterpriseSearchInput(forms.TextInput):
    """A text box that asks the server for at most a few matching organisations as the user types (a form never
    lists thousands of choices); ``suggest_url`` answers ``web/_enterprise_options.html`` for the typed text."""

    def __init__(self, suggest_url: str, attrs: dict | None = None) -> None:
        attrs = {"list": "enterprise-options", "autocomplete": "off", "hx-get": suggest_url,
                 "hx-trigger": "input changed delay:250ms", "hx-target": "#enterprise-options",
                 "hx-swap": "innerHTML", **(attrs or {})}  # fmt: skip
        super().__init__(attrs)

    def render(self, name, value, attrs=None, renderer=None):
        box = super().render(name, value, attrs, renderer)
        return mark_safe(f'{box}<datalist id="enterprise-options"></datalist>')


class EnterpriseField(forms.CharField):
    """An organisation of ``queryset`` picked by credit code (what the suggestions fill in) or by its exact name."""

    def __init__(self, *, queryset=None, **kwargs) -> None:
        kwargs.setdefault("max_length", 200)
        super().__init__(**kwargs)
        self.queryset = queryset

    def clean(self, value):
        text = super().clean(value).strip()
        if not text:
            return None
        matches = list(self.queryset.filter(Q(uscc=text.upper()) | Q(name_zh=text) | Q(name_en=text))[:2])
        if len(matches) != 1:
            raise forms.ValidationError(_("Choose an enterprise from the suggestions (name or credit code)."))
        return matches[0]
