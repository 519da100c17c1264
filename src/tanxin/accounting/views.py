"""Accounting pages: enterprise overview, sources and activity lines, evidence, statistics, Excel import,
inventory with chart and "explain this number", and the factor library."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from tanxin.accounting import evidence, excel, library, months, queries, services, trace_i18n
from tanxin.accounting.factor_names import factor_label
from tanxin.accounting.forms import (
    EvidenceForm,
    FactorForm,
    ImportForm,
    LineForm,
    SourceForm,
    StatisticsForm,
    SupersedeForm,
)
from tanxin.accounting.models import AnnualStatistics, EmissionSource, EvidenceFile, FactorRecord
from tanxin.common.errors import DomainError, NotFound
from tanxin.common.files import CONTENT_TYPES
from tanxin.orgs.domain.roles import OrgKind
from tanxin.orgs.gate import principal_for
from tanxin.web.forms import apply_domain_error

VIEW_LABELS = {
    "china_regulatory": gettext_lazy("China regulatory"),
    "ghg_protocol_location": gettext_lazy("GHG Protocol, location-based"),
    "ghg_protocol_market": gettext_lazy("GHG Protocol, market-based"),
}


def _enterprise(request: HttpRequest, enterprise_id: int):
    try:
        return services.require_view(request.user, enterprise_id)
    except NotFound:
        raise Http404 from None


def _require_edit(request: HttpRequest, enterprise_id: int) -> None:
    if not services.can_edit(request.user, enterprise_id):
        raise PermissionDenied


@login_required
def index(request: HttpRequest) -> HttpResponse:
    principal = principal_for(request.user)
    own = sorted(principal.org_ids_of_kind(OrgKind.ENTERPRISE))
    if own and not principal.is_bureau_staff:
        return redirect("accounting:enterprise", own[0])
    # Bureau staff, and banks or guarantors (who may hold consents, possibly none yet), get the list.
    if not (principal.is_bureau_staff or principal.org_ids_of_kind(OrgKind.BANK, OrgKind.GUARANTOR)):
        raise PermissionDenied
    enterprises = queries.enterprises(request.user)
    q = (request.GET.get("q") or "").strip()[:100]
    if q:
        enterprises = enterprises.filter(name_zh__icontains=q) | enterprises.filter(name_en__icontains=q)
    page = Paginator(enterprises, 25).get_page(request.GET.get("page"))
    from tanxin.accounting.models import Inventory

    latest = {}
    for inv in Inventory.objects.filter(enterprise_id__in=[e.pk for e in page]).order_by("year"):
        latest[inv.enterprise_id] = inv
    rows = [(e, latest.get(e.pk)) for e in page]
    return render(request, "accounting/index.html", {"page": page, "rows": rows, "q": q})


@login_required
def enterprise(request: HttpRequest, enterprise_id: int) -> HttpResponse:
    org = _enterprise(request, enterprise_id)
    sources = queries.sources(request.user, org.pk)
    context = {
        "org": org, "sources": sources, "years": queries.years(request.user, org.pk),
        "can_edit": services.can_edit(request.user, org.pk),
        "statistics": AnnualStatistics.objects.visible_to(request.user).filter(enterprise=org).order_by("-year"),
        "subject_names": {f.subject: f.name for f in FactorRecord.objects.current().filter(family="fuel_ncv")},
    }  # fmt: skip
    return render(request, "accounting/enterprise.html", context)


@login_required
def source_create(request: HttpRequest, enterprise_id: int) -> HttpResponse:
    org = _enterprise(request, enterprise_id)
    _require_edit(request, org.pk)
    form = SourceForm(request.POST or None, subjects=_subjects())
    if request.method == "POST" and form.is_valid():
        try:
            source = services.create_source(request.user, org.pk, form.cleaned_data)
        except DomainError as exc:
            apply_domain_error(form, exc)
        else:
            messages.success(request, _("Emission source added."))
            return redirect("accounting:source", source.pk)
    return render(request, "accounting/form.html", {"form": form, "org": org, "title": _("Add an emission source")})


@login_required
def source_edit(request: HttpRequest, source_id: int) -> HttpResponse:
    src = _get_source(request, source_id)
    _require_edit(request, src.enterprise_id)
    form = SourceForm(request.POST or None, instance=src, subjects=_subjects())
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in form.changed_data}
        src.refresh_from_db()  # the form mutated the instance; the service decides what may change
        try:
            services.update_source(request.user, src.pk, data)
        except DomainError as exc:
            apply_domain_error(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("accounting:source", src.pk)
    return render(request, "accounting/form.html", {"form": form, "org": src.enterprise,
                                                    "title": _("Edit %(source)s") % {"source": src.name}})  # fmt: skip


def _subjects() -> dict[str, list[tuple[str, str]]]:
    """The subjects a source may have, each (code, name): fuels by the factor library's name; refrigerants and
    carbonates by their formula, which is their name."""
    names = {f.subject: f.name for f in FactorRecord.objects.current().filter(family="fuel_ncv")}
    return {t: [(code, names.get(code, code)) for code in services.subject_choices(t)]
            for t in ("fuel_combustion", "refrigerant", "process_carbonate")}


def _get_source(request: HttpRequest, source_id: int) -> EmissionSource:
    try:
        return queries.get_source(request.user, source_id)
    except NotFound:
        raise Http404 from None


@login_required
def source(request: HttpRequest, source_id: int) -> HttpResponse:
    src = _get_source(request, source_id)
    can_edit = services.can_edit(request.user, src.enterprise_id)
    form = LineForm(request.POST or None, request.FILES or None, source=src) if can_edit else None
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        if form.is_valid() and _save_line(request, src, form):
            messages.success(request, _("Activity data saved."))
            return redirect("accounting:source", src.pk)
    elif form is not None:
        form.initial.setdefault("year", (queries.years(request.user, src.enterprise_id) or [2025])[0])
    years = sorted(set(src.lines.values_list("year", flat=True)), reverse=True)
    try:
        year = int(request.GET.get("year") or (years[0] if years else 0))
    except ValueError:
        year = years[0] if years else 0
    lines = queries.lines(request.user, src.enterprise_id, year, source_id=src.pk).prefetch_related("evidence")
    status = 400 if request.method == "POST" else 200
    # The fuel is shown by its name; the code stays in the data and the API.
    fuels = FactorRecord.objects.current().filter(family="fuel_ncv", subject=src.subject)
    fuel = fuels.first() if src.subject else None
    return render(request, "accounting/source.html", {"source": src, "org": src.enterprise, "lines": lines,
                                                      "form": form, "can_edit": can_edit, "years": years,
                                                      "year": year, "subject_name": fuel.name if fuel else "",
                                                      "grid": can_edit and months.grid_allowed(src)},
                  status=status)  # fmt: skip


def _save_line(request: HttpRequest, src: EmissionSource, form: LineForm, line_id: int | None = None) -> bool:
    upload = form.cleaned_data.get("lab_report")
    try:
        lab = None
        if upload is not None:
            lab = evidence.attach(request.user, src.enterprise_id, upload.name, upload.read(evidence.MAX_BYTES + 1),
                                  purpose=EvidenceFile.Purpose.LAB_REPORT)  # fmt: skip
        services.save_line(request.user, src.pk, form.payload(), line_id=line_id, lab_report=lab)
    except DomainError as exc:
        if isinstance(exc.details, dict) and "file" in exc.details:
            exc.details = {"lab_report": exc.details["file"]}
        apply_domain_error(form, exc)
        return False
    return True


@login_required
def line_edit(request: HttpRequest, line_id: int) -> HttpResponse:
    try:
        line = queries.get_line(request.user, line_id, "change")
    except NotFound:
        raise Http404 from None
    initial = {"year": line.year, "month": str(line.month or ""), "kind": line.kind, "unit": line.unit,
               "notes": line.notes, **line.data}  # fmt: skip
    form = LineForm(request.POST or None, request.FILES or None, source=line.source, initial=initial)
    if request.method == "POST" and form.is_valid() and _save_line(request, line.source, form, line.pk):
        messages.success(request, _("Activity data saved."))
        return redirect("accounting:source", line.source_id)
    return render(request, "accounting/form.html", {"form": form, "org": line.enterprise, "multipart": True,
                                                    "title": _("Edit %(line)s") % {"line": line}})  # fmt: skip


@login_required
@require_POST
def line_delete(request: HttpRequest, line_id: int) -> HttpResponse:
    try:
        line = queries.get_line(request.user, line_id, "change")
        services.delete_line(request.user, line.pk)
    except NotFound:
        raise Http404 from None
    messages.success(request, _("Activity line deleted."))
    return redirect("accounting:source", line.source_id)


@login_required
def line_evidence(request: HttpRequest, line_id: int) -> HttpResponse:
    try:
        line = queries.get_line(request.user, line_id)
    except NotFound:
        raise Http404 from None
    can_edit = services.can_edit(request.user, line.enterprise_id)
    form = EvidenceForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                evidence.attach(request.user, line.enterprise_id, upload.name, upload.read(evidence.MAX_BYTES + 1),
                                line_id=line.pk, description=form.cleaned_data["description"])  # fmt: skip
            except DomainError as exc:
                apply_domain_error(form, exc)
                status = 400
            else:
                messages.success(request, _("File attached."))
                return redirect("accounting:line_evidence", line.pk)
        else:
            status = 400
    files = EvidenceFile.objects.visible_to(request.user).filter(line=line)
    return render(request, "accounting/evidence.html", {"line": line, "org": line.enterprise, "files": files,
                                                        "form": form if can_edit else None}, status=status)  # fmt: skip


@login_required
def evidence_download(request: HttpRequest, evidence_id: int) -> FileResponse:
    try:
        item = queries.get_evidence(request.user, evidence_id)
    except NotFound:
        raise Http404 from None
    response = FileResponse(evidence.open_file(item), content_type=CONTENT_TYPES[item.file_type],
                            as_attachment=True, filename=item.original_name)  # fmt: skip
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
def statistics(request: HttpRequest, enterprise_id: int, year: int) -> HttpResponse:
    org = _enterprise(request, enterprise_id)
    _require_edit(request, org.pk)
    current = AnnualStatistics.objects.filter(enterprise=org, year=year).first()
    initial = {f: getattr(current, f) for f in services.STATISTICS_FIELDS} if current else {}
    form = StatisticsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.set_statistics(request.user, org.pk, year, form.cleaned_data)
        except DomainError as exc:
            apply_domain_error(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("accounting:inventory", org.pk, year)
    title = _("Statistics for %(year)d") % {"year": year}
    return render(request, "accounting/form.html", {"form": form, "org": org, "title": title})


@login_required
def import_page(request: HttpRequest, enterprise_id: int) -> HttpResponse:
    org = _enterprise(request, enterprise_id)
    _require_edit(request, org.pk)
    form = ImportForm(request.POST or None, request.FILES or None)
    context: dict = {"form": form, "org": org}
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            if upload.size > settings.TANXIN_IMPORT_MAX_BYTES:
                raise DomainError(_("The file is too large (at most %(mb)d MB).") % {
                    "mb": settings.TANXIN_IMPORT_MAX_BYTES // (1024 * 1024)}, code="too_large")
            rows = excel.read_rows(upload.read(), max_rows=settings.TANXIN_IMPORT_MAX_ROWS)
            report = excel.import_lines(request.user, org.pk, rows)
        except DomainError as exc:
            apply_domain_error(form, exc)
            return render(request, "accounting/import.html", context, status=400)
        if report.ok:
            messages.success(request, _("%(n)d activity lines imported.") % {"n": report.created})
            return redirect("accounting:enterprise", org.pk)
        context["errors"] = report.errors
        return render(request, "accounting/import.html", context, status=400)
    return render(request, "accounting/import.html", context)


@login_required
def import_template(request: HttpRequest, enterprise_id: int) -> HttpResponse:
    org = _enterprise(request, enterprise_id)
    _require_edit(request, org.pk)
    content = excel.build_template(list(queries.sources(request.user, org.pk)))
    response = HttpResponse(content, content_type=CONTENT_TYPES["xlsx"])
    response["Content-Disposition"] = 'attachment; filename="tanxin-activity-template.xlsx"'
    return response


@login_required
def inventory(request: HttpRequest, enterprise_id: int, year: int, fmt: str = "html") -> HttpResponse:
    org = _enterprise(request, enterprise_id)
    try:
        data = queries.inventory(request.user, org.pk, year)
    except DomainError as exc:  # a stored line the current factor library cannot calculate
        messages.error(request, str(exc.message))
        data = None
    lines = queries.lines(request.user, org.pk, year) if data else []
    results = data["line_results"] if data else {}
    flags_by_line: dict[str, list] = {}
    for flag in (data or {}).get("flag_reasons", []):
        flags_by_line.setdefault(str(flag["line_id"]), []).append(flag)
    rows = [(line, results.get(str(line.pk), [None, None, None]), flags_by_line.get(str(line.pk), []))
            for line in lines]  # fmt: skip
    chart = None
    if data:
        chart = {
            "views": [str(VIEW_LABELS[k]) for k in data["view_keys"]],
            "scopes": {s: [data["by_scope_kg"][k].get(s, 0) / 1000 for k in data["view_keys"]] for s in "123"},
            "trend": {"years": [str(y) for y in data["trend"]], "t": [v / 1000 for v in data["trend"].values()]},
            "labels": {"scope": _("Scope %(n)s"), "trend": _("China regulatory total (t)"), "unit": "tCO2e"},
        }
    if fmt == "xlsx":
        if not data:
            raise Http404
        content = excel.export_inventory(org.name, year, data, rows, VIEW_LABELS)
        response = HttpResponse(content, content_type=CONTENT_TYPES["xlsx"])
        response["Content-Disposition"] = f'attachment; filename="tanxin-inventory-{org.pk}-{year}.xlsx"'
        return response
    context = {
        "org": org, "year": year, "data": data, "rows": rows, "chart": chart,
        "view_labels": VIEW_LABELS, "years": queries.years(request.user, org.pk),
        "can_edit": services.can_edit(request.user, org.pk),
    }  # fmt: skip
    return render(request, "accounting/inventory.html", context)


@login_required
def explain(request: HttpRequest, line_id: int) -> HttpResponse:
    try:
        data = queries.explain(request.user, line_id)
    except NotFound:
        raise Http404 from None
    except DomainError as exc:
        return HttpResponse(str(exc.message), status=400, content_type="text/plain; charset=utf-8")
    for result in data["results"]:
        result["steps"] = trace_i18n.translate_steps(result["steps"])
    template = "accounting/_explain.html" if request.headers.get("HX-Request") else "accounting/explain.html"
    return render(request, template, {"data": data, "view_labels": VIEW_LABELS})


# --- factor library --------------------------------------------------------------------------------


@login_required
def factors(request: HttpRequest) -> HttpResponse:
    q = request.GET.get("q", "")
    family = request.GET.get("family", "")
    include = request.GET.get("superseded") == "1"
    qs = library.search(request.user, q, family, include)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    context = {
        "page": page, "q": q, "family": family, "superseded": include,
        "families": sorted(library.FAMILY_UNITS),
        "can_change": FactorRecord.objects.visible_to(request.user, "change").exists(),
    }  # fmt: skip
    template = "accounting/_factor_table.html" if request.headers.get("HX-Request") else "accounting/factors.html"
    return render(request, template, context)


@login_required
def gwp(request: HttpRequest) -> HttpResponse:
    return render(request, "accounting/gwp.html", {"rows": library.gwp_table(request.user),
                                                   "reference": library.reference_tables(request.user)})


@login_required
def factor_create(request: HttpRequest) -> HttpResponse:
    if not FactorRecord.objects.visible_to(request.user, "change").exists():
        raise PermissionDenied
    form = FactorForm(request.POST or None, families=sorted(library.FAMILY_UNITS))
    if request.method == "POST" and form.is_valid():
        try:
            library.add_factor(request.user, form.cleaned_data)
        except DomainError as exc:
            apply_domain_error(form, exc)
        else:
            messages.success(request, _("Factor added."))
            return redirect("accounting:factors")
    return render(request, "accounting/form.html", {"form": form, "title": _("Add a factor or a new year")})


@login_required
def factor_supersede(request: HttpRequest, factor_pk: int) -> HttpResponse:
    if not FactorRecord.objects.visible_to(request.user, "change").exists():
        raise PermissionDenied
    old = FactorRecord.objects.filter(pk=factor_pk, superseded_by__isnull=True).first()
    if old is None:
        raise Http404
    form = SupersedeForm(request.POST or None, initial={
        "factor_id": f"{old.factor_id}.r1", "publisher": old.publisher, "source_ref": old.source_ref,
        "confidence": old.confidence})  # fmt: skip
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        reason = data.pop("reason")
        try:
            library.supersede(request.user, old.pk, data, reason)
        except DomainError as exc:
            apply_domain_error(form, exc)
        else:
            messages.success(request, _("Factor corrected; the old value is kept as superseded."))
            return redirect("accounting:factors")
    title = _("Correct %(factor)s") % {"factor": factor_label(old)}
    return render(request, "accounting/form.html", {"form": form, "title": title, "factor": old})
