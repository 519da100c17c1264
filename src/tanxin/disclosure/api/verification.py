"""Verification: assigning a verifier, findings, the signed statement and the verification itself."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import File, Router, Status, UploadedFile

from tanxin.disclosure import services
from tanxin.disclosure.api.schemas import (
    FindingIn,
    VerificationIn,
    VerifierAssignIn,
    VersionDetail,
)
from tanxin.disclosure.api.shared import detail
from tanxin.disclosure.schemas import (
    FindingResolvedOut,
    StatementOut,
)
from tanxin.web.api_contract import Id

router = Router()


@router.post("/versions/{version_id}/assign", response=VersionDetail)
def assign(request: HttpRequest, version_id: Id, payload: VerifierAssignIn):
    services.assign_verifier(request.user, version_id, payload.verifier_id, payload.reason)
    return detail(request, version_id)


@router.post("/versions/{version_id}/findings", response={201: VersionDetail})
def add_finding(request: HttpRequest, version_id: Id, payload: FindingIn):
    services.add_finding(request.user, version_id, payload.severity, payload.body)
    return Status(201, detail(request, version_id))


@router.post("/findings/{finding_id}/resolve", response=FindingResolvedOut)
def resolve_finding(request: HttpRequest, finding_id: Id):
    finding = services.resolve_finding(request.user, finding_id)
    return {"id": finding.pk, "resolved": finding.resolved}


@router.post("/versions/{version_id}/statement", response={201: StatementOut})
def upload_statement(request: HttpRequest, version_id: Id, file: File[UploadedFile]):
    """The signed verification statement, a PDF (checked by its bytes) within the size limit."""
    services.check_statement_size(file.size or 0)  # before reading it into memory
    statement = services.upload_statement(request.user, version_id, file.name or "", file.read())
    return Status(201, {"id": statement.pk, "sha256": statement.sha256, "size": statement.size})


@router.post("/versions/{version_id}/verify", response=VersionDetail)
def verify(request: HttpRequest, version_id: Id, payload: VerificationIn):
    services.verify(request.user, version_id, payload.verified_kg, payload.opinion)
    return detail(request, version_id)
