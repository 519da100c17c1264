"""Loan desk pages: the list, an application form, one loan with the steps its viewer may take, the coverage
chart, the portfolio with a price-shock slider and the public pledge notices."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any
from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from tanxin.common.errors import DomainError
from tanxin.common.money import yuan_to_fen
from tanxin.lending import queries
from tanxin.lending.domain.params import BAND_TERMS, DEFAULTS, PROFILES
from tanxin.lending.messages import MESSAGES
from tanxin.lending.models import Loan
from tanxin.lending.models.loans import STATE_LABELS
from tanxin.lending.services import desk, margin, recovery, servicing
from tanxin.lending.services.appraisal import appraise
from tanxin.orgs.domain.roles import OrgKind
from tanxin.orgs.gate import principal_for
from tanxin.orgs.models import Organisation
from tanxin.orgs.queries import name_or_code
from tanxin.web.forms import EnterpriseField, EnterpriseSearchInput, attempt, flash_action


class ApplicationForm(forms.Form):
    enterprise = EnterpriseField(label=gettext_lazy("Borrower"),
                                 help_text=gettext_lazy("Type a name or a credit code."),
                                 widget=EnterpriseSearchInput(reverse_lazy("lending:loan_enterprises")))
    bank = forms.ModelChoiceField(queryset=Organisation.objects.none(), label=gettext_lazy("Lending bank"))
    amount_yuan = forms.DecimalField(label=gettext_lazy("Amount (CNY)"), max_digits=15, decimal_places=2)
    term_months = forms.IntegerField(label=gettext_lazy("Term (months)"), min_value=1, max_value=120, initial=12)
    purpose = forms.CharField(label=gettext_lazy("Purpose"), max_length=300)
    instrument_code = forms.CharField(label=gettext_lazy("Allowances pledged (instrument)"), max_length=80,
                                      initial="SZA-2023")  # fmt: skip
    quantity_t = forms.IntegerField(label=gettext_lazy("Quantity pledged (t)"))
    guarantee_yuan = forms.DecimalField(label=gettext_lazy("Guarantee (CNY, optional)"), required=False,
                                        max_digits=15, decimal_places=2)  # fmt: skip
    profile = forms.ChoiceField(label=gettext_lazy("Margin profile"), initial="standard",
                                choices=[("standard", gettext_lazy("Standard (150 / 120 / 250 %)")),
                                         ("exchange", gettext_lazy("Exchange-like (130 / 110 / 150 %)"))])  # fmt: skip

    def __init__(self, user: Any, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        p = principal_for(user)
        own = Organisation.objects.filter(pk__in=p.org_ids)
        self.fields["enterprise"].queryset = borrowers(user)
        mine = list(Organisation.objects.filter(pk__in=p.org_ids_of_kind(OrgKind.ENTERPRISE))[:2])
        if len(mine) == 1:  # an enterprise applies for itself: its name is already there
            self.fields["enterprise"].initial = mine[0].uscc
        banks = Organisation.objects.filter(kind=OrgKind.BANK).exclude(status="closed")
        own_banks = list(own.filter(kind=OrgKind.BANK))
        self.fields["bank"].queryset = own.filter(kind=OrgKind.BANK) if own_banks else banks
        if len(own_banks) == 1:  # a bank's officer applies with the bank's own name already chosen
            self.fields["bank"].initial = own_banks[0].pk


def borrowers(user: Any) -> QuerySet[Organisation]:
    """Who may borrow in an application this user makes: its own enterprises, or those that consented to its bank."""
    return Organisation.objects.visible_to(user).filter(kind=OrgKind.ENTERPRISE).order_by("name_zh", "pk")


SUGGESTIONS = 20
LIST_PAGE = 50  # rows a page of the loans list


@login_required
def loan_enterprises(request: HttpRequest) -> HttpResponse:
    """Search-as-you-type for the application form's borrower: at most SUGGESTIONS options."""
    if not principal_for(request.user).org_ids_of_kind(OrgKind.ENTERPRISE, OrgKind.BANK):
        raise PermissionDenied
    q = (request.GET.get("enterprise") or request.GET.get("q") or "").strip()[:100]
    rows = borrowers(request.user).filter(name_or_code(q))[:SUGGESTIONS] if q else []
    return render(request, "web/_enterprise_options.html", {"rows": rows})


@login_required
def loan_list(request: HttpRequest) -> HttpResponse:
    state = request.GET.get("state", "")
    state = state if state in {s.value for s in STATE_LABELS} else ""
    page = Paginator(queries.loans(request.user, state=state), LIST_PAGE).get_page(request.GET.get("page"))
    p = principal_for(request.user)
    may_apply = bool(p.org_ids_of_kind(OrgKind.ENTERPRISE, OrgKind.BANK))
    context = {"loans": page.object_list, "page": page, "query": urlencode({"state": state}), "state": state,
               "states": STATE_LABELS.items(), "may_apply": may_apply}  # fmt: skip
    return render(request, "lending/loans/list.html", context)


