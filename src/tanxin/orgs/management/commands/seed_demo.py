"""Load the deterministic demo district; a no-op when it is already there (``make setup`` runs it twice)."""

from __future__ import annotations

import importlib
import importlib.util

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import connection, transaction

from tanxin.orgs import seed as orgs_seed
from tanxin.orgs.models import Jurisdiction


class Command(BaseCommand):
    help = "Load demo data (one district, 60 enterprises, banks, verifiers, experts, demo users)."

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=2023, help="random seed (same seed, same data)")
        parser.add_argument("--scale", type=int, default=0, help="additionally generate N enterprises (benchmarks)")

    def handle(self, *args, seed: int, scale: int, **options):
        if orgs_seed.already_seeded():
            self.stdout.write("Demo data already present; nothing to do.")
        else:
            with transaction.atomic():
                ctx = orgs_seed.seed(seed)
                for label in settings.TANXIN_APPS[1:]:
                    name = f"tanxin.{label}.seed"
                    if importlib.util.find_spec(name) is not None:
                        importlib.import_module(name).seed(ctx)
                        self.stdout.write(f"  seeded {label}")
            self.stdout.write(self.style.SUCCESS(f"Demo data loaded ({len(ctx.enterprises)} enterprises)."))
        if scale:
            self._scale(seed, scale)

    def _scale(self, seed: int, count: int) -> None:
        import random

        from tanxin.orgs.models import Organisation

        nanshan = Jurisdiction.objects.get(code="440305")
        start = Organisation.objects.filter(kind="enterprise").count()
        rng = random.Random(seed * 1000 + start)
        for offset in range(0, count, 2000):
            batch = orgs_seed.make_enterprises(rng, min(2000, count - offset), nanshan, start=start + offset + 1000)
            Organisation.objects.bulk_create(batch)
        # After a bulk load the planner's statistics are stale; refresh them as autovacuum would.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        self.stdout.write(self.style.SUCCESS(f"Generated {count} more enterprises."))
