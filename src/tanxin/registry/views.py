"""Registry pages: account (holdings, history, operations), allocation, compliance board, holds register,
reconciliation cases, and the public registry explorer (no login)."""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from tanxin.common.errors import DomainError
from tanxin.common.errors import NotFound as Missing
from tanxin.common.errors import PermissionDenied as Refused
from tanxin.orgs.domain.roles import OrgKind
from tanxin.orgs.gate import principal_for
from tanxin.orgs.models import Organisation
from tanxin.orgs.queries import name_or_code, own_bureau, partners
from tanxin.registry import forms as f
from tanxin.registry import queries, services, statements
from tanxin.registry.bulk import read_table
from tanxin.registry.gate import may_act_on_hold
from tanxin.registry.models import Account, Hold, Obligation, ReconciliationCase
from tanxin.web.forms import apply_domain_error

LIST_PAGE = 50  # rows a page of the holds list
ROW_CODES = {
    "missing": gettext_lazy("Required value is missing."),
    "bad_quantity": gettext_lazy("Not a whole number of tonnes above zero."),
    "bad_instrument": gettext_lazy("Unknown or malformed instrument code."),
    "unknown_account": gettext_lazy("Unknown account (or not in this jurisdiction)."),
    "duplicate_row": gettext_lazy("Appears twice in this file."),
    "empty_file": gettext_lazy("The file has no rows."),
    "bad_balance": gettext_lazy("Not a whole number of tonnes."),
    "missing_column": gettext_lazy("Required column is missing."),
    "more_errors": gettext_lazy("More rows have errors (their number is in the value column); fix these first."),
}


def _staff(request: HttpRequest):
    principal = principal_for(request.user)
    if not principal.is_bureau_staff:
        raise PermissionDenied
    return principal


def _bureau(request: HttpRequest) -> Organisation:
    _staff(request)
    bureau = own_bureau(request.user)
    if bureau is None:
        raise PermissionDenied
    return bureau


def _row_report(exc: DomainError) -> list[dict]:
    rows = (exc.details or {}).get("rows", []) if isinstance(exc.details, dict) else []
    return [{**r, "reason": str(ROW_CODES.get(r.get("code"), r.get("code")))} for r in rows]


def _refuse_outright(exc: DomainError) -> None:
    """A user who may not take a button's action at all gets the 403 page (404 when the object is not theirs
    to see), as the API answers; other refusals are flashed beside the page."""
    if isinstance(exc, Refused):
        raise PermissionDenied(str(exc.message)) from exc
    if isinstance(exc, Missing):
        raise Http404(str(exc.message)) from exc


def _done(request: HttpRequest, result: dict, success: str) -> None:
    if result.get("replayed"):
        messages.info(request, _("This request was already processed; nothing was done twice."))
    else:
        messages.success(request, success)


@login_required
def index(request: HttpRequest) -> HttpResponse:
    principal = principal_for(request.user)
    if principal.is_bureau_staff:
        return redirect("registry:compliance")
    own = queries.own_accounts(request.user).first()
    if own is not None:
        return redirect("registry:account", own.pk)
    return redirect("registry:accounts")


@login_required
def accounts(request: HttpRequest) -> HttpResponse:
    rows = queries.accounts(request.user).order_by("kind", "number")
    q = (request.GET.get("q") or "").strip()[:60]
    if q:
        rows = rows.filter(number__icontains=q) | rows.filter(owner__name_zh__icontains=q)
    return render(request, "registry/accounts.html", {"accounts": rows[:300], "q": q})


def _account_context(request: HttpRequest, account: Account) -> dict:
    can_change = queries.account(request.user, account.pk, "change") is not None
    can_manage = queries.account(request.user, account.pk, "manage") is not None
    principal = principal_for(request.user)
    pledge_only = not can_manage and account.owner_id in principal.admin_org_ids()
    pledgees = partners(OrgKind.BANK, OrgKind.GUARANTOR)
    context = {
        "account": account,
        "holdings": queries.holdings(account),
        "history": queries.history(account, limit=100),
        "holds": queries.holds(request.user).filter(account=account),
        "pending": queries.pending_transfers(request.user).filter(from_account=account),
        "can_change": can_change,
        "can_manage": can_manage,
        "transfer_form": f.TransferForm(prefix="t") if can_change else None,
        "surrender_form": f.SurrenderForm(prefix="s", initial={"year": timezone.localdate().year - 1})
        if can_change else None,
        "cancel_form": f.CancelForm(prefix="c") if can_change else None,
        "trusted_form": f.TrustedForm(prefix="tr") if can_change else None,
        "hold_form": f.HoldForm(prefix="h", pledgees=pledgees, kinds=["pledge"] if pledge_only else None)
        if can_manage or pledge_only else None,
        "trusted": account.trusted.select_related("counterparty__owner"),
        "reverse_form": f.ReverseForm(prefix="r") if can_manage else None,
    }  # fmt: skip
    _suggest_held(context)
    return context


