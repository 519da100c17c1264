"""Demo prices: seeded synthetic CEA and SZA series (every row labelled synthetic)."""

from __future__ import annotations

from tanxin.market import services


def seed(ctx) -> None:
    services.load_synthetic(seed=2023)
