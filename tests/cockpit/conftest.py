"""A district with the chain under way: enterprise A's disclosure published last year (its verified figure is
its compliance obligation), a live pledge loan disbursed this year, and the Futian bureau next door."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.utils import timezone

from tests.disclosure.support import drive
from tests.lending.loans_support import LendingWorld, build, live_loan
from tests.personas import World, add_other_district_bureau

NANSHAN, FUTIAN, SHENZHEN = "440305", "440304", "440300"


@dataclass
class Chain:
    world: World
    lw: LendingWorld
    loan: object
    last_year: int
    this_year: int


@pytest.fixture(autouse=True)
def fresh_cockpits():
    """Each test reads its own records, not a cockpit an earlier test computed."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def chain(db) -> Chain:
    lw = build()
    world = lw.world
    today = timezone.localdate()
    loan = live_loan(lw, amount_fen=2_000_000_00, quantity_t=150_000)  # screened before last year's figure lands
    drive(world, "published", year=today.year - 1, total=52_772_000)
    add_other_district_bureau(world)
    return Chain(world, lw, loan, today.year - 1, today.year)
