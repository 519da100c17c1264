"""Demo lending data: the screening list (and, with the loan desk, its loans)."""

from tanxin.lending import seed_screening


def seed(ctx) -> None:
    seed_screening.seed(ctx)
