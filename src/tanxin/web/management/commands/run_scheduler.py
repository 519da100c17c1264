"""Enqueue the daily jobs in settings.TANXIN_DAILY_TASKS when they are due (``make run`` starts it)."""

from __future__ import annotations

import signal
import time

from django.core.management.base import BaseCommand

from tanxin.web.scheduler import tick


class Command(BaseCommand):
    help = "Enqueue each configured daily task once a day, at or after its time."

    def add_arguments(self, parser):
        parser.add_argument("--interval", type=int, default=60, help="seconds between checks")
        parser.add_argument("--once", action="store_true", help="check once and exit")

    def handle(self, *args, interval: int, once: bool, **options):
        running = True

        def stop(*_args):
            nonlocal running
            running = False

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        while running:
            for path in tick():
                self.stdout.write(f"enqueued {path}")
            if once:
                return
            for _ in range(interval):  # wake every second so Ctrl-C is quick
                if not running:
                    break
                time.sleep(1)
