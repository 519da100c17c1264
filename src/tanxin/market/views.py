"""Carbon price page: series chart, close / VWAP / valuation / 6-month average, and CSV import for the bureau."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tanxin.common.errors import DomainError
from tanxin.market import queries, services
from tanxin.market.forms import PriceImportForm
from tanxin.orgs.gate import principal_for
from tanxin.web.forms import apply_domain_error

ROW_CODES = {
    "missing_column": gettext_lazy("Required column is missing."),
    "unexpected_column": gettext_lazy("Unexpected column."),
    "bad_date": gettext_lazy("Not a date (YYYY-MM-DD)."),
    "bad_price": gettext_lazy("Not a positive price with at most two decimals."),
    "bad_amount": gettext_lazy("Not an amount with at most two decimals."),
    "bad_volume": gettext_lazy("Not a whole number of tonnes."),
    "missing_instrument": gettext_lazy("Required value is missing."),
    "duplicate_row": gettext_lazy("Appears twice in this file."),
    "too_many_fields": gettext_lazy("Too many fields on this line."),
    "turnover_without_volume": gettext_lazy("Turnover without volume."),
    "empty_file": gettext_lazy("The file has no rows."),
}


def _parse_day(text: str | None) -> date:
    try:
        return date.fromisoformat(text or "")
    except ValueError:
        return timezone.localdate()


@login_required
def prices(request: HttpRequest) -> HttpResponse:
    principal = principal_for(request.user)
    if not (principal.seats or principal.is_superuser):
        raise PermissionDenied
    available = queries.instruments()
    instrument = request.GET.get("instrument") or (available[0] if available else "CEA")
    on = _parse_day(request.GET.get("on"))
    form = PriceImportForm(request.POST or None, request.FILES or None) if principal.is_bureau_staff else None
    report = None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                if upload.size > settings.TANXIN_IMPORT_MAX_BYTES:
                    raise DomainError(_("The file is too large."), code="too_large")
                result, count = services.import_csv(request.user, upload.read().decode("utf-8-sig"),
                                                    form.cleaned_data["source"])  # fmt: skip
            except UnicodeDecodeError:
                form.add_error("file", _("The price file must be a UTF-8 CSV file."))
            except DomainError as exc:
                apply_domain_error(form, exc)
            else:
                if result.ok:
                    messages.success(request, _("%(n)d daily prices imported.") % {"n": count})
                    return redirect("market:prices")
                report = [{"line": e.line, "column": e.column, "value": e.value,
                           "reason": ROW_CODES.get(e.code, e.code)} for e in result.errors]  # fmt: skip
    series = queries.series(instrument)
    chart = {
        "days": [r.day.isoformat() for r in series.rows],
        "close": [float(r.close) for r in series.rows],  # display only; figures below are Decimal
        "volume": [r.volume_t for r in series.rows],
        "label": instrument,
    }
    context = {
        "instruments": available, "instrument": instrument, "on": on, "figures": queries.figures(instrument, on),
        "chart": chart, "form": form, "report": report, "count": len(series.rows),
        "synthetic": any(r.synthetic for r in series.rows),
        "source": series.rows[-1].source if series.rows else "",
    }  # fmt: skip
    return render(request, "market/prices.html", context, status=400 if report else 200)
