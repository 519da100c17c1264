"""Demo lending data: the screening list, then the loan desk's loans (``seed_loans``)."""

from tanxin.lending import seed_loans, seed_screening


def seed(ctx) -> None:
    seed_screening.seed(ctx)
    seed_loans.seed(ctx)
