"""Securitisation API at /api/v1/securitisation/: deals, pool, structure, runs, reports, export and import.

Editors (the arranger and the guarantor) write; readers (bureau staff of the jurisdiction, banks with a loan
in the pool) read everything; a borrower reads the deal and its own pool line only.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query, Router, Status

from tanxin.common.errors import NotFound, PermissionDenied
from tanxin.securitisation import facts, queries, reports, services
from tanxin.securitisation.gate import Access
from tanxin.securitisation.messages import REASONS
from tanxin.securitisation.models import Deal, Run
from tanxin.securitisation.schemas import (
    AbsAssumptionsIn,
    AbsDistributionOut,
    AbsPoolIn,
    AbsPoolOut,
    AbsRunDetailOut,
    AbsRunOut,
    AbsServicerOut,
    AbsStressIn,
    AbsStructureIn,
    AbsSubsidyOut,
    DealDetailOut,
    DealExportOut,
    DealImportIn,
    DealIn,
    DealOut,
    DealPatchIn,
)
from tanxin.securitisation.services import deals as deal_services
from tanxin.web.api_contract import Id, PageQuery, SyncQuery, changed_since, download, page_of, paginate

router = Router(tags=["securitisation"])


def deal_out(deal: Deal, access: Access) -> dict[str, Any]:
    return {
        "id": deal.pk, "name_zh": deal.name_zh, "name_en": deal.name_en, "status": deal.status,
        "status_label": str(Deal.Status(deal.status).label), "cut_off": deal.cut_off,
        "first_payment": deal.first_payment, "arranger_id": deal.arranger_id, "guarantor_id": deal.guarantor_id,
        "jurisdiction_id": deal.jurisdiction_id, "version": deal.version, "access": str(access),
    }  # fmt: skip


def detail_out(deal: Deal, access: Access) -> dict[str, Any]:
    full = access != Access.LINE
    return {
        **deal_out(deal, access), **{k: getattr(deal, k) for k in deal_services.PARTIES},
        "rules": deal.rules if full else {}, "structure": deal.structure if full else {},
        "tranches": list(deal.tranches.values("name", "rank", "balance_fen", "coupon_bp", "rate_type",
                                              "subordinated", "expected_maturity")) if full else [],
    }  # fmt: skip


def _deal(request: HttpRequest, deal_id: int, *, full: bool = False) -> tuple[Deal, Access]:
    deal, access = queries.deal(request.user, deal_id)
    if full and access == Access.LINE:
        raise PermissionDenied(_("A borrower sees its own pool line only."))
    return deal, access


@router.get("/deals", response=page_of(DealOut), operation_id="securitisation_deals")
def list_deals(request: HttpRequest, params: Query[PageQuery]):
    from tanxin.securitisation.gate import access_for

    return paginate(queries.deals(request.user), params, lambda d: deal_out(d, access_for(request.user, d)))


@router.post("/deals", response={201: DealDetailOut}, operation_id="securitisation_create_deal")
def create_deal(request: HttpRequest, payload: DealIn):
    deal = services.create_deal(request.user, payload.dict())
    return Status(201, detail_out(deal, Access.EDIT))


@router.post("/deals/import", response={201: DealDetailOut}, operation_id="securitisation_import_deal")
def import_deal(request: HttpRequest, payload: DealImportIn):
    deal = services.import_deal(request.user, payload.dict() | {"cut_off": payload.cut_off.isoformat(),
                                                                 "first_payment": payload.first_payment.isoformat()})
    return Status(201, detail_out(deal, Access.EDIT))


@router.get("/deals/{deal_id}", response=DealDetailOut, operation_id="securitisation_deal")
def get_deal(request: HttpRequest, deal_id: Id):
    return detail_out(*_deal(request, deal_id))


@router.patch("/deals/{deal_id}", response=DealDetailOut, operation_id="securitisation_update_deal")
def update_deal(request: HttpRequest, deal_id: Id, payload: DealPatchIn):
    data = {k: v for k, v in payload.dict().items() if v is not None}
    if "rules" in data:
        data["rules"] = {k: v for k, v in data["rules"].items() if v is not None}
    deal = services.update_deal(request.user, deal_id, data)
    return detail_out(deal, Access.EDIT)


def pool_out(request: HttpRequest, deal: Deal, access: Access) -> dict[str, Any]:
    lines = list(queries.pool(request.user, deal, access))
    candidates = []
    if access != Access.LINE:
        for c in deal_services.candidates(deal):
            candidates.append({"loan_id": c.fact.id, "ref": c.fact.ref, "enterprise": c.fact.enterprise_name,
                               "state": c.fact.state_label, "balance_fen": c.fact.principal_fen,
                               "eligible": c.verdict.eligible, "in_pool": c.in_pool, "reasons": list(c.verdict.reasons),
                               "reason_labels": [str(REASONS.get(r, r)) for r in c.verdict.reasons]})  # fmt: skip
    return {"balance_fen": sum(x.balance_fen for x in lines), "candidates": candidates,
            "lines": [{"loan_id": x.loan_id, "ref": x.ref, "enterprise_id": x.enterprise_id,
                       "enterprise": x.enterprise_name, "bank_id": x.bank_id, "bank": x.bank_name,
                       "industry_code": x.industry_code, "instrument_code": x.instrument_code,
                       "balance_fen": x.balance_fen, "rate_ppm": x.rate_ppm, "months": x.months,
                       "pledged_t": x.pledged_t, "band": x.band, "maturity_on": x.maturity_on}
                      for x in lines]}  # fmt: skip


@router.get("/deals/{deal_id}/pool", response=AbsPoolOut, operation_id="securitisation_pool")
def get_pool(request: HttpRequest, deal_id: Id):
    deal, access = _deal(request, deal_id)
    return pool_out(request, deal, access)


@router.put("/deals/{deal_id}/pool", response=AbsPoolOut, operation_id="securitisation_set_pool")
def set_pool(request: HttpRequest, deal_id: Id, payload: AbsPoolIn):
    deal = services.set_pool(request.user, deal_id, payload.loan_ids)
    return pool_out(request, deal, Access.EDIT)


@router.put("/deals/{deal_id}/structure", response=DealDetailOut, operation_id="securitisation_set_structure")
def set_structure(request: HttpRequest, deal_id: Id, payload: AbsStructureIn):
    deal = services.set_structure(request.user, deal_id, payload.structure)
    return detail_out(deal, Access.EDIT)


@router.get("/deals/{deal_id}/export", response=DealExportOut, operation_id="securitisation_export_deal")
def export_deal(request: HttpRequest, deal_id: Id):
    deal, _access = _deal(request, deal_id, full=True)
    return services.export_deal(deal)


def run_out(run: Run) -> dict[str, Any]:
    r = run.results or {}
    return {
        "id": run.pk, "kind": run.kind, "ok": run.ok, "deal_version": run.deal_version, "seed": run.seed,
        "paths": run.paths, "price_digest": run.price_digest, "assumptions": run.assumptions,
        "error_code": run.error_code, "error": run.error, "created_at": run.created_at,
        **{k: r.get(k) for k in ("guarantor_paid_fen", "p_senior_loss", "break_even_cdr", "break_even_price_fen",
                                 "grid", "calibration")},
        "measures": r.get("measures", []), "periods": r.get("periods", []), "tranches": r.get("tranches", []),
    }  # fmt: skip


@router.get("/deals/{deal_id}/runs", response=page_of(AbsRunOut), operation_id="securitisation_runs")
def list_runs(request: HttpRequest, deal_id: Id, params: Query[SyncQuery]):
    """The deal's runs, newest first; a run never changes once made, so ``updated_since`` reads its creation."""
    deal, _access = _deal(request, deal_id, full=True)
    return paginate(changed_since(queries.runs(request.user, deal), params, "created_at"), params, run_out)