@login_required
def loan_new(request: HttpRequest) -> HttpResponse:
    if not principal_for(request.user).org_ids_of_kind(OrgKind.ENTERPRISE, OrgKind.BANK):
        raise PermissionDenied
    form = ApplicationForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        guarantee = d.get("guarantee_yuan")
        loan = attempt(form, lambda: desk.apply(
            request.user, enterprise_id=d["enterprise"].pk, bank_id=d["bank"].pk,
            amount_fen=yuan_to_fen(d["amount_yuan"]), term_months=d["term_months"], purpose=d["purpose"],
            instrument_code=d["instrument_code"], quantity_t=d["quantity_t"], profile=d["profile"],
            collateral=[{"kind": "guarantee", "face_fen": yuan_to_fen(guarantee)}] if guarantee else []))  # fmt: skip
        if loan is not None:
            messages.success(request, _("Application %(ref)s submitted.") % {"ref": loan.ref})
            return redirect("lending:loan", loan.pk)
    return render(request, "lending/loans/new.html", {"form": form})


def _loan(request: HttpRequest, loan_id: int) -> Loan:
    loan = queries.loan(request.user, loan_id)
    if loan is None:
        raise Http404
    return loan


def _chart(loan: Loan) -> dict[str, Any]:
    marks = list(loan.marks.order_by("on")[:750])
    return {"days": [m.on.isoformat() for m in marks], "coverage": [m.coverage_bp / 100 for m in marks],
            "warning": loan.warning_bp / 100, "liquidation": loan.liquidation_bp / 100,
            "release": loan.release_bp / 100,
            "labels": {"coverage": str(_("Coverage (%)")), "warning": str(_("Warning line")),
                       "liquidation": str(_("Liquidation line")), "release": str(_("Release line"))}}  # fmt: skip


@login_required
def loan_detail(request: HttpRequest, loan_id: int) -> HttpResponse:
    loan = _loan(request, loan_id)
    actions = queries.actions(request.user, loan)
    appraisal = simulation = None
    error = ""
    if "value" in actions or request.GET.get("preview") == "1":
        try:
            appraisal = appraise(loan, timezone.localdate(), mc_paths=5000)
        except DomainError as exc:
            error = str(exc.message)
    if loan.state in ("live", "defaulted"):
        try:
            simulation = recovery.simulate(loan)
        except DomainError as exc:
            error = error or str(exc.message)
    price_age = None
    if appraisal is not None:  # how old the price behind P_val is, and why it is stale if it is
        v = appraisal.valuation
        price_age = {"close_day": v.close_day, "days": (v.on - v.close_day).days, "traded_days": v.traded_days,
                     "stale": MESSAGES.get(f"stale_{v.stale_reason}", "") if v.stale else ""}  # fmt: skip
    context = {"loan": loan, "actions": actions, "appraisal": appraisal, "simulation": simulation, "error": error,
               "price_age": price_age,
               "valuation": loan.valuations.first(), "calls": loan.margin_calls.all(), "chart": _chart(loan),
               "events": loan.events.select_related("actor"), "documents": loan.documents.all(),
               "pledges": loan.pledges.all(), "collateral": loan.collateral.all(), "bands": list(BAND_TERMS),
               "buffer_days": DEFAULTS.disposal_buffer_trading_days, "profile": PROFILES.get(loan.profile),
               "today": timezone.localdate(), "key": secrets.token_hex(8)}  # fmt: skip
    return render(request, "lending/loans/detail.html", context)


def _fen(request: HttpRequest, name: str) -> int:
    try:
        return yuan_to_fen(Decimal((request.POST.get(name) or "").replace(",", "").strip()))
    except (InvalidOperation, ValueError):
        raise DomainError(_("Enter an amount in yuan."), code="validation_error") from None


def _int(request: HttpRequest, name: str) -> int:
    try:
        return int((request.POST.get(name) or "").replace(",", "").strip())
    except ValueError:
        raise DomainError(_("Enter a whole number."), code="validation_error") from None


def _date(request: HttpRequest, name: str) -> date | None:
    raw = (request.POST.get(name) or "").strip()
    try:
        return date.fromisoformat(raw) if raw else None
    except ValueError:
        raise DomainError(_("Enter a valid date."), code="validation_error") from None


def _upload(request: HttpRequest, name: str) -> tuple[str, bytes] | None:
    f = request.FILES.get(name)
    return (f.name, f.read()) if f else None


def _key(request: HttpRequest) -> str:
    """The form's one-time key: a double-submitted form replays instead of acting twice."""
    return (request.POST.get("key") or secrets.token_hex(8))[:100]


