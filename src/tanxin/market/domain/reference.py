"""Published reference price levels (data/market/reference_levels.csv), each with its source.

They anchor the synthetic demo series and let tests check that a generated series is in the right
neighbourhood; they are summary figures, not a price history, and are never shown as one.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

DEFAULT_PATH = Path(__file__).resolve().parents[4] / "data" / "market" / "reference_levels.csv"


@dataclass(frozen=True)
class ReferenceLevel:
    instrument: str
    period: str  # a day (YYYY-MM-DD), a year (YYYY) or "demo"
    metric: str  # open | close | vwap | range_low | range_high | average | band_low | ...
    value: Decimal
    unit: str
    confidence: str
    source: str


def load_reference_levels(path: Path | None = None) -> dict[tuple[str, str, str], ReferenceLevel]:
    """Keyed by (instrument, period, metric)."""
    with (path or DEFAULT_PATH).open(encoding="utf-8", newline="") as handle:
        rows = [
            ReferenceLevel(
                r["instrument"],
                r["period"],
                r["metric"],
                Decimal(r["value"]),
                r["unit"],
                r["confidence"],
                r["source"],
            )
            for r in csv.DictReader(handle)
        ]
    return {(r.instrument, r.period, r.metric): r for r in rows}
