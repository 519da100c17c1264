"""Reports and versions: list, create, read, history, edit, workflow actions, comments, restatement, files."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Query, Router, Status

from tanxin.common.errors import NotFound
from tanxin.disclosure import basis, content, documents, figure_bundle, queries, services
from tanxin.disclosure.api.schemas import (
    XLSX,
    ActionIn,
    CommentIn,
    ContentPatch,
    ListQuery,
    ReportIn,
    RestateIn,
    VersionDetail,
    VersionOut,
    VersionPage,
)
from tanxin.disclosure.api.shared import detail, jsonable, version_for, version_out
from tanxin.disclosure.schemas import (
    DiffOut,
)
from tanxin.web.api_contract import Id, PageQuery, changed_since, download, page_of, paginate
from tanxin.web.paging import NarrowRows

router = Router()


@router.get("/reports", response=VersionPage)
def list_reports(request: HttpRequest, params: Query[ListQuery]):
    """The newest version of each report you may see; ``updated_since`` keeps those changed since then."""
    qs = changed_since(queries.current_versions(request.user, queries.ReportFilter.from_params(params.dict())),
                       params, "updated_at")  # fmt: skip
    return paginate(NarrowRows(basis.with_previous(qs)), params, lambda v: version_out(request.user, v, actions=False))


@router.post("/reports", response={201: VersionDetail})
def create_report(request: HttpRequest, payload: ReportIn):
    data = payload.dict()
    version = services.create_report(request.user, data.pop("enterprise_id"), data.pop("year"), data.pop("kind"),
                                     **data)  # fmt: skip
    return Status(201, detail(request, version.pk))


@router.get("/versions/{version_id}", response=VersionDetail)
def get_version(request: HttpRequest, version_id: Id):
    return detail(request, version_id)


@router.get("/versions/{version_id}/history", response=page_of(VersionOut))
def version_history(request: HttpRequest, version_id: Id, params: Query[PageQuery]):
    """Every version of the same report you may see, newest first."""
    v = version_for(request, version_id)
    rows = queries.report_versions(request.user, v).order_by("-number", "-pk")
    return paginate(rows, params, lambda x: version_out(request.user, x, actions=False))


@router.patch("/versions/{version_id}", response=VersionDetail)
def update_version(request: HttpRequest, version_id: Id, payload: ContentPatch):
    services.update_content(request.user, version_id, payload.dict(exclude_unset=True))
    return detail(request, version_id)


@router.post("/versions/{version_id}/refresh", response=VersionDetail)
def refresh_version(request: HttpRequest, version_id: Id):
    """Re-read the figures from accounting (draft or returned only)."""
    services.refresh_inputs(request.user, version_id)
    return detail(request, version_id)


@router.post("/versions/{version_id}/actions/{action}", response=VersionDetail)
def act(request: HttpRequest, version_id: Id, action: str, payload: ActionIn):
    """submit, return (reason required), revise, accept, publish."""
    services.act(request.user, version_id, action, payload.reason)
    return detail(request, version_id)


@router.post("/versions/{version_id}/comments", response={201: VersionDetail})
def comment(request: HttpRequest, version_id: Id, payload: CommentIn):
    services.add_comment(request.user, version_id, payload.body, payload.section)
    return Status(201, detail(request, version_id))


@router.post("/versions/{version_id}/restate", response={201: VersionDetail})
def restate(request: HttpRequest, version_id: Id, payload: RestateIn):
    new = services.restate(request.user, version_id, payload.reason)
    return Status(201, detail(request, new.pk))


@router.get("/versions/{version_id}/diff", response=DiffOut)
def diff(request: HttpRequest, version_id: Id):
    """What changed against the version this one restates."""
    v = version_for(request, version_id)
    previous = queries.previous_of(request.user, v)
    if previous is None:
        raise NotFound(_("This version does not restate an earlier one."))
    return jsonable({"from": previous.pk, "to": v.pk, **content.diff_data(content.diff(previous, v))})


@router.get("/versions/{version_id}/report.pdf", response={200: None}, openapi_extra=download("application/pdf"))
def report_pdf(request: HttpRequest, version_id: Id):
    """The report as PDF (rendered outside any transaction)."""
    v = version_for(request, version_id)
    response = HttpResponse(documents.report_pdf(v), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{documents.filename(v, "pdf")}"'
    return response


@router.get("/versions/{version_id}/report.xlsx", response={200: None}, openapi_extra=download(XLSX))
def report_xlsx(request: HttpRequest, version_id: Id):
    v = version_for(request, version_id)
    response = HttpResponse(documents.report_xlsx(v), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{documents.filename(v, "xlsx")}"'
    return response


@router.get("/versions/{version_id}/bundle.json", response={200: None},
            openapi_extra=download("application/json"))  # fmt: skip
def figure_bundle_download(request: HttpRequest, version_id: Id):
    """A published figure's reproducible bundle: activity lines, the factor library with ids and sources, the
    rules, the expected totals and the digests. Recompute it with ``python -m tanxin.accounting.domain.bundle``.
    409 for a version that is not a published annual report."""
    v = version_for(request, version_id)
    response = HttpResponse(figure_bundle.as_json(figure_bundle.build(v)), content_type="application/json")
    response["Content-Disposition"] = f'attachment; filename="{figure_bundle.filename(v)}"'
    return response