def _suggest_held(context: dict) -> None:
    """The instrument boxes of the account's forms offer the instruments it holds (a ``<datalist>``), so the code is
    picked, not typed; validation stays the registry's own."""
    for name in ("transfer_form", "surrender_form", "cancel_form", "hold_form"):
        if context.get(name) is not None:
            context[name].fields["instrument"].widget.attrs["list"] = "held-instruments"


@login_required
def account(request: HttpRequest, account_id: int) -> HttpResponse:
    acct = queries.account(request.user, account_id)
    if acct is None:
        raise Http404
    context = _account_context(request, acct)
    if request.method == "POST":
        action = request.POST.get("action", "")
        handler = ACCOUNT_ACTIONS.get(action)
        if handler is None:
            raise Http404
        response = handler(request, acct, context)
        if response is not None:
            return response
        return render(request, "registry/account.html", context, status=400)
    return render(request, "registry/account.html", context)


def _run_form(request, context, name, form_class, prefix, call, success, **form_kwargs):
    form = form_class(request.POST, prefix=prefix, **form_kwargs)
    context[name] = form
    _suggest_held(context)
    if form.is_valid():
        try:
            result = call(form.cleaned_data)
        except DomainError as exc:
            apply_domain_error(form, exc)
            return None
        _done(request, result, success(result) if callable(success) else success)
        return redirect(request.path)
    return None


def _transfer(request, acct, ctx):
    if not ctx["can_change"]:
        raise PermissionDenied

    def call(d):
        return services.transfer(request.user, acct.pk, d["to_account"], d["instrument"], d["quantity"], d["reason"],
                                 key=d["idempotency_key"])  # fmt: skip

    def success(result):
        if result.get("status") == "pending":
            return _("The transfer is above the threshold and waits for a second authorised person.")
        return _("Transfer recorded (%(tx)s).") % {"tx": result["tx_id"]}

    return _run_form(request, ctx, "transfer_form", f.TransferForm, "t", call, success)


def _surrender(request, acct, ctx):
    if not ctx["can_change"]:
        raise PermissionDenied
    return _run_form(request, ctx, "surrender_form", f.SurrenderForm, "s",
                     lambda d: services.surrender(request.user, acct.pk, d["instrument"], d["quantity"], d["year"],
                                                  key=d["idempotency_key"]),
                     _("Surrender recorded."))  # fmt: skip


def _cancel(request, acct, ctx):
    if not ctx["can_change"]:
        raise PermissionDenied
    return _run_form(request, ctx, "cancel_form", f.CancelForm, "c",
                     lambda d: services.cancel(request.user, acct.pk, d["instrument"], d["quantity"], d["beneficiary"],
                                               d["purpose"], key=d["idempotency_key"]),
                     lambda r: _("Cancelled. Certificate code: %(code)s") % {"code": r.get("certificate_code")},
                     )  # fmt: skip


def _trusted(request, acct, ctx):
    if not ctx["can_change"]:
        raise PermissionDenied
    return _run_form(request, ctx, "trusted_form", f.TrustedForm, "tr",
                     lambda d: services.add_trusted_counterparty(request.user, acct.pk, d["counterparty"]) and {},
                     _("Counterparty added to the trusted list."))  # fmt: skip


def _hold(request, acct, ctx):
    if ctx["hold_form"] is None:
        raise PermissionDenied

    def call(d):
        refs = {"registration_no": d["registration_no"], "notice_no": d["notice_no"]}
        return services.place_hold(
            request.user, acct.pk, d["instrument"], d["quantity"], d["kind"],
            pledgee_id=d["pledgee"].pk if d["pledgee"] else None, references=refs, reason=d["reason"],
            legal_basis=d["legal_basis"], key=d["idempotency_key"],
        )  # fmt: skip

    kinds = [c[0] for c in ctx["hold_form"].fields["kind"].choices]
    return _run_form(request, ctx, "hold_form", f.HoldForm, "h", call,
                     lambda r: _("Hold %(ref)s placed.") % {"ref": r.get("hold_ref")},
                     pledgees=partners(OrgKind.BANK, OrgKind.GUARANTOR), kinds=kinds)  # fmt: skip


