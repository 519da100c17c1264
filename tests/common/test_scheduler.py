"""The daily-job scheduler enqueues each configured task once a day, at or after its time."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from tanxin.web.models import ScheduledRun
from tanxin.web.scheduler import due_jobs, tick

SHANGHAI = ZoneInfo("Asia/Shanghai")
JOBS = [("a.early", "00:05"), ("b.morning", "08:00")]


def test_a_job_is_due_once_its_local_time_has_passed():
    at_seven = datetime(2026, 3, 1, 7, 0, tzinfo=SHANGHAI)
    assert due_jobs(at_seven, JOBS, set()) == ["a.early"]
    assert due_jobs(at_seven, JOBS, {"a.early"}) == []
    assert due_jobs(datetime(2026, 3, 1, 8, 0, tzinfo=SHANGHAI), JOBS, {"a.early"}) == ["b.morning"]


@pytest.mark.django_db
def test_tick_enqueues_each_daily_task_once_per_day(settings):
    settings.TANXIN_DAILY_TASKS = [("tanxin.support.tasks.close_due_windows", "00:05")]
    morning = datetime(2026, 3, 1, 9, 0, tzinfo=SHANGHAI)
    assert tick(morning) == ["tanxin.support.tasks.close_due_windows"]
    assert tick(morning) == []  # already claimed today
    assert ScheduledRun.objects.filter(job="tanxin.support.tasks.close_due_windows").count() == 1
    assert tick(datetime(2026, 3, 2, 0, 1, tzinfo=SHANGHAI)) == []  # next day, before its time
    assert tick(datetime(2026, 3, 2, 0, 6, tzinfo=SHANGHAI)) == ["tanxin.support.tasks.close_due_windows"]


def test_every_configured_daily_job_is_a_real_task():
    from django.conf import settings
    from django.utils.module_loading import import_string

    for path, at in settings.TANXIN_DAILY_TASKS:
        assert hasattr(import_string(path), "enqueue"), path
        datetime.strptime(at, "%H:%M")


def test_the_command_loop_runs_until_a_stop_signal_and_restores_the_handlers():
    import os
    import signal

    from tanxin.web.periodic import repeat

    calls = []

    def step():
        calls.append(1)
        if len(calls) == 3:
            os.kill(os.getpid(), signal.SIGTERM)  # what a service manager sends

    before = signal.getsignal(signal.SIGTERM)
    repeat(step, 0.01)
    assert len(calls) == 3 and signal.getsignal(signal.SIGTERM) is before
    repeat(step, 60, once=True)  # --once: one step, no pause
    assert len(calls) == 4