@router.post("/deals/{deal_id}/runs/base", response={201: AbsRunDetailOut}, operation_id="securitisation_run_base")
def run_base(request: HttpRequest, deal_id: Id, payload: AbsAssumptionsIn):
    return Status(201, run_out(services.run_base(request.user, deal_id, _assumptions(payload))))


@router.post("/deals/{deal_id}/runs/stress", response={201: AbsRunDetailOut}, operation_id="securitisation_run_stress")
def run_stress(request: HttpRequest, deal_id: Id, payload: AbsStressIn):
    return Status(201, run_out(services.run_stress(request.user, deal_id, _assumptions(payload))))


def _assumptions(payload: Any) -> dict[str, Any]:
    data = payload.dict()
    data["defaults"] = [list(d) for d in data.get("defaults") or []]
    return data


@router.get("/deals/{deal_id}/runs/{run_id}", response=AbsRunDetailOut, operation_id="securitisation_run")
def get_run(request: HttpRequest, deal_id: Id, run_id: Id):
    deal, _access = _deal(request, deal_id, full=True)
    return run_out(queries.run(request.user, deal, run_id))


def _report(request: HttpRequest, deal_id: int, period: int | None, kind: str) -> dict[str, Any]:
    deal, _access = _deal(request, deal_id, full=True)
    run = queries.latest(request.user, deal, Run.Kind.BASE)
    if run is None:
        raise NotFound(_("No base case has been run for this deal yet."))
    period = period or reports.current_period(run, timezone.localdate())
    return (reports.servicer if kind == "servicer" else reports.distribution)(deal, run, period)


