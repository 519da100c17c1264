"""Demo securitisation data (filled in as the module grows)."""


def seed(ctx) -> None:
    return None
