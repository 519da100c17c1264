"""Directory pages: list, hub, edit, history, import/export, people, consents, tokens, jurisdictions."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from tanxin.common.errors import DomainError
from tanxin.common.errors import PermissionDenied as Refused
from tanxin.orgs import excel, queries, services
from tanxin.orgs.domain.roles import ROLES_BY_KIND
from tanxin.orgs.forms import (
    AcceptInvitationForm,
    ConsentForm,
    ImportForm,
    InviteForm,
    JurisdictionForm,
    OrganisationForm,
    TokenForm,
)
from tanxin.orgs.gate import principal_for
from tanxin.orgs.models import ApiToken, ConsentGrant, Industry, Jurisdiction, Membership, Organisation
from tanxin.web.forms import apply_domain_error, flash_action
from tanxin.web.paging import TwoWayPaginator

PAGE_SIZE = 25
IMPORT_REASONS = {
    "missing": gettext_lazy("Required value is missing."),
    "too_long": gettext_lazy("Value is too long."),
    "invalid_uscc": gettext_lazy("Invalid unified social credit code."),
    "duplicate_in_file": gettext_lazy("Credit code appears twice in this file."),
    "duplicate_existing": gettext_lazy("Credit code already exists in the directory."),
    "unknown_industry": gettext_lazy("Unknown industry code."),
    "unknown_jurisdiction": gettext_lazy("Unknown jurisdiction code (or not yours)."),
    "invalid_choice": gettext_lazy("Not one of the allowed values."),
    "invalid_bool": gettext_lazy("Write yes or no."),
    "invalid_email": gettext_lazy("Not a valid email address."),
}


def _require_staff(request: HttpRequest) -> None:
    if not principal_for(request.user).is_bureau_staff:
        raise PermissionDenied


def _get_or_404(request: HttpRequest, org_id: int, action: str = "view") -> Organisation:
    org = queries.get_organisation(request.user, org_id, action)
    if org is None:
        raise Http404
    return org


@login_required
def directory(request: HttpRequest) -> HttpResponse:
    principal = principal_for(request.user)
    if not (principal.is_bureau_staff or principal.org_ids_of_kind("bank", "guarantor")):
        raise PermissionDenied
    flt = queries.DirectoryFilter.from_params(request.GET)
    page = TwoWayPaginator(queries.directory(request.user, flt), PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "page": page,
        "flt": flt,
        "query": query.urlencode(),
        "kinds": Organisation.Kind.choices,
        "types": Organisation.EnterpriseType.choices,
        "ets_choices": Organisation.Ets.choices,
        "statuses": Organisation.Status.choices,
        "jurisdictions": Jurisdiction.objects.all(),
        "industries": Industry.objects.filter(parent__isnull=True),
        "is_staff": principal.is_bureau_staff,
    }
    template = "orgs/_directory_table.html" if request.headers.get("HX-Request") else "orgs/directory.html"
    return render(request, template, context)


@login_required
def export(request: HttpRequest, fmt: str) -> HttpResponse:
    _require_staff(request)
    if fmt not in ("csv", "xlsx"):
        raise Http404
    orgs = queries.directory(request.user, queries.DirectoryFilter.from_params(request.GET))
    if fmt == "csv":
        response = StreamingHttpResponse(excel.export_csv_lines(orgs.iterator(chunk_size=500)),
                                         content_type="text/csv; charset=utf-8")  # fmt: skip
    else:
        response = HttpResponse(
            excel.export_xlsx(orgs.iterator(chunk_size=500)),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    response["Content-Disposition"] = f'attachment; filename="tanxin-directory.{fmt}"'
    return response


@login_required
def mine(request: HttpRequest) -> HttpResponse:
    org_ids = sorted(principal_for(request.user).org_ids)
    if not org_ids:
        raise Http404
    return redirect("orgs:detail", org_ids[0])


@login_required
def detail(request: HttpRequest, org_id: int) -> HttpResponse:
    org = _get_or_404(request, org_id)
    principal = principal_for(request.user)
    can_manage = Organisation.objects.visible_to(request.user, "manage").filter(pk=org.pk).exists()
    context = {
        "org": org,
        "can_edit": bool(services.editable_fields(request.user, org)),
        "can_manage": can_manage,
        "members": queries.members(request.user, org) if org.pk in principal.org_ids or can_manage else [],
        "consents": ConsentGrant.objects.visible_to(request.user).filter(enterprise=org).select_related("grantee"),
        "invite_form": InviteForm(roles=_role_choices(org)) if can_manage else None,
    }
    return render(request, "orgs/detail.html", context)


def _role_choices(org: Organisation) -> list[tuple[str, str]]:
    labels = dict(Membership.RoleChoice.choices)
    return [(role.value, labels[role.value]) for role in ROLES_BY_KIND[org.kind]]


def _staff_jurisdictions(request: HttpRequest):
    principal = principal_for(request.user)
    qs = Jurisdiction.objects.all()
    return qs if principal.is_superuser else qs.filter(pk__in=principal.staff_jurisdictions)


@login_required
def edit(request: HttpRequest, org_id: int) -> HttpResponse:
    org = _get_or_404(request, org_id)
    allowed = services.editable_fields(request.user, org)
    if not allowed:
        raise PermissionDenied
    form = OrganisationForm(request.POST or None, instance=org, allowed=allowed,
                            jurisdictions=_staff_jurisdictions(request))  # fmt: skip
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in form.changed_data}
        try:
            services.update_organisation(request.user, org.pk, data)
        except DomainError as exc:
            apply_domain_error(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("orgs:detail", org.pk)
    return render(request, "orgs/form.html", {"form": form, "org": org, "title": _("Edit %(name)s") % {"name": org}})


@login_required
def create(request: HttpRequest) -> HttpResponse:
    _require_staff(request)
    allowed = services.BUREAU_EDITABLE_FIELDS
    form = OrganisationForm(request.POST or None, allowed=allowed, jurisdictions=_staff_jurisdictions(request),
                            initial={"kind": "enterprise"})  # fmt: skip
    if request.method == "POST" and form.is_valid():
        try:
            org = services.create_organisation(request.user, form.cleaned_data)
        except DomainError as exc:
            apply_domain_error(form, exc)
        else:
            messages.success(request, _("Organisation created."))
            return redirect("orgs:detail", org.pk)
    return render(request, "orgs/form.html", {"form": form, "title": _("Add an organisation")})


@login_required
def history(request: HttpRequest, org_id: int) -> HttpResponse:
    org = _get_or_404(request, org_id)
    return render(request, "orgs/history.html", {"org": org, "entries": queries.history(org)})


@login_required
def import_page(request: HttpRequest) -> HttpResponse:
    _require_staff(request)
    form = ImportForm(request.POST or None, request.FILES or None)
    context: dict = {"form": form}
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            if upload.size > settings.TANXIN_IMPORT_MAX_BYTES:
                raise DomainError(
                    _("The file is too large (at most %(mb)d MB).")
                    % {"mb": settings.TANXIN_IMPORT_MAX_BYTES // (1024 * 1024)},
                    code="too_large",
                )
            rows = excel.read_rows(upload.read(), max_rows=settings.TANXIN_IMPORT_MAX_ROWS)
            report, created = services.import_enterprises(request.user, rows)
        except DomainError as exc:
            apply_domain_error(form, exc)
            return render(request, "orgs/import.html", context, status=400)
        if report.ok:
            messages.success(request, _("%(n)d enterprises imported.") % {"n": created})
            return redirect("orgs:import")
        labels = {k: str(v) for k, v in excel.COLUMN_LABELS.items()}
        context["errors"] = [
            {
                "row": e.row,
                "column": labels.get(e.column, e.column),
                "reason": IMPORT_REASONS[e.reason],
                "value": e.value,
            }
            for e in report.errors
        ]
        return render(request, "orgs/import.html", context, status=400)
    return render(request, "orgs/import.html", context)


@login_required
def import_template(request: HttpRequest) -> HttpResponse:
    _require_staff(request)
    data = excel.build_template(
        ((i.code, i.name) for i in Industry.objects.all()),
        ((j.code, j.name) for j in _staff_jurisdictions(request)),
    )
    response = HttpResponse(data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = 'attachment; filename="tanxin-enterprise-import-template.xlsx"'
    return response


@login_required
@require_POST
def invite(request: HttpRequest, org_id: int) -> HttpResponse:
    org = _get_or_404(request, org_id)
    form = InviteForm(request.POST, roles=_role_choices(org))
    if form.is_valid():
        try:
            _invitation, token = services.invite_member(request.user, org.pk, form.cleaned_data["email"],
                                                        form.cleaned_data["role"])  # fmt: skip
        except Refused as exc:  # may see the organisation, may not manage its people
            raise PermissionDenied(str(exc.message)) from exc
        except DomainError as exc:
            messages.error(request, str(exc.message))
        else:
            link = request.build_absolute_uri(f"/directory/invitations/{token}/")
            messages.success(request, _("Invitation sent. The link, valid for 7 days: %(link)s") % {"link": link})
    else:
        messages.error(request, " ".join(str(e) for errs in form.errors.values() for e in errs))
    return redirect("orgs:detail", org.pk)


@login_required
@require_POST
def set_role(request: HttpRequest, membership_id: int) -> HttpResponse:
    membership = Membership.objects.visible_to(request.user, "view").filter(pk=membership_id).first()
    if membership is None:
        raise Http404
    role = request.POST.get("role", "")
    flash_action(request, lambda: services.set_member_role(request.user, membership.pk, role), _("Role updated."))
    return redirect("orgs:detail", membership.organisation_id)


def accept_invitation(request: HttpRequest, token: str) -> HttpResponse:
    try:
        invitation = services.find_invitation(token)
    except DomainError as exc:
        return render(request, "web/error.html", {"status": 404, "message": exc.message}, status=404)
    form = AcceptInvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.accept_invitation(token, **form.cleaned_data)
        except DomainError as exc:
            apply_domain_error(form, exc)
        else:
            messages.success(request, _("Your account is ready. Please sign in."))
            return redirect("login")
    return render(request, "orgs/accept.html", {"form": form, "invitation": invitation})


@login_required
def consents(request: HttpRequest) -> HttpResponse:
    principal = principal_for(request.user)
    own_enterprises = Organisation.objects.filter(pk__in=principal.admin_org_ids(), kind="enterprise")
    form = ConsentForm(request.POST or None) if own_enterprises.exists() else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.grant_consent(request.user, own_enterprises.first().pk, form.cleaned_data["grantee"].pk,
                                       form.cleaned_data["purpose"], form.cleaned_data["expires_at"])  # fmt: skip
            except DomainError as exc:
                apply_domain_error(form, exc)
            else:
                messages.success(request, _("Consent granted."))
                return redirect("orgs:consents")
    rows = ConsentGrant.objects.visible_to(request.user).select_related("enterprise", "grantee").order_by("-granted_at")
    return render(request, "orgs/consents.html", {"form": form, "consents": rows})


@login_required
@require_POST
def revoke_consent(request: HttpRequest, consent_id: int) -> HttpResponse:
    flash_action(request, lambda: services.revoke_consent(request.user, consent_id), _("Consent revoked."))
    return redirect("orgs:consents")


@login_required
def tokens(request: HttpRequest) -> HttpResponse:
    form = TokenForm(request.POST or None)
    new_token = None
    if request.method == "POST" and form.is_valid():
        try:
            _record, new_token = services.create_token(request.user, **form.cleaned_data)
        except DomainError as exc:
            apply_domain_error(form, exc)
        else:
            form = TokenForm()
    rows = ApiToken.objects.visible_to(request.user)
    return render(request, "orgs/tokens.html", {"form": form, "tokens": rows, "new_token": new_token})


@login_required
@require_POST
def revoke_token(request: HttpRequest, token_id: int) -> HttpResponse:
    flash_action(request, lambda: services.revoke_token(request.user, token_id), _("Token revoked."))
    return redirect("orgs:tokens")


@login_required
def jurisdictions(request: HttpRequest) -> HttpResponse:
    _require_staff(request)
    principal = principal_for(request.user)
    form = JurisdictionForm(request.POST or None) if principal.is_bureau_admin else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.add_jurisdiction(request.user, form.cleaned_data)
            except DomainError as exc:
                apply_domain_error(form, exc)
            else:
                messages.success(request, _("Jurisdiction added."))
                return redirect("orgs:jurisdictions")
    rows = Jurisdiction.objects.select_related("parent")
    return render(request, "orgs/jurisdictions.html", {"form": form, "rows": rows})
