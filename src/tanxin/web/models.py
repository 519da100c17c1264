from __future__ import annotations

from django.db import models


class ScheduledRun(models.Model):
    """One row per daily job and day: the unique pair is the claim, so a job is enqueued once a day even if
    the scheduler restarts or two schedulers run by mistake."""

    job = models.CharField(max_length=200)
    day = models.DateField()
    enqueued_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["job", "day"], name="one_run_per_job_and_day")]

    def __str__(self) -> str:
        return f"{self.job} @ {self.day}"
