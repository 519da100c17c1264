"""Accounting API (/api/v1/accounting/): factor library, sources, activity lines, evidence, statistics,
inventories and the "explain this number" trace. Every read goes through the gate."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from ninja import Field, File, Form, Query, Router, Schema, Status
from ninja.files import UploadedFile

from tanxin.accounting import evidence, library, queries, services
from tanxin.accounting.models import EvidenceFile
from tanxin.accounting.schemas import ExplainOut, GwpRowOut, InventoryOut, TrendOut
from tanxin.web.api_contract import Id, Limit, PageQuery, SyncQuery, Year, changed_since, page_of, paginate

router = Router(tags=["accounting"])


class FactorOut(Schema):
    id: int
    factor_id: str
    family: str
    subject: str
    name_zh: str
    name_en: str
    year: int | None
    value: str
    unit: str
    method_document: str
    publisher: str
    source_ref: str
    confidence: str
    to_be_confirmed: bool
    notes: str
    superseded_by: str | None = None
    superseded_at: datetime | None
    supersede_reason: str

    @staticmethod
    def resolve_superseded_by(obj) -> str | None:
        return obj.superseded_by.factor_id if obj.superseded_by_id else None


class FactorQuery(PageQuery):
    limit: Limit = 200
    q: str = ""
    family: str = ""
    include_superseded: bool = False


class LineQuery(SyncQuery):
    year: Year | None = None
    source_id: Id | None = None
    updated_since: datetime | None = Field(
        None, description="only lines entered or changed at or after this instant (ISO 8601), for incremental sync")


class FactorIn(Schema):
    factor_id: str = Field(..., max_length=100)
    family: str = Field(..., max_length=40)
    subject: str = Field(..., max_length=40)
    name_zh: str = Field("", max_length=200)
    name_en: str = Field("", max_length=200)
    year: Year | None = None
    value: Decimal
    unit: str = Field(..., max_length=40)
    method_document: str = Field("", max_length=300)
    publisher: str = Field(..., max_length=200)
    source_ref: str = Field(..., max_length=300)
    confidence: str = Field(..., max_length=5)
    notes: str = Field("", max_length=2000)


class SupersedeIn(Schema):
    factor_id: str = Field(..., max_length=100)
    value: Decimal
    reason: str = Field(..., min_length=1, max_length=300)
    publisher: str | None = Field(None, max_length=200)
    source_ref: str | None = Field(None, max_length=300)
    method_document: str | None = Field(None, max_length=300)
    confidence: str | None = Field(None, max_length=5)
    notes: str | None = Field(None, max_length=2000)


class SourceOut(Schema):
    id: int
    enterprise_id: int
    name: str
    source_type: str
    category: str
    subject: str
    facility: str
    active: bool


class SourceIn(Schema):
    name: str = Field(..., min_length=1, max_length=200)
    source_type: str
    category: str = "other"
    subject: str = Field("", max_length=40)
    facility: str = Field("", max_length=200)
    active: bool = True


class SourcePatch(Schema):
    name: str | None = Field(None, min_length=1, max_length=200)
    category: str | None = None
    subject: str | None = Field(None, max_length=40)
    facility: str | None = Field(None, max_length=200)
    active: bool | None = None


class LineIn(Schema):
    """One month (``month`` 1–12, or ``period`` "2024-03") or a whole year (no month). Numbers are decimals;
    send them as strings to keep every digit."""

    kind: str | None = None
    unit: str = Field(..., max_length=40)
    year: Year
    month: int | None = None  # 1–12; the service answers invalid_period on its field
    period: str | None = Field(None, max_length=7)
    notes: str = Field("", max_length=500)
    lab_report_id: Id | None = None
    quantity: Decimal | None = None
    density_kg_per_l: Decimal | None = None
    measured_ncv: Decimal | None = None
    measured_cc: Decimal | None = None
    measured_oxidation: Decimal | None = None
    direction: str | None = None
    green_quantity: Decimal | None = None
    enthalpy_kj_per_kg: Decimal | None = None
    pressure_mpa: Decimal | None = None
    pressure_is_gauge: bool | None = None
    temperature_c: Decimal | None = None
    charge: Decimal | None = None
    leak_rate: Decimal | None = None
    stock_start: Decimal | None = None
    stock_end: Decimal | None = None
    purchased: Decimal | None = None
    recovered: Decimal | None = None
    new_equipment_charge: Decimal | None = None
    retired_equipment_charge: Decimal | None = None
    purity: Decimal | None = None


class LineOut(Schema):
    id: int
    enterprise_id: int
    source_id: int
    year: int
    month: int
    kind: str
    unit: str
    data: dict[str, Any]
    notes: str
    lab_report_id: int | None
    evidence_ids: list[int] = []

    @staticmethod
    def resolve_evidence_ids(obj) -> list[int]:
        return [e.pk for e in obj.evidence.all()]


class EvidenceOut(Schema):
    id: int
    enterprise_id: int
    line_id: int | None
    sha256: str
    file_type: str
    size: int
    original_name: str
    purpose: str
    uploaded_at: datetime


class StatisticsIn(Schema):
    revenue_wan: Decimal | None = None
    value_added_wan: Decimal | None = None
    output: Decimal | None = None
    output_unit: str = Field("", max_length=40)
    floor_area_m2: Decimal | None = None
    employees: int | None = Field(None, ge=0, le=10**8)


class StatisticsOut(Schema):
    enterprise_id: int
    year: int
    revenue_wan: str
    value_added_wan: str
    output: str
    output_unit: str
    floor_area_m2: str
    employees: int | None


def _payload(schema: Schema) -> dict[str, Any]:
    return {k: (str(v) if isinstance(v, Decimal) else v) for k, v in schema.model_dump().items() if v is not None}


# --- factor library -------------------------------------------------------------------------------


@router.get("/factors", response=page_of(FactorOut))
def list_factors(request: HttpRequest, params: Query[FactorQuery]):
    qs = library.search(request.user, params.q, params.family, params.include_superseded)
    return paginate(qs.order_by("family", "subject", "year", "factor_id", "pk"), params)


@router.get("/gwp", response=page_of(GwpRowOut))
def gwp(request: HttpRequest, params: Query[PageQuery]):
    return paginate(library.gwp_table(request.user), params,
                    lambda row: {k: ("" if v is None else str(v)) for k, v in row.items()})  # fmt: skip


@router.post("/factors", response={201: FactorOut})
def add_factor(request: HttpRequest, payload: FactorIn):
    return Status(201, library.add_factor(request.user, _payload(payload)))


@router.post("/factors/{factor_pk}/supersede", response={201: FactorOut})
def supersede_factor(request: HttpRequest, factor_pk: Id, payload: SupersedeIn):
    data = _payload(payload)
    reason = data.pop("reason")
    return Status(201, library.supersede(request.user, factor_pk, data, reason))


# --- sources and lines ----------------------------------------------------------------------------


@router.get("/enterprises/{enterprise_id}/sources", response=page_of(SourceOut))
def list_sources(request: HttpRequest, enterprise_id: Id, params: Query[PageQuery]):
    services.require_view(request.user, enterprise_id)
    return paginate(queries.sources(request.user, enterprise_id).order_by("source_type", "name", "pk"), params)


@router.post("/enterprises/{enterprise_id}/sources", response={201: SourceOut})
def create_source(request: HttpRequest, enterprise_id: Id, payload: SourceIn):
    return Status(201, services.create_source(request.user, enterprise_id, payload.model_dump()))


@router.patch("/sources/{source_id}", response=SourceOut)
def update_source(request: HttpRequest, source_id: Id, payload: SourcePatch):
    return services.update_source(request.user, source_id, payload.model_dump(exclude_none=True))


@router.get("/enterprises/{enterprise_id}/lines", response=page_of(LineOut))
def list_lines(request: HttpRequest, enterprise_id: Id, params: Query[LineQuery]):
    """Activity lines by source, year and month; ``updated_since`` keeps those entered or changed since then."""
    services.require_view(request.user, enterprise_id)
    rows = queries.lines(request.user, enterprise_id, params.year, params.source_id)
    rows = changed_since(rows, params, "updated_at").order_by("source__name", "year", "month", "pk")
    return paginate(rows.prefetch_related("evidence"), params)


@router.post("/sources/{source_id}/lines", response={201: LineOut})
def create_line(request: HttpRequest, source_id: Id, payload: LineIn):
    return Status(201, services.save_line(request.user, source_id, _payload(payload)))


@router.put("/lines/{line_id}", response=LineOut)
def replace_line(request: HttpRequest, line_id: Id, payload: LineIn):
    line = queries.get_line(request.user, line_id, "change")
    return services.save_line(request.user, line.source_id, _payload(payload), line_id=line_id)


@router.delete("/lines/{line_id}", response={204: None})
def delete_line(request: HttpRequest, line_id: Id):
    services.delete_line(request.user, line_id)
    return Status(204, None)


@router.get("/lines/{line_id}/explain", response=ExplainOut)
def explain_line(request: HttpRequest, line_id: Id):
    return queries.explain(request.user, line_id)


@router.post("/lines/{line_id}/evidence", response={201: EvidenceOut})
def upload_evidence(request: HttpRequest, line_id: Id, file: File[UploadedFile], description: Form[str] = ""):
    line = queries.get_line(request.user, line_id, "change")
    data = file.read(evidence.MAX_BYTES + 1)
    return Status(201, evidence.attach(request.user, line.enterprise_id, file.name or "", data, line_id=line.pk,
                                       description=description))  # fmt: skip


@router.post("/enterprises/{enterprise_id}/lab-reports", response={201: EvidenceOut})
def upload_lab_report(request: HttpRequest, enterprise_id: Id, file: File[UploadedFile]):
    data = file.read(evidence.MAX_BYTES + 1)
    return Status(201, evidence.attach(request.user, enterprise_id, file.name or "", data,
                                       purpose=EvidenceFile.Purpose.LAB_REPORT))  # fmt: skip


@router.get("/enterprises/{enterprise_id}/evidence", response=page_of(EvidenceOut))
def list_evidence(request: HttpRequest, enterprise_id: Id, params: Query[PageQuery]):
    services.require_view(request.user, enterprise_id)
    rows = EvidenceFile.objects.visible_to(request.user, "view").filter(enterprise_id=enterprise_id)
    return paginate(rows.order_by("-uploaded_at", "-pk"), params)


# --- statistics and inventory --------------------------------------------------------------------


@router.put("/enterprises/{enterprise_id}/statistics/{year}", response=StatisticsOut)
def put_statistics(request: HttpRequest, enterprise_id: Id, year: Year, payload: StatisticsIn):
    data = {k: ("" if v is None else str(v) if isinstance(v, Decimal) else v) for k, v in payload.model_dump().items()}
    return services.set_statistics(request.user, enterprise_id, year, data)


@router.get("/enterprises/{enterprise_id}/inventory/{year}", response=InventoryOut)
def get_inventory(request: HttpRequest, enterprise_id: Id, year: Year):
    services.require_view(request.user, enterprise_id)
    return services.report_inputs(enterprise_id, year)


@router.get("/enterprises/{enterprise_id}/trend", response=TrendOut)
def get_trend(request: HttpRequest, enterprise_id: Id, start: Year = 2020, end: Year = 2030):
    services.require_view(request.user, enterprise_id)
    if end - start > 30:
        start = end - 30
    trend = services.emission_trend(enterprise_id, list(range(start, end + 1)))
    return {"enterprise_id": enterprise_id, "points": [{"year": y, "total_kg": kg} for y, kg in sorted(trend.items())]}
