"""Load the deterministic demo district; a no-op when it is already there (``make setup`` runs it twice)."""

from __future__ import annotations

from django.core.management.base import BaseCommand
from django.db import connection, transaction

from tanxin.accounting import seed as accounting_seed
from tanxin.cockpit import seed as cockpit_seed
from tanxin.disclosure import seed as disclosure_seed
from tanxin.lending import seed as lending_seed
from tanxin.market import seed as market_seed
from tanxin.matchmaking import seed as matchmaking_seed
from tanxin.orgs import seed as orgs_seed
from tanxin.registry import seed as registry_seed
from tanxin.securitisation import seed as securitisation_seed
from tanxin.support import seed as support_seed

# Layer order (settings.TANXIN_APPS): each app seeds on what the apps below it have already seeded. The shell
# imports every app's seed module by name, so the import contracts see each link.
SEEDS = (("accounting", accounting_seed), ("disclosure", disclosure_seed), ("market", market_seed),
         ("registry", registry_seed), ("support", support_seed), ("lending", lending_seed),
         ("securitisation", securitisation_seed), ("matchmaking", matchmaking_seed),
         ("cockpit", cockpit_seed))  # fmt: skip


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
                for label, module in SEEDS:
                    module.seed(ctx)
                    self.stdout.write(f"  seeded {label}")
            self.stdout.write(self.style.SUCCESS(f"Demo data loaded ({len(ctx.enterprises)} enterprises)."))
        if scale:
            self._scale(seed, scale)

    def _scale(self, seed: int, count: int) -> None:
        """N more enterprises and every app's generated data for them (see ``tanxin.web.scale``)."""
        import time

        from django.utils import timezone

        from tanxin.web import scale

        started = time.perf_counter()
        scale.build(seed, count, timezone.localdate().year - 1, log=self.stdout.write)
        # After a bulk load the planner's statistics are stale; refresh them as autovacuum would.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        seconds = time.perf_counter() - started
        self.stdout.write(self.style.SUCCESS(f"Generated {count} more enterprises and their data in {seconds:.0f} s."))
