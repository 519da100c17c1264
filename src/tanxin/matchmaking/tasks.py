"""Background work of the finance station: the daily expiry of grab slots whose service time ran out (to be
registered in ``settings.TANXIN_DAILY_TASKS``, e.g. at 00:15)."""

from __future__ import annotations

from django.utils import timezone
from django_tasks import task


@task()
def expire_slots() -> int:
    """Free every engaged slot past its deadline, alert the bureau and tell the next banks they may accept."""
    from tanxin.matchmaking.services import grab

    return len(grab.expire_due(timezone.localdate()))
