"""Rank and allocate a large round: 20,000 scored applications, proportional and banded rules, exact fen.

Figures: time to rank and to allocate under each rule, and the invariants checked on the result (Σ awards
≤ budget, no award above the cap). The reference in the same run is a plain ``sorted`` of the same totals,
the least any ranking must cost. Pure domain code: no database. Prints one JSON line.
"""

from __future__ import annotations

import json
import os
import random
import sys
import time
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).absolute().parents[1] / "src"))

from tanxin.support.domain import (
    Band,
    BandedRule,
    ProportionalRule,
    RankInput,
    allocate,
    ensure_within_limits,
    rank_applications,
)

N = int(os.environ.get("BENCH_APPLICATIONS", "20000"))
BUDGET_FEN = 10_000_000_000  # 100 M CNY
CAP_FEN = 50_000_000


def main() -> None:
    rng = random.Random(2023)
    t0 = datetime(2024, 5, 6, tzinfo=UTC)
    entries = [
        RankInput(f"A{i:06d}", Decimal(rng.randint(2000, 9500)) / 100, Decimal(rng.randint(0, 4000)) / 100,
                  Decimal(rng.randint(0, 4000)) / 100, t0 + timedelta(seconds=rng.randint(0, 10**6)))
        for i in range(N)
    ]  # fmt: skip
    start = time.perf_counter()
    sorted((e.total for e in entries), reverse=True)
    reference_s = time.perf_counter() - start
    start = time.perf_counter()
    ranking = rank_applications(entries)
    rank_s = time.perf_counter() - start
    figures = {}
    rules = {
        "proportional": ProportionalRule(min_score=Decimal(40)),
        "banded": BandedRule(
            (Band(Decimal(80), 50_000_000), Band(Decimal(60), 30_000_000), Band(Decimal(40), 10_000_000))
        ),
    }
    for name, rule in rules.items():
        start = time.perf_counter()
        draft = allocate(ranking, rule, BUDGET_FEN, CAP_FEN)
        figures[f"allocate_{name}_s"] = round(time.perf_counter() - start, 4)
        ensure_within_limits(draft)
        figures[f"{name}_total_fen"] = draft.total_fen
        figures[f"{name}_awardees"] = sum(1 for a in draft.awards if a.amount_fen)
    print(json.dumps({
        "bench": "support_allocation", "applications": N, "rank_s": round(rank_s, 4),
        "reference_sorted_totals_s": round(reference_s, 4), **figures,
        "budget_fen": BUDGET_FEN, "invariants": "sum<=budget, each<=cap",
    }))  # fmt: skip


if __name__ == "__main__":
    main()
