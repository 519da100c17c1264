"""Disclosure pages for signed-in users: my reports and what is due, a report with its workflow, the bureau
overview, PDF and XLSX. The public portal is in ``portal.py``."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tanxin.common.errors import DomainError
from tanxin.disclosure import content, documents, figure_bundle, queries, reuse, services
from tanxin.disclosure import inputs as acc
from tanxin.disclosure.forms import (
    AssignForm,
    CommentForm,
    ContentForm,
    CreateForm,
    FindingForm,
    ReasonForm,
    RestateForm,
    StatementForm,
    VerifyForm,
)
from tanxin.disclosure.messages import ACTION_LABELS
from tanxin.disclosure.models import Report, ReportVersion
from tanxin.orgs.domain.roles import OrgKind
from tanxin.orgs.gate import principal_for
from tanxin.orgs.models import Organisation
from tanxin.orgs.queries import partners
from tanxin.web.forms import apply_domain_error

PAGE_SIZE = 25
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _version_or_404(request: HttpRequest, version_id: int) -> ReportVersion:
    version = queries.get_version(request.user, version_id)
    if version is None:
        raise Http404
    return version


def _own_enterprises(request: HttpRequest):
    principal = principal_for(request.user)
    return Organisation.objects.filter(pk__in=principal.org_ids_of_kind(OrgKind.ENTERPRISE), status="active")


@login_required
def index(request: HttpRequest) -> HttpResponse:
    principal = principal_for(request.user)
    flt = queries.ReportFilter.from_params(request.GET)
    # One stamp of the data for both aggregates of the page (the list's count and the deadlines' counts).
    seen = Organisation.objects.visible_to(request.user).filter(kind=OrgKind.ENTERPRISE)
    data = reuse.stamp(seen)[1] if reuse.scope(request.user) is not None else None
    page = queries.current_page(request.user, flt, request.GET.get("page"), PAGE_SIZE, data)
    query = request.GET.copy()
    query.pop("page", None)
    enterprises = list(_own_enterprises(request))
    context = {
        "page": page, "flt": flt, "query": query.urlencode(), "states": ReportVersion.StateChoice.choices,
        "kinds": Report.Kind.choices, "due": queries.due_page(request.user, data=data) if principal.seats else None,
        "create_form": CreateForm(enterprises=enterprises) if enterprises else None,
        "is_staff": principal.is_bureau_staff,
    }  # fmt: skip
    return render(request, "disclosure/index.html", context)


@login_required
def create(request: HttpRequest) -> HttpResponse:
    enterprises = list(_own_enterprises(request))
    if not enterprises:
        raise PermissionDenied
    form = CreateForm(request.POST or None, enterprises=enterprises)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            version = services.create_report(
                request.user, data["enterprise"], data["year"], data["kind"], period_start=data["period_start"],
                period_end=data["period_end"], event_date=data["event_date"],
                event_reference=data["event_reference"],
            )  # fmt: skip
        except DomainError as exc:
            apply_domain_error(form, exc)
        else:
            messages.success(request, _("Report opened as a draft."))
            return redirect("disclosure:detail", version.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "disclosure/create.html", {"form": form}, status=status)


def detail_context(request: HttpRequest, version: ReportVersion) -> dict[str, Any]:
    user = request.user
    actions = services.allowed_actions(user, version)
    roles = services.roles_of(user, version)
    previous = queries.previous_of(user, version)
    assignment = version.assignments.select_related("verifier").first()
    in_verification = version.state == "in_verification" and "verifier" in roles
    return {
        "version": version, "report": version.report, "c": content.build(version),
        "actions": [(a, ACTION_LABELS.get(a, a)) for a in actions
                    if a not in ("start_verification", "verify", "restate")],
        "can_edit": "enterprise" in roles and version.state in ("draft", "returned"),
        "can_comment": bool(roles), "can_assign": "start_verification" in actions,
        "can_restate": "restate" in actions, "in_verification": in_verification,
        "assignment": assignment, "versions": queries.report_versions(user, version),
        "previous": previous, "diff": content.diff_data(content.diff(previous, version)) if previous else None,
        "events": version.events.select_related("actor"), "comments": version.comments.select_related("author"),
        "findings": version.findings.all(), "statements": version.statements.all(),
        "reason_form": ReasonForm(), "comment_form": CommentForm(),
        "assign_form": AssignForm(verifiers=partners(OrgKind.VERIFIER)),
        "finding_form": FindingForm(), "statement_form": StatementForm(), "verify_form": VerifyForm(),
        "restate_form": RestateForm(),
        "trend": _internal_trend(version) if roles or principal_for(user).is_bureau_staff else {},
    }  # fmt: skip


def _internal_trend(version: ReportVersion) -> dict[str, Any]:
    year = version.report.year
    series = acc.emission_trend(version.report.enterprise_id, list(range(year - 4, year + 1)))
    return {"years": [str(y) for y in series], "tonnes": [round(v / 1000, 1) for v in series.values()],
            "label": _("Emissions (tCO2e, China regulatory view)")}  # fmt: skip


@login_required
def detail(request: HttpRequest, version_id: int) -> HttpResponse:
    version = _version_or_404(request, version_id)
    return render(request, "disclosure/detail.html", detail_context(request, version))


def _after(request: HttpRequest, version_id: int, call, success: str) -> HttpResponse:
    """Run a service call for a POST; on refusal show the report again with the error and its 4xx status."""
    try:
        result = call()
    except DomainError as exc:
        version = _version_or_404(request, version_id)
        context = detail_context(request, version)
        context["error"] = exc.message
        return render(request, "disclosure/detail.html", context, status=exc.status)
    messages.success(request, success)
    target = result.pk if isinstance(result, ReportVersion) else version_id
    return redirect("disclosure:detail", target)


@login_required
def edit(request: HttpRequest, version_id: int) -> HttpResponse:
    version = _version_or_404(request, version_id)
    if "enterprise" not in services.roles_of(request.user, version):
        raise PermissionDenied
    form = ContentForm(request.POST or None, instance=version)
    status = 200
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in ContentForm.Meta.fields}
        try:
            services.update_content(request.user, version.pk, data)
        except DomainError as exc:
            apply_domain_error(form, exc)
            status = exc.status
        else:
            messages.success(request, _("Saved."))
            return redirect("disclosure:detail", version.pk)
    elif request.method == "POST":
        status = 400
    return render(request, "disclosure/edit.html", {"form": form, "version": version}, status=status)


@login_required
@require_POST
def act(request: HttpRequest, version_id: int, action: str) -> HttpResponse:
    reason = str(request.POST.get("reason", ""))[:20_000]
    return _after(request, version_id, lambda: services.act(request.user, version_id, action, reason),
                  _("Done: %(action)s.") % {"action": ACTION_LABELS.get(action, action)})  # fmt: skip


@login_required
@require_POST
def refresh(request: HttpRequest, version_id: int) -> HttpResponse:
    return _after(request, version_id, lambda: services.refresh_inputs(request.user, version_id),
                  _("Figures refreshed from accounting."))  # fmt: skip


@login_required
@require_POST
def comment(request: HttpRequest, version_id: int) -> HttpResponse:
    body = str(request.POST.get("body", ""))
    return _after(request, version_id, lambda: services.add_comment(request.user, version_id, body),
                  _("Comment added."))  # fmt: skip


@login_required
@require_POST
def assign(request: HttpRequest, version_id: int) -> HttpResponse:
    raw = str(request.POST.get("verifier", ""))
    verifier_id = int(raw) if raw.isdigit() else 0
    return _after(request, version_id, lambda: services.assign_verifier(request.user, version_id, verifier_id),
                  _("Verifier assigned; verification has started."))  # fmt: skip


@login_required
@require_POST
def finding(request: HttpRequest, version_id: int) -> HttpResponse:
    severity, body = str(request.POST.get("severity", "")), str(request.POST.get("body", ""))
    return _after(request, version_id, lambda: services.add_finding(request.user, version_id, severity, body),
                  _("Finding recorded."))  # fmt: skip


@login_required
@require_POST
def resolve(request: HttpRequest, version_id: int, finding_id: int) -> HttpResponse:
    return _after(request, version_id, lambda: services.resolve_finding(request.user, finding_id),
                  _("Finding marked as resolved."))  # fmt: skip


@login_required
@require_POST
def statement(request: HttpRequest, version_id: int) -> HttpResponse:
    upload = request.FILES.get("file")

    def call():
        if upload is None:
            raise DomainError(_("Choose a file."), code="invalid_file")
        services.check_statement_size(upload.size)
        return services.upload_statement(request.user, version_id, upload.name, upload.read())

    return _after(request, version_id, call, _("Statement uploaded."))


@login_required
def statement_download(request: HttpRequest, version_id: int, statement_id: int) -> HttpResponse:
    version = _version_or_404(request, version_id)
    item = version.statements.filter(pk=statement_id).first()
    if item is None:
        raise Http404
    return FileResponse(item.file.open("rb"), as_attachment=True, filename=item.original_name,
                        content_type="application/pdf")  # fmt: skip


@login_required
@require_POST
def verify(request: HttpRequest, version_id: int) -> HttpResponse:
    form = VerifyForm(request.POST)

    def call():
        if not form.is_valid():
            raise DomainError(_("Enter the verified total in tonnes (up to three decimals)."), code="validation_error")
        return services.verify(request.user, version_id, form.verified_kg(), form.cleaned_data["opinion"])

    return _after(request, version_id, call, _("Report verified."))


@login_required
@require_POST
def restate(request: HttpRequest, version_id: int) -> HttpResponse:
    reason = str(request.POST.get("reason", ""))
    return _after(request, version_id, lambda: services.restate(request.user, version_id, reason),
                  _("A new draft version was opened for the restatement."))  # fmt: skip


@login_required
def bundle(request: HttpRequest, version_id: int) -> HttpResponse:
    """The reproducible bundle of a published figure, for those who may see the report (the version gate)."""
    version = _version_or_404(request, version_id)
    try:
        body = figure_bundle.as_json(figure_bundle.build(version))
    except DomainError as exc:
        return HttpResponse(exc.message, status=409 if exc.code == "not_published" else 404,
                            content_type="text/plain; charset=utf-8")  # fmt: skip
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{figure_bundle.filename(version)}"'
    return response


@login_required
def pdf(request: HttpRequest, version_id: int) -> HttpResponse:
    version = _version_or_404(request, version_id)
    # Rendered after every query has run and outside any transaction: a PDF can take a second.
    body = documents.report_pdf(version, request)
    response = HttpResponse(body, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{documents.filename(version, "pdf")}"'
    return response


@login_required
def xlsx(request: HttpRequest, version_id: int) -> HttpResponse:
    version = _version_or_404(request, version_id)
    response = HttpResponse(documents.report_xlsx(version), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{documents.filename(version, "xlsx")}"'
    return response


def _require_staff(request: HttpRequest) -> None:
    if not principal_for(request.user).is_bureau_staff:
        raise PermissionDenied


def _year(request: HttpRequest) -> int:
    raw = str(request.GET.get("year", ""))
    return int(raw) if raw.isdigit() and len(raw) == 4 else queries.default_round(request.user)


@login_required
def bureau(request: HttpRequest) -> HttpResponse:
    _require_staff(request)
    data = queries.overview(request.user, _year(request), page=request.GET.get("page") or 1)
    return render(request, "disclosure/bureau.html", data)


@login_required
def bureau_xlsx(request: HttpRequest) -> HttpResponse:
    _require_staff(request)
    data = queries.overview(request.user, _year(request), page=None)
    response = HttpResponse(documents.overview_xlsx(data), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="tanxin-disclosure-{data["year"]}.xlsx"'
    return response
