"""Daily jobs: the scheduler process (started by ``make run``) enqueues each configured task once a day.

The Django Tasks API has no periodic scheduling; this keeps it to enqueueing, so the tasks themselves stay
backend-agnostic (database worker today, Redis/RQ tomorrow).
"""

from __future__ import annotations

from datetime import datetime, time

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from tanxin.web.models import ScheduledRun


def due_jobs(now: datetime, jobs: list[tuple[str, str]], done: set[str]) -> list[str]:
    """Jobs whose local time of day has passed and that have not run today."""
    local = timezone.localtime(now).time()
    return [path for path, at in jobs if path not in done and local >= time.fromisoformat(at)]


def tick(now: datetime | None = None) -> list[str]:
    """Enqueue every daily job that is due; returns the paths enqueued by this call."""
    now = now or timezone.now()
    today = timezone.localtime(now).date()
    jobs = list(settings.TANXIN_DAILY_TASKS)
    done = set(ScheduledRun.objects.filter(day=today).values_list("job", flat=True))
    enqueued = []
    for path in due_jobs(now, jobs, done):
        try:
            with transaction.atomic():
                ScheduledRun.objects.create(job=path, day=today)
        except IntegrityError:  # another scheduler claimed it first
            continue
        import_string(path).enqueue()
        enqueued.append(path)
    return enqueued
