"""Small helpers shared by every module's views."""

from __future__ import annotations

from django import forms

from tanxin.common.errors import DomainError


def apply_domain_error(form: forms.Form, exc: DomainError) -> None:
    """Show a service error on the form: per field where the details name a field, else on top."""
    details = exc.details if isinstance(exc.details, dict) else {}
    placed = False
    for field, messages in details.items():
        target = field if field in form.fields else None
        for message in messages if isinstance(messages, (list, tuple)) else [messages]:
            form.add_error(target, str(message))
            placed = True
    if not placed:
        form.add_error(None, str(exc.message))


def flash_action(request, action, success_message) -> bool:
    """Run a service call from a POST button: flash the success message, or the service's refusal."""
    from django.contrib import messages

    try:
        action()
    except DomainError as exc:
        messages.error(request, str(exc.message))
        return False
    messages.success(request, success_message)
    return True
