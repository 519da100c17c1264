"""The rows the station counts for a set of jurisdictions and a period (private to matchmaking)."""

from __future__ import annotations

from datetime import date

from django.db.models import QuerySet

from tanxin.matchmaking.models import Disbursement, FinancingRequest


def posted_in(jurisdiction_ids: set[int] | None, start: date | None, end: date | None) -> QuerySet:
    qs = FinancingRequest.objects.all()
    if jurisdiction_ids is not None:
        qs = qs.filter(enterprise__jurisdiction_id__in=list(jurisdiction_ids))
    if start is not None:
        qs = qs.filter(created_at__date__gte=start)
    if end is not None:
        qs = qs.filter(created_at__date__lte=end)
    return qs


def paid_in(jurisdiction_ids: set[int] | None, start: date | None, end: date | None) -> QuerySet:
    qs = Disbursement.objects.all()
    if jurisdiction_ids is not None:
        qs = qs.filter(request__enterprise__jurisdiction_id__in=list(jurisdiction_ids))
    if start is not None:
        qs = qs.filter(paid_on__gte=start)
    if end is not None:
        qs = qs.filter(paid_on__lte=end)
    return qs
