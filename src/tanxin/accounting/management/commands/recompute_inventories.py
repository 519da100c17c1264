"""Recompute stored inventories with the current factor library (all enterprises, or some; all years, or some)."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand

from tanxin.accounting.recompute import default_workers, recompute_all


class Command(BaseCommand):
    help = "Recompute stored emission inventories with the current factor library."

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, action="append", dest="years", help="only this year (repeatable)")
        parser.add_argument("--enterprise", type=int, action="append", dest="enterprises",
                            help="only this enterprise id (repeatable)")
        parser.add_argument("--workers", type=int, default=None,
                            help="worker processes (default: TANXIN_RECOMPUTE_WORKERS or one per CPU, at most 4)")

    def handle(self, *args, **options):
        workers = options["workers"] or default_workers()
        start = time.perf_counter()
        count = recompute_all(enterprise_ids=options["enterprises"], years=options["years"], workers=workers)
        seconds = time.perf_counter() - start
        self.stdout.write(self.style.SUCCESS(f"{count} inventories recomputed in {seconds:.1f} s ({workers} workers)."))