@router.get("/deals/{deal_id}/reports/distribution", response=AbsDistributionOut,
            operation_id="securitisation_distribution_report")  # fmt: skip
def distribution(request: HttpRequest, deal_id: Id, period: int | None = None):
    return _report(request, deal_id, period, "distribution")


@router.get("/deals/{deal_id}/reports/servicer", response=AbsServicerOut, operation_id="securitisation_servicer_report")
def servicer(request: HttpRequest, deal_id: Id, period: int | None = None):
    return _report(request, deal_id, period, "servicer")


def _file(content: bytes, media: str, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=media)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@router.get("/deals/{deal_id}/reports/{kind}.pdf", response={200: None}, openapi_extra=download("application/pdf"),
            operation_id="securitisation_report_pdf")  # fmt: skip
def report_pdf(request: HttpRequest, deal_id: Id, kind: str, period: int | None = None):
    if kind not in ("distribution", "servicer"):
        raise NotFound(_("No such report."))
    data = _report(request, deal_id, period, kind)
    return _file(reports.pdf("securitisation/report_pdf.html", data | {"kind": kind}), "application/pdf",
                 f"abs-{deal_id}-{kind}-{data['period']}.pdf")  # fmt: skip


@router.get("/deals/{deal_id}/reports/{kind}.xlsx", response={200: None}, openapi_extra=download(reports.XLSX),
            operation_id="securitisation_report_xlsx")  # fmt: skip
def report_xlsx(request: HttpRequest, deal_id: Id, kind: str, period: int | None = None):
    if kind not in ("distribution", "servicer"):
        raise NotFound(_("No such report."))
    data = _report(request, deal_id, period, kind)
    title = _("Servicer report") if kind == "servicer" else _("Distribution report")
    return _file(reports.distribution_xlsx(data, title), reports.XLSX, f"abs-{deal_id}-{kind}-{data['period']}.xlsx")


@router.get("/deals/{deal_id}/tape.xlsx", response={200: None}, openapi_extra=download(reports.XLSX),
            operation_id="securitisation_tape")  # fmt: skip
def tape(request: HttpRequest, deal_id: Id):
    deal, _access = _deal(request, deal_id, full=True)
    return _file(reports.tape_xlsx(deal, tape_lines(deal)), reports.XLSX, f"abs-{deal_id}-tape.xlsx")


def tape_lines(deal: Deal) -> list[dict[str, Any]]:
    out = []
    for c in deal_services.candidates(deal):
        f, v = c.fact, c.verdict
        out.append({"ref": f.ref, "enterprise": f.enterprise_name, "bank": f.bank_name, "industry": f.industry_code,
                    "instrument": f.instrument_code, "balance_fen": f.principal_fen,
                    "rate": None if f.rate_ppm is None else f.rate_ppm / 10_000, "months": v.remaining_months,
                    "maturity": f.maturity_on.isoformat() if f.maturity_on else "", "pledged_t": f.pledged_t,
                    "band": f.band, "eligible": _("Yes") if v.eligible else _("No"),
                    "reasons": "; ".join(str(REASONS.get(r, r)) for r in v.reasons)})  # fmt: skip
    return out


@router.get("/deals/{deal_id}/subsidy", response=page_of(AbsSubsidyOut), operation_id="securitisation_subsidy")
def subsidy(request: HttpRequest, deal_id: Id, params: Query[PageQuery]):
    deal, access = _deal(request, deal_id)
    visible = {x.enterprise_id: x.enterprise_name for x in queries.pool(request.user, deal, access)}
    lines = [{"enterprise": visible[x.enterprise_id], **x.__dict__} for x in facts.subsidy_lines(deal.pk)
             if x.enterprise_id in visible]  # fmt: skip
    return paginate(lines, params)
