"""The rows the station counts for a set of jurisdictions and a period (private to matchmaking).

Dates bound the period inclusively; the request's creation time is compared with the local midnights around
them (no per-row date function, so the index on ``created_at`` serves the filter)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.db.models import QuerySet
from django.utils import timezone

from tanxin.matchmaking.models import Disbursement, FinancingRequest


def midnight(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def posted_in(jurisdiction_ids: set[int] | None, start: date | None, end: date | None) -> QuerySet:
    qs = FinancingRequest.objects.all()
    if jurisdiction_ids is not None:
        qs = qs.filter(enterprise__jurisdiction_id__in=list(jurisdiction_ids))
    if start is not None:
        qs = qs.filter(created_at__gte=midnight(start))
    if end is not None:
        qs = qs.filter(created_at__lt=midnight(end + timedelta(days=1)))
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