def _reverse(request, acct, ctx):
    if ctx["reverse_form"] is None:
        raise PermissionDenied
    return _run_form(request, ctx, "reverse_form", f.ReverseForm, "r",
                     lambda d: services.reverse(request.user, d["tx_id"], d["reason"], key=d["idempotency_key"]),
                     lambda r: _("Reversed by %(tx)s.") % {"tx": r.get("tx_id")})  # fmt: skip


ACCOUNT_ACTIONS = {"transfer": _transfer, "surrender": _surrender, "cancel": _cancel, "trusted": _trusted,
                   "hold": _hold, "reverse": _reverse}  # fmt: skip


@login_required
def statement(request: HttpRequest, account_id: int, fmt: str) -> HttpResponse:
    acct = queries.account(request.user, account_id)
    if acct is None or fmt not in ("xlsx", "pdf"):
        raise Http404
    if fmt == "xlsx":
        data, content_type = statements.xlsx(acct), statements.XLSX
    else:
        data, content_type = statements.pdf(request, acct), "application/pdf"
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="statement-{acct.number}.{fmt}"'
    return response


@login_required
@require_POST
def decide_transfer(request: HttpRequest, request_id: int) -> HttpResponse:
    approve = request.POST.get("decision") == "approve"
    try:
        result = services.approve_transfer(request.user, request_id, approve, key=request.POST.get("idempotency_key"))
        _done(request, result, _("Transfer approved and executed.") if approve else _("Transfer rejected."))
    except DomainError as exc:
        _refuse_outright(exc)
        messages.error(request, str(exc.message))
    return redirect(request.POST.get("next") or "registry:index")


# ---------------------------------------------------------------- bureau pages


@login_required
def allocation(request: HttpRequest) -> HttpResponse:
    bureau = _bureau(request)
    jid = bureau.jurisdiction_id
    if request.method == "POST":  # a GET never creates anything: the accounts open with the first write
        services.bureau_accounts(bureau)
    issue_form, alloc_form, bulk_form = f.IssueForm(prefix="i"), f.AllocateForm(prefix="a"), f.BulkForm(prefix="b")
    organisations = _account_organisations(request, jid)
    open_form = f.OpenAccountForm(prefix="o", organisations=organisations)
    report = None
    action = request.POST.get("action") if request.method == "POST" else None
    try:
        if action == "issue":
            issue_form = f.IssueForm(request.POST, prefix="i")
            if issue_form.is_valid():
                d = issue_form.cleaned_data
                _done(request, services.issue(request.user, jid, d["instrument"], d["quantity"], d["reason"],
                                              d["legal_basis"], key=d["idempotency_key"]), _("Issued."))  # fmt: skip
                return redirect("registry:allocation")
        elif action == "allocate":
            alloc_form = f.AllocateForm(request.POST, prefix="a")
            if alloc_form.is_valid():
                d = alloc_form.cleaned_data
                target = queries.accounts(request.user).filter(number=d["account"], jurisdiction_id=jid).first()
                if target is None:
                    alloc_form.add_error("account", _("Unknown account (or not in this jurisdiction)."))
                else:
                    _done(request, services.allocate(request.user, target.pk, d["instrument"], d["quantity"],
                                                     d["subtype"], d["reason"], d["legal_basis"],
                                                     key=d["idempotency_key"]), _("Allocation recorded."))  # fmt: skip
                    return redirect("registry:allocation")
        elif action == "open":
            open_form = f.OpenAccountForm(request.POST, prefix="o", organisations=organisations)
            if open_form.is_valid():
                d = open_form.cleaned_data
                acct = services.open_holding_account(request.user, d["organisation"].pk, d["external_number"], jid)
                messages.success(request, _("Account %(number)s is open.") % {"number": acct.number})
                return redirect("registry:account", acct.pk)
        elif action == "bulk":
            bulk_form = f.BulkForm(request.POST, request.FILES, prefix="b")
            if bulk_form.is_valid():
                d = bulk_form.cleaned_data
                if d["file"].size > settings.TANXIN_IMPORT_MAX_BYTES:
                    raise DomainError(_("The file is too large."), code="too_large")
                rows = read_table(d["file"].read())
                result = services.bulk_allocate(request.user, jid, rows, d["subtype"], d["reason"], d["legal_basis"],
                                                key=d["idempotency_key"])  # fmt: skip
                _done(request, result, _("%(n)d allocations recorded.") % {"n": result["rows"]})
                return redirect("registry:allocation")
    except DomainError as exc:
        report = _row_report(exc)
        target_form = {"issue": issue_form, "allocate": alloc_form, "bulk": bulk_form, "open": open_form}[action]
        if not report:
            apply_domain_error(target_form, exc)
    mgt = queries.accounts(request.user).filter(jurisdiction_id=jid, kind=Account.Kind.MANAGEMENT).first()
    management = {h.instrument: h for h in queries.holdings(mgt)} if mgt is not None else {}
    context = {"issue_form": issue_form, "alloc_form": alloc_form, "bulk_form": bulk_form, "report": report,
               "management": management.values(), "open_form": open_form}  # fmt: skip
    return render(request, "registry/allocation.html", context, status=400 if action and report is not None else 200)


