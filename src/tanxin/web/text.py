"""Every text field of every form refuses control characters, with a field error in the user's language.

Django's ``CharField`` already refuses NUL (PostgreSQL cannot store it); nobody types the other C0 control
characters, DEL or an unpaired surrogate either, and they break exports, PDFs and search. The API refuses
them at its boundary (``web.middleware.ApiBoundaryMiddleware``); forms refuse them here, on the field, the
same way Django adds its NUL validator: one validator attached to every ``CharField`` when it is built, so a
form written tomorrow is covered without remembering to opt in. Tab, line feed and carriage return stay
allowed (text areas need them).
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

from tanxin.web.api_contract import CONTROL


@deconstructible
class ProhibitControlCharactersValidator:
    message = _("Text may not contain control characters.")
    code = "control_characters"

    def __call__(self, value) -> None:
        if isinstance(value, str) and CONTROL.search(value):
            raise ValidationError(self.message, code=self.code)

    def __eq__(self, other) -> bool:
        return isinstance(other, ProhibitControlCharactersValidator)


def install() -> None:
    """Attach the validator to every form ``CharField`` (called once from ``WebConfig.ready``)."""
    if getattr(forms.CharField, "_tanxin_control_check", False):
        return
    built = forms.CharField.__init__

    def __init__(self, *args, **kwargs):
        built(self, *args, **kwargs)
        self.validators.append(ProhibitControlCharactersValidator())

    forms.CharField.__init__ = __init__
    forms.CharField._tanxin_control_check = True
