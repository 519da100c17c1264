"""Chain staged journal records into the registry's hash chain, continuously (``make run`` starts it)."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from tanxin.registry.store import seal_all
from tanxin.web.periodic import repeat


class Command(BaseCommand):
    help = "Seal staged registry journal records into the hash chain every --interval seconds."

    def add_arguments(self, parser):
        parser.add_argument("--interval", type=float, default=0.2, help="seconds between rounds")
        parser.add_argument("--once", action="store_true", help="seal what is staged and exit")

    def handle(self, *args, interval: float, once: bool, **options):
        # One round drains everything staged; the pause lets the next round chain a whole batch at once.
        def step() -> None:
            sealed = seal_all()
            if once:
                self.stdout.write(f"sealed {sealed} journal records")

        repeat(step, interval, once)
