"""Province-sized generated data (``seed_demo --scale N``): the enterprises, and the context every app's
``scale`` module fills in turn. Reproducible: the same seed and N give the same rows.

Rows are written in bulk (no per-row history or workflow): this is a measuring set, built the way the
benchmarks build theirs, not a replay of how the data would have been entered.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from tanxin.orgs import seed as orgs_seed
from tanxin.orgs.models import Jurisdiction, Organisation

BATCH = 2000


@dataclass
class ScaleContext:
    rng: random.Random
    bureau: Organisation
    jurisdiction: Jurisdiction
    year: int
    admin: Any
    enterprise_ids: list[int] = field(default_factory=list)
    ets: dict[int, str] = field(default_factory=dict)  # enterprise id -> none | shenzhen | national

    def members(self) -> list[int]:
        """Enterprises in an emissions trading scheme, in id order."""
        return [pk for pk in self.enterprise_ids if self.ets[pk] != "none"]

    def chunks(self, ids: list[int], size: int = 500) -> Iterator[list[int]]:
        for i in range(0, len(ids), size):
            yield ids[i : i + size]


def generate(seed: int, count: int, year: int, bureau: Organisation | None = None) -> ScaleContext:
    """``count`` enterprises in the bureau's district (the demo bureau unless another is given)."""
    from tanxin.orgs.models import User

    bureau = bureau or Organisation.objects.get(uscc=orgs_seed.BUREAU_USCC)
    nanshan = bureau.jurisdiction
    start = Organisation.objects.filter(kind="enterprise").count()
    rng = random.Random(seed * 1000 + start)
    ctx = ScaleContext(rng, bureau, nanshan, year, User.objects.filter(is_superuser=True).order_by("pk").first())
    for offset in range(0, count, BATCH):
        batch = orgs_seed.make_enterprises(rng, min(BATCH, count - offset), nanshan, start=start + offset + 1000)
        for org in Organisation.objects.bulk_create(batch):
            ctx.enterprise_ids.append(org.pk)
            ctx.ets[org.pk] = org.ets
    return ctx

