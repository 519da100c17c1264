"""The application page, one URL for every role: the enterprise fills and submits it, the bureau checks,
verifies, assigns and adjusts it, an assigned expert declares a conflict of interest and scores it."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language, pgettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tanxin.common.errors import DomainError, NotFound
from tanxin.common.errors import PermissionDenied as Refused
from tanxin.common.money import fen_to_yuan, yuan_to_fen
from tanxin.orgs.gate import principal_for
from tanxin.support import mapping, queries
from tanxin.support.domain import EnterpriseType, ScoringMethod
from tanxin.support.forms import (
    AdjustScoreForm,
    ApplicationForm,
    AssignForm,
    AwardForm,
    CheckForm,
    CoiForm,
    DeclarationForm,
    DisbursementForm,
    ReasonForm,
    SheetForm,
    VerifyForm,
)
from tanxin.support.gate import RESULT_PUBLIC
from tanxin.support.models import Application, EvidenceFile, ExpertAssignment, FinancingClaim
from tanxin.support.services import applications, results, review
from tanxin.support.views._util import act, attempt, error_text, is_staff, saved
from tanxin.web.storage import open_stored


def _get(request: HttpRequest, app_id: int) -> Application:
    app = queries.application(request.user, app_id)
    if app is None:
        raise Http404
    return app


@login_required
@require_POST
def apply(request: HttpRequest, scheme_id: int) -> HttpResponse:
    try:
        app = applications.start_application(request.user, scheme_id)
    except Refused as exc:  # not an enterprise's person: the 403 page, not a message on the home page
        raise PermissionDenied(error_text(exc)) from exc
    except NotFound as exc:
        raise Http404(error_text(exc)) from exc
    except DomainError as exc:
        messages.error(request, error_text(exc))
        return redirect("support:index")
    messages.success(request, _("Application started. Fill the self-declared items and submit before the deadline."))
    return redirect("support:application", app.pk)


def _items(app: Application):
    tree = mapping.criteria_tree(app.scheme)
    return tree.applicable(EnterpriseType(app.enterprise_type), app.industry_code or None)


def _context(request: HttpRequest, app: Application, forms: dict[str, Any] | None = None) -> dict[str, Any]:
    user, principal = request.user, principal_for(request.user)
    staff = is_staff(request, app.scheme)
    own = app.enterprise_id in principal.org_ids
    assignment = ExpertAssignment.objects.filter(application=app, expert_id=user.pk).first()
    items = _items(app)
    lang = get_language() or "zh-hans"
    decls = {d.item_code: d for d in queries.declarations(user, app)}
    files: dict[str, list] = {}
    for ev in queries.evidence(user, app):
        files.setdefault(ev.item_code, []).append(ev)
    ctx: dict[str, Any] = {
        "app": app,
        "scheme": app.scheme,
        "staff": staff,
        "own": own,
        "assignment": assignment,
        "items": [
            {"item": i, "name": queries.item_name(i, lang), "decl": decls.get(i.code), "files": files.get(i.code, [])}
            for i in items
        ],
        "editable": applications.can_edit(user, app),
        "log": queries.status_log(user, app),
        "results_public": app.scheme.status in RESULT_PUBLIC,
        "forms": forms or {},
    }
    if app.scheme.kind == "financing_subsidy":  # the loans claimed, their cost and the computed share
        ctx["claims"] = list(FinancingClaim.objects.visible_to(user).filter(application=app))
        ctx["claim_files"] = [ev for ev in queries.evidence(user, app)]
    if own or staff:
        breakdown, snapshot = applications.preview(app)
        ctx["preview"], ctx["facts"] = breakdown, snapshot
    if staff or (own and ctx["results_public"]):
        ctx["lines"] = queries.score_lines(user, app)
        ctx["award"] = queries.award(user, app)
        ctx["disbursements"] = queries.disbursements(user, app)
    if staff:
        ctx["assignments"] = queries.assignments(user, app)
        ctx["pool"] = review.expert_pool(app.scheme)
        ctx["sheets"] = queries.sheets(user, app)
    elif assignment is not None:
        ctx["sheets"] = queries.sheets(user, app)
        ctx["expert_items"] = [i for i in items if i.method is ScoringMethod.EXPERT]
    f = ctx["forms"]
    ctx["page_errors"] = [str(e) for form in f.values() if form.is_bound for errs in form.errors.values() for e in errs]
    if ctx["editable"]:
        f.setdefault(
            "app",
            ApplicationForm(
                initial={
                    "requested_yuan": fen_to_yuan(app.requested_fen) if app.requested_fen else None,
                    "project_summary": app.project_summary,
                }
            ),
        )
    if staff:
        f.setdefault("check", CheckForm())
        f.setdefault("assign", AssignForm(pool=ctx["pool"]))
        f.setdefault("adjust", AdjustScoreForm())
        f.setdefault("award", AwardForm())
        f.setdefault("disburse", DisbursementForm())
    if assignment is not None and assignment.coi_declared_at is None:
        f.setdefault("coi", CoiForm())
    if assignment is not None and not assignment.conflicted and not hasattr(assignment, "sheet"):
        f.setdefault("sheet", SheetForm(items=ctx.get("expert_items", []), lang=lang))
    return ctx


@login_required
def detail(request: HttpRequest, app_id: int) -> HttpResponse:
    app = _get(request, app_id)
    return render(request, "support/application.html", _context(request, app))


def _rerender(request: HttpRequest, app: Application, forms: dict[str, Any]) -> HttpResponse:
    return render(request, "support/application.html", _context(request, app, forms), status=400)


@login_required
@require_POST
def post(request: HttpRequest, app_id: int, action: str) -> HttpResponse:
    """Every form on the application page posts here; a refusal re-renders the page with the errors (400)."""
    app = _get(request, app_id)
    handler = HANDLERS.get(action)
    if handler is None:
        raise Http404
    response = handler(request, app)
    return response or redirect("support:application", app.pk)


def _save(request, app):
    form = ApplicationForm(request.POST)
    if form.is_valid():
        yuan = form.cleaned_data["requested_yuan"]
        data = {
            "requested_fen": yuan_to_fen(yuan) if yuan else None,
            "project_summary": form.cleaned_data["project_summary"],
        }
        if attempt(form, lambda: applications.update_application(request.user, app.pk, data)):
            messages.success(request, saved())
            return None
    return _rerender(request, app, {"app": form})


def _declare(request, app):
    code = request.POST.get("item_code", "")
    form = DeclarationForm(request.POST, request.FILES)
    if form.is_valid():

        def run():
            upload = form.cleaned_data.get("file")
            # Read one byte past the limit: enough for the service to refuse the file (and then the declaration).
            content = upload.read(applications.evidence_max_bytes() + 1) if upload is not None else None
            applications.declare_with_evidence(request.user, app.pk, code, form.cleaned_data["declared_points"],
                                               form.cleaned_data["statement"], upload.name if upload else "",
                                               content)  # fmt: skip
            return True

        if attempt(form, run):
            messages.success(request, saved())
            return None
    return _rerender(request, app, {f"decl_{code}": form})


def _submit(request, app):
    act(request, lambda: applications.submit(request.user, app.pk), _("Application submitted."))


def _withdraw(request, app):
    act(
        request,
        lambda: applications.withdraw(request.user, app.pk, request.POST.get("reason", "")),
        pgettext("support fund", "Application withdrawn."),
    )


def _check(request, app):
    form = CheckForm(request.POST)
    if form.is_valid() and attempt(
        form,
        lambda: applications.formal_check(
            request.user, app.pk, form.cleaned_data["outcome"], form.cleaned_data["reason"]
        ),
    ):
        messages.success(request, saved())
        return None
    return _rerender(request, app, {"check": form})


def _verify(request, app):
    raw = request.POST.get("declaration", "")
    decl_id = int(raw) if raw.isdigit() else 0
    form = VerifyForm(request.POST)
    if form.is_valid() and attempt(
        form,
        lambda: applications.verify(
            request.user, decl_id, form.cleaned_data["verified_points"], form.cleaned_data["note"]
        ),
    ):
        messages.success(request, saved())
        return None
    return _rerender(request, app, {f"verify_{decl_id}": form})


def _assign(request, app):
    form = AssignForm(request.POST, pool=review.expert_pool(app.scheme))
    if form.is_valid() and attempt(
        form, lambda: review.assign(request.user, app.pk, [int(x) for x in form.cleaned_data["experts"]])
    ):
        messages.success(request, _("Experts assigned."))
        return None
    return _rerender(request, app, {"assign": form})


def _coi(request, app):
    form = CoiForm(request.POST)
    if form.is_valid() and attempt(
        form,
        lambda: review.declare_coi(request.user, app.pk, form.cleaned_data["conflicted"], form.cleaned_data["note"]),
    ):
        messages.success(request, _("Declaration recorded."))
        return redirect("support:expert_queue") if form.cleaned_data["conflicted"] else None
    return _rerender(request, app, {"coi": form})


def _sheet(request, app):
    form = SheetForm(
        request.POST,
        items=[i for i in _items(app) if i.method is ScoringMethod.EXPERT],
        lang=get_language() or "zh-hans",
    )
    if form.is_valid() and attempt(
        form,
        lambda: review.submit_sheet(request.user, app.pk, form.scores(), form.comments(), form.cleaned_data["comment"]),
    ):
        messages.success(request, _("Score sheet submitted."))
        return None
    return _rerender(request, app, {"sheet": form})


def _adjust(request, app):
    form = AdjustScoreForm(request.POST)
    if form.is_valid() and attempt(
        form,
        lambda: results.adjust_score(
            request.user,
            app.pk,
            form.cleaned_data["item_code"],
            form.cleaned_data["new_points"],
            form.cleaned_data["reason"],
        ),
    ):
        messages.success(request, saved())
        return None
    return _rerender(request, app, {"adjust": form})


def _award(request, app):
    form = AwardForm(request.POST)
    if form.is_valid() and attempt(
        form,
        lambda: results.change_award(
            request.user, app.pk, yuan_to_fen(form.cleaned_data["amount_yuan"]), form.cleaned_data["reason"]
        ),
    ):
        messages.success(request, saved())
        return None
    return _rerender(request, app, {"award": form})


def _disburse(request, app):
    form = DisbursementForm(request.POST)
    if form.is_valid() and attempt(
        form,
        lambda: results.disburse(
            request.user,
            app.pk,
            yuan_to_fen(form.cleaned_data["amount_yuan"]),
            form.cleaned_data["paid_on"],
            form.cleaned_data["reference"],
        ),
    ):
        messages.success(request, _("Payment recorded."))
        return None
    return _rerender(request, app, {"disburse": form})


HANDLERS = {
    "save": _save,
    "declare": _declare,
    "submit": _submit,
    "withdraw": _withdraw,
    "check": _check,
    "verify": _verify,
    "assign": _assign,
    "coi": _coi,
    "sheet": _sheet,
    "adjust": _adjust,
    "award": _award,
    "disburse": _disburse,
}


@login_required
def evidence(request: HttpRequest, evidence_id: int) -> HttpResponse:
    row = EvidenceFile.objects.visible_to(request.user).filter(pk=evidence_id).first()
    if row is None:
        raise Http404
    handle = open_stored(row.blob)
    # Served as an attachment with the sniffed type: an uploaded file never runs in our origin.
    return FileResponse(handle, as_attachment=True, filename=row.name, content_type=row.content_type)


@login_required
def expert_queue(request: HttpRequest) -> HttpResponse:
    if not principal_for(request.user).is_expert:
        raise PermissionDenied
    page = Paginator(queries.expert_queue(request.user), queries.QUEUE_PAGE).get_page(request.GET.get("page"))
    ctx = {"assignments": page.object_list, "page": page, "query": ""}
    return render(request, "support/expert_queue.html", ctx)


@login_required
def queue(request: HttpRequest, scheme_id: int) -> HttpResponse:
    """A scheme's applications, 50 a page, filtered by status and searched by enterprise name or USCC; the
    counts per status come from one grouped aggregate over the searched rows."""
    from tanxin.support.views._util import staff_scheme

    scheme = staff_scheme(request, scheme_id)
    statuses = Application.Status.choices
    status = request.GET.get("status", "")
    status = status if status in dict(statuses) else ""
    q = (request.GET.get("q") or "").strip()[: queries.QUEUE_SEARCH_MAX]
    rows = queries.queue_rows(request.user, scheme.pk, q)
    counts = queries.queue_counts(rows)
    page = queries.queue_page(rows, request.GET.get("page"), status)
    ctx = {
        "scheme": scheme,
        "apps": page.object_list,
        "page": page,
        "query": urlencode({k: v for k, v in (("status", status), ("q", q)) if v}),
        "status": status,
        "q": q,
        "total": sum(counts.values()),
        "statuses": [(v, label, counts.get(v, 0)) for v, label in statuses],
        "reason_form": ReasonForm(),
    }
    return render(request, "support/queue.html", ctx)
