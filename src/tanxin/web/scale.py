"""The province-sized data set for ``seed_demo --scale N`` and the scale benchmarks: the enterprises
(orgs), then each app's generated data in layer order, in one transaction. It lives in the shell because it
links every app; each app's generator is imported by name so the import contracts see every link."""

from __future__ import annotations

import time
from collections.abc import Callable

from django.db import transaction

from tanxin.accounting import scale as accounting_scale
from tanxin.disclosure import scale as disclosure_scale
from tanxin.matchmaking import scale as matchmaking_scale
from tanxin.orgs import scale as orgs_scale
from tanxin.orgs.models import Organisation
from tanxin.registry import scale as registry_scale
from tanxin.support import scale as support_scale

# Layer order: activity data before the reports that read it, reports before the registry's obligations.
GENERATORS = (("accounting", accounting_scale.generate), ("disclosure", disclosure_scale.generate),
              ("registry", registry_scale.generate), ("support", support_scale.generate),
              ("matchmaking", matchmaking_scale.generate))  # fmt: skip


def build(seed: int, count: int, year: int, bureau: Organisation | None = None,
          log: Callable[[str], object] = lambda line: None) -> orgs_scale.ScaleContext:  # fmt: skip
    with transaction.atomic():
        ctx = orgs_scale.generate(seed, count, year, bureau)
        log(f"  generated {count} enterprises ({len(ctx.members())} in an ETS)")
        for label, generate in GENERATORS:
            started = time.perf_counter()
            generate(ctx)
            log(f"  generated {label} ({time.perf_counter() - started:.1f} s)")
    return ctx
