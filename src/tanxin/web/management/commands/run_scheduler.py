"""Enqueue the daily jobs in settings.TANXIN_DAILY_TASKS when they are due (``make run`` starts it)."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from tanxin.web.periodic import repeat
from tanxin.web.scheduler import tick


class Command(BaseCommand):
    help = "Enqueue each configured daily task once a day, at or after its time."

    def add_arguments(self, parser):
        parser.add_argument("--interval", type=int, default=60, help="seconds between checks")
        parser.add_argument("--once", action="store_true", help="check once and exit")

    def handle(self, *args, interval: int, once: bool, **options):
        def step() -> None:
            for path in tick():
                self.stdout.write(f"enqueued {path}")

        repeat(step, interval, once)
