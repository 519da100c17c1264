"""Shared test helpers: the shipped reference data as one snapshot, and line builders."""

from __future__ import annotations

from decimal import Decimal
from functools import lru_cache
from pathlib import Path

from tanxin.accounting.domain.factors import FactorSnapshot
from tanxin.accounting.domain.loaders import load_snapshot

DATA_DIR = Path(__file__).resolve().parents[2] / "data" / "accounting"


@lru_cache(maxsize=1)
def snapshot() -> FactorSnapshot:
    """Loaded once: hypothesis tests cannot use function-scoped fixtures."""
    return load_snapshot(DATA_DIR)


def D(value: str | int) -> Decimal:
    return Decimal(value)