def _year(request: HttpRequest) -> int:
    """The asked year, else the latest year with obligations on record, else last year."""
    try:
        return max(2000, min(2100, int(request.GET.get("year", ""))))
    except ValueError:
        latest = Obligation.objects.order_by("-year").values_list("year", flat=True).first()
        return latest or timezone.localdate().year - 1


BOARD_PAGE_SIZE = 50
SUGGESTIONS = 20


@login_required
def compliance(request: HttpRequest) -> HttpResponse:
    principal = principal_for(request.user)
    if not (principal.is_bureau_staff or principal.org_ids_of_kind("enterprise")):
        raise PermissionDenied
    year = _year(request)
    form = None
    if principal.is_bureau_staff:
        form = f.ObligationForm(request.POST or None, enterprises=queries.obligation_candidates(request.user),
                                initial={"year": year})  # fmt: skip
        if request.method == "POST" and form.is_valid():
            d = form.cleaned_data
            try:
                services.set_obligation(request.user, d["enterprise"].pk, d["year"], d["tonnes"], d["reason"])
            except DomainError as exc:
                apply_domain_error(form, exc)
            else:
                messages.success(request, _("Obligation saved."))
                return redirect(f"{request.path}?year={d['year']}")
    elif request.method == "POST":
        raise PermissionDenied
    if request.GET.get("format") == "xlsx":
        board = queries.compliance_board(request.user, year)
        response = HttpResponse(statements.compliance_xlsx(board, year), content_type=statements.XLSX)
        response["Content-Disposition"] = f'attachment; filename="compliance-{year}.xlsx"'
        return response
    q = (request.GET.get("q") or "").strip()[:100]
    page = Paginator(queries.board_enterprises(request.user, q), BOARD_PAGE_SIZE).get_page(request.GET.get("page"))
    board = list(queries.positions(page.object_list, year).values())
    years = range(timezone.localdate().year, 2020, -1)
    context = {"board": board, "page": page, "q": q, "year": year, "form": form, "years": years,
               "query": urlencode({"year": year, "q": q})}  # fmt: skip
    return render(request, "registry/compliance.html", context)


@login_required
def obligation_enterprises(request: HttpRequest) -> HttpResponse:
    """Search-as-you-type for the obligation form: at most SUGGESTIONS options, never the whole district."""
    _staff(request)
    q = (request.GET.get("enterprise") or request.GET.get("q") or "").strip()[:100]
    rows = queries.obligation_candidates(request.user, q)[:SUGGESTIONS] if q else []
    return render(request, "web/_enterprise_options.html", {"rows": rows})


def _account_organisations(request: HttpRequest, jurisdiction_id: int) -> QuerySet[Organisation]:
    """Who may get a holding account here: the district's enterprises, and banks and guarantors."""
    return (Organisation.objects.visible_to(request.user).filter(kind="enterprise", jurisdiction_id=jurisdiction_id)
            | partners(OrgKind.BANK, OrgKind.GUARANTOR)).order_by("kind", "name_zh", "pk")  # fmt: skip


