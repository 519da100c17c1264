"""Public registry reads (no sign-in): certificate check and statistics."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router

from tanxin.common.errors import NotFound
from tanxin.registry import queries
from tanxin.registry.api.schemas import (
    CertificateOut,
    RegistryStatisticsOut,
)

router = Router()


@router.get("/public/certificates/{code}", response=CertificateOut, auth=None)
def check_certificate(request: HttpRequest, code: str):
    cert = queries.certificate(code)
    if cert is None:
        raise NotFound(_("No certificate with this code."))
    return {**{f: getattr(cert, f) for f in ("code", "holder_name", "beneficiary", "purpose", "instrument_code",
                                             "quantity", "issued_at")}, "tx_id": cert.tx.tx_id}  # fmt: skip


@router.get("/public/statistics", response=RegistryStatisticsOut, auth=None)
def statistics(request: HttpRequest):
    return queries.public_stats()
