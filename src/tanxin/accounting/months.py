"""Twelve months of one source in one grid: the quantity of each month, one kind and one unit for the year.

The grid is the spreadsheet import for one source: its rows go through ``excel.import_lines`` (the same
validation, all or nothing, a report per month), so a month entered here and a month imported are the same.
Months that already have data are shown, not offered again; the other parameters (density, measured values,
steam states…) are entered line by line on the source page.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tanxin.accounting import excel, services
from tanxin.accounting.forms import UNIT_LABELS, UNITS_BY_KIND
from tanxin.accounting.models import KINDS_BY_SOURCE_TYPE
from tanxin.web import xlsx

MONTHS = range(1, 13)
# Kinds whose lines are a quantity alone (their other fields are optional): these can be entered as a grid.
GRID_KINDS = ("fuel", "electricity", "heat", "carbonate")


class MonthGridForm(forms.Form):
    year = forms.IntegerField(label=gettext_lazy("Year"), min_value=2000, max_value=2100)
    kind = forms.ChoiceField(label=gettext_lazy("Kind"))
    unit = forms.ChoiceField(label=gettext_lazy("Unit"))

    def __init__(self, *args, source, **kwargs):
        super().__init__(*args, **kwargs)
        kinds = [k for k in KINDS_BY_SOURCE_TYPE[source.source_type] if k.value in GRID_KINDS]
        self.fields["kind"].choices = [(k.value, k.label) for k in kinds]
        units = list(dict.fromkeys(u for k in kinds for u in UNITS_BY_KIND.get(k.value, ())))
        self.fields["unit"].choices = [(u, UNIT_LABELS.get(u, u)) for u in units]
        for month in MONTHS:
            self.fields[f"m{month}"] = forms.CharField(label=str(month), required=False, max_length=40)


def grid_allowed(source) -> bool:
    return any(k.value in GRID_KINDS for k in KINDS_BY_SOURCE_TYPE[source.source_type])


@login_required
def source_months(request: HttpRequest, source_id: int) -> HttpResponse:
    from tanxin.accounting.views import _get_source

    src = _get_source(request, source_id)
    if not services.can_edit(request.user, src.enterprise_id) or not grid_allowed(src):
        raise PermissionDenied
    year = _year(request)
    form = MonthGridForm(request.POST or None, source=src, initial={"year": year})
    errors: dict[int, str] = {}
    if request.method == "POST" and form.is_valid():
        rows = _rows(src, form.cleaned_data)
        if not rows:
            form.add_error(None, _("Enter at least one month."))
        else:
            report = excel.import_lines(request.user, src.enterprise_id, rows)
            if report.ok:
                messages.success(request, _("%(n)d months saved.") % {"n": report.created})
                return redirect(f"{_source_url(src)}?year={form.cleaned_data['year']}")
            errors = {int(e["row"]): str(e["reason"]) for e in report.errors if str(e["row"]).isdigit()}
            for e in report.errors:
                if not str(e["row"]).isdigit():
                    form.add_error(None, str(e["reason"]))
    entered = form.cleaned_data["year"] if form.is_bound and form.is_valid() else year
    taken = set(src.lines.filter(year=entered).values_list("month", flat=True))
    rows = [{"month": m, "field": form[f"m{m}"], "taken": m in taken, "error": errors.get(m, "")} for m in MONTHS]
    status = 400 if request.method == "POST" else 200
    return render(request, "accounting/months.html", {"source": src, "org": src.enterprise, "form": form,
                                                      "rows": rows, "year": entered}, status=status)  # fmt: skip


def _rows(src, data: dict[str, Any]) -> list[dict[str, Any]]:
    """The grid's filled months as import rows; the row number is the month, so a refusal names its month."""
    return [{xlsx.ROW: m, "source": src.name, "year": str(data["year"]), "month": str(m), "kind": data["kind"],
             "unit": data["unit"], "quantity": data[f"m{m}"].strip()}
            for m in MONTHS if data.get(f"m{m}", "").strip()]  # fmt: skip


def _year(request: HttpRequest) -> int:
    try:
        return max(2000, min(2100, int(request.GET.get("year") or timezone.localdate().year - 1)))
    except ValueError:
        return timezone.localdate().year - 1


def _source_url(src) -> str:
    from django.urls import reverse

    return reverse("accounting:source", args=[src.pk])