STEPS: dict[str, tuple[Callable[[HttpRequest, int], Any], Any]] = {
    "screen": (lambda r, i: desk.screen(r.user, i, r.POST.get("band", "")), gettext_lazy("Screening recorded.")),
    "value": (lambda r, i: desk.value(r.user, i), gettext_lazy("Valuation recorded.")),
    "approve": (lambda r, i: desk.approve(r.user, i, r.POST.get("acknowledge_conflict") == "on",
                                          r.POST.get("reason", "")), gettext_lazy("Loan approved.")),
    "contract": (lambda r, i: desk.contract(r.user, i, _upload(r, "document")), gettext_lazy("Contract stored.")),
    "register_pledge": (lambda r, i: desk.register_pledge(
        r.user, i, registration_no=r.POST.get("registration_no", ""), notice_no=r.POST.get("notice_no", ""),
        notice_date=_date(r, "notice_date"), certificate=_upload(r, "certificate"), notice=_upload(r, "notice"),
        key=_key(r)), gettext_lazy("Pledge registered and notice published.")),
    "disburse": (lambda r, i: desk.disburse(r.user, i, key=_key(r)), gettext_lazy("Disbursement recorded.")),
    "repay": (lambda r, i: servicing.repay(r.user, i, _fen(r, "amount"), _date(r, "on"), _upload(r, "voucher"),
                                           key=_key(r)), gettext_lazy("Repayment recorded.")),
    "release": (lambda r, i: servicing.release(r.user, i, key=_key(r)), gettext_lazy("Pledge released.")),
    "partial_release": (lambda r, i: servicing.partial_release(
        r.user, i, _int(r, "quantity"), r.POST.get("substitute_kind", ""), _fen(r, "substitute"),
        r.POST.get("reason", ""), key=_key(r)), gettext_lazy("Part of the pledge released.")),
    "cure_cash": (lambda r, i: margin.cure_cash(r.user, i, _fen(r, "amount"), key=_key(r)),
                  gettext_lazy("Cash top-up recorded.")),
    "cure_allowances": (lambda r, i: margin.cure_allowances(r.user, i, _int(r, "quantity"), key=_key(r)),
                        gettext_lazy("Extra allowances pledged.")),
    "default": (lambda r, i: recovery.declare_default(r.user, i, r.POST.get("reason", "")),
                gettext_lazy("Default recorded.")),
    "dispose": (lambda r, i: recovery.dispose(r.user, i, _upload(r, "record"), key=_key(r)),
                gettext_lazy("Pledge enforced: the allowances moved to the bank.")),
    "recover": (lambda r, i: recovery.recover(r.user, i, _fen(r, "amount"), key=_key(r)),
                gettext_lazy("Recovery recorded.")),
    "close": (lambda r, i: servicing.close(r.user, i, r.POST.get("reason", "")), gettext_lazy("Loan closed.")),
    "decline": (lambda r, i: desk.decline(r.user, i, r.POST.get("reason", "")), gettext_lazy("Application declined.")),
    "withdraw": (lambda r, i: desk.withdraw(r.user, i, r.POST.get("reason", "")),
                 gettext_lazy("Application withdrawn.")),
}


@login_required
@require_POST
def loan_step(request: HttpRequest, loan_id: int, action: str) -> HttpResponse:
    _loan(request, loan_id)  # 404 for anyone who may not see the loan
    entry = STEPS.get(action)
    if entry is None:
        raise Http404
    call, done = entry
    # a step this user does not own is a 403 page, not a message beside the loan
    flash_action(request, lambda: call(request, loan_id), str(done))
    return redirect("lending:loan", loan_id)


@login_required
def document(request: HttpRequest, loan_id: int, document_id: int) -> HttpResponse:
    """A step's evidence, for the loan's parties and the bureau (the gate decides, as for the loan)."""
    from django.http import FileResponse

    from tanxin.lending.models import Document
    from tanxin.web.storage import open_stored

    row = Document.objects.visible_to(request.user).filter(pk=document_id, loan_id=loan_id).first()
    if row is None:
        raise Http404
    return FileResponse(open_stored(row.blob), as_attachment=True, filename=row.name)


@login_required
def portfolio(request: HttpRequest) -> HttpResponse:
    if not queries.can_see_portfolio(request.user):
        raise PermissionDenied
    try:
        shock = max(-90, min(90, int(request.GET.get("shock", "0"))))
    except ValueError:
        shock = 0
    data = queries.portfolio(request.user, shock, timezone.localdate())
    return render(request, "lending/loans/portfolio.html", {"p": data, "shock": shock})


def notices(request: HttpRequest) -> HttpResponse:
    """The bureau's pledge notices, newest first, a page at a time (published data, no sign-in)."""
    page = Paginator(queries.public_notice_rows(), LIST_PAGE).get_page(request.GET.get("page"))
    rows = [queries.notice_out(x) for x in page.object_list]
    return render(request, "lending/loans/notices.html", {"notices": rows, "page": page, "query": ""})
