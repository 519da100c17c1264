"""Background work of the loan desk: the daily mark-to-market (registered in ``settings.TANXIN_DAILY_TASKS``)."""

from __future__ import annotations

from django.utils import timezone
from django_tasks import task


@task()
def mark_to_market() -> int:
    """Revalue every live loan at today's valuation price, open, deepen, cure or escalate margin calls."""
    from tanxin.lending.services import margin

    return len(margin.mark_all(timezone.localdate()))