@login_required
def account_organisations(request: HttpRequest) -> HttpResponse:
    """Search-as-you-type for the open-account form: at most SUGGESTIONS options, never the whole district."""
    bureau = _bureau(request)
    q = (request.GET.get("o-organisation") or request.GET.get("q") or "").strip()[:100]
    rows = _account_organisations(request, bureau.jurisdiction_id).filter(name_or_code(q))[:SUGGESTIONS] if q else []
    return render(request, "web/_enterprise_options.html", {"rows": rows})


@login_required
def holds(request: HttpRequest) -> HttpResponse:
    principal = principal_for(request.user)
    status = request.GET.get("status", "open")
    status = status if status in Hold.Status.values else ""
    rows = queries.holds(request.user, status).order_by("-placed_at", "-pk")
    page = Paginator(rows, LIST_PAGE).get_page(request.GET.get("page"))
    for hold in page.object_list:
        hold.can_act = may_act_on_hold(principal, hold)
    context = {"holds": page.object_list, "page": page, "query": urlencode({"status": status or "all"}),
               "status": status, "statuses": Hold.Status.choices,
               "release_form": f.ReleaseForm(), "enforce_form": f.EnforceForm()}  # fmt: skip
    return render(request, "registry/holds.html", context)


@login_required
@require_POST
def hold_action(request: HttpRequest, ref: str, action: str) -> HttpResponse:
    form = (f.ReleaseForm if action == "release" else f.EnforceForm)(request.POST)
    if action not in ("release", "enforce") or not form.is_valid():
        messages.error(request, _("Please correct the form."))
        return redirect("registry:holds")
    d = form.cleaned_data
    try:
        if action == "release":
            result = services.release_hold(request.user, ref, d["quantity"], d["reason"], key=d["idempotency_key"])
        else:
            result = services.enforce_hold(request.user, ref, d["quantity"], d["beneficiary_account"], d["reason"],
                                           d["legal_basis"], key=d["idempotency_key"])  # fmt: skip
        _done(request, result, _("Done."))
    except DomainError as exc:
        _refuse_outright(exc)
        messages.error(request, str(exc.message))
    return redirect("registry:holds")


@login_required
def reconciliation(request: HttpRequest) -> HttpResponse:
    bureau = _bureau(request)
    form = f.StatementForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            text = upload.read(settings.TANXIN_IMPORT_MAX_BYTES + 1).decode("utf-8-sig")
            case = services.import_statement(request.user, bureau.jurisdiction_id,
                                             form.cleaned_data["name"] or upload.name, text)  # fmt: skip
        except UnicodeDecodeError:
            form.add_error("file", _("The statement must be a UTF-8 CSV file."))
        except DomainError as exc:
            report = _row_report(exc)
            if not report:
                apply_domain_error(form, exc)
        else:
            if case is None:
                messages.success(request, _("The statement matches the ledger."))
                return redirect("registry:reconciliation")
            messages.warning(request, _("Differences found: case opened and accounts blocked."))
            return redirect("registry:case", case.pk)
    return render(request, "registry/reconciliation.html",
                  {"form": form, "cases": queries.cases(request.user), "report": report})  # fmt: skip


@login_required
def case(request: HttpRequest, case_id: int) -> HttpResponse:
    _staff(request)
    row = ReconciliationCase.objects.visible_to(request.user).filter(pk=case_id).first()
    if row is None:
        raise Http404
    form = f.ResolveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.resolve_case(request.user, row.pk, form.cleaned_data["resolution"])
        except DomainError as exc:
            apply_domain_error(form, exc)
        else:
            messages.success(request, _("Case resolved; accounts unblocked."))
            return redirect("registry:case", row.pk)
    items = row.discrepancies.select_related("account__owner")
    return render(request, "registry/case.html", {"case": row, "items": items, "form": form})


# ---------------------------------------------------------------- public explorer


def public(request: HttpRequest) -> HttpResponse:
    year = _year(request)
    context = {"year": year, "units": queries.public_units(year), "stats": queries.public_stats(),
               "form": f.CertificateCheckForm(), "years": range(timezone.localdate().year, 2020, -1)}  # fmt: skip
    return render(request, "registry/public.html", context)


def certificate(request: HttpRequest) -> HttpResponse:
    form = f.CertificateCheckForm(request.GET or None)
    cert = queries.certificate(form.data.get("code", "")) if form.is_bound and form.is_valid() else None
    status = 404 if form.is_bound and cert is None else 200
    return render(request, "registry/certificate.html", {"form": form, "cert": cert}, status=status)
