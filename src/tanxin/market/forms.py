from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class PriceImportForm(forms.Form):
    file = forms.FileField(label=_("Daily prices (CSV)"),
                           help_text=_("Columns: date, instrument, open, close, volume, turnover (yuan)."))  # fmt: skip
    source = forms.CharField(label=_("Source"), max_length=300,
                             help_text=_("Where the prices come from, e.g. the exchange's daily report."))  # fmt: skip
