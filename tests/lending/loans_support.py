"""A lending world: personas, registry accounts, allowances for enterprise A, a year of SZA prices to today."""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone

from tanxin.market import services as market
from tanxin.market.domain.calendar import trading_days
from tanxin.market.domain.prices import PriceRow
from tanxin.registry import services as registry
from tests.personas import World, build_world

INSTRUMENT = "SZA-2023"
PNG = b"\x89PNG\r\n\x1a\n" + b"0" * 64


def set_prices(instrument: str = "SZA", level: str = "60.00", days: int = 300, end: date | None = None,
               sigma: float = 0.25, seed: int = 3, volume: int = 20_000, last: str | None = None) -> None:
    """Daily rows ending today around ``level`` (a seeded random walk), the last close pinned to ``last``."""
    end = end or timezone.localdate()
    rng = random.Random(seed)
    tdays = list(trading_days(end - timedelta(days=days * 2), end))[-days:]
    price = float(level)
    rows = []
    for i, d in enumerate(tdays):
        price *= math.exp(rng.gauss(0, sigma / math.sqrt(250)) - sigma**2 / 500)
        price = min(max(price, float(level) * 0.8), float(level) * 1.2)
        close = Decimal(last) if (last and i == len(tdays) - 1) else Decimal(f"{price:.2f}")
        rows.append(PriceRow(d, instrument, close, close, volume, int(close * 100) * volume, True, "test"))
    market.store(rows)


@dataclass
class LendingWorld:
    world: World
    account_id: int

    def user(self, persona: str):
        return self.world.users[persona]

    def org(self, name: str):
        return self.world.orgs[name]


def build(allocate: int = 500_000, level: str = "60.00") -> LendingWorld:
    return on(build_world(), allocate, level)


def on(world: World, allocate: int = 500_000, level: str = "60.00") -> LendingWorld:
    """The lending world on top of a personas world (a test's own, or the browser tests' live one)."""
    o = world.orgs
    registry.forget_caches()
    registry.bureau_accounts(o["bureau"])
    a = registry.holding_account(o["enterprise_a"])
    registry.holding_account(o["bank_with_consent"], o["bureau"].jurisdiction)
    admin = world.users["bureau_admin"]
    registry.issue(admin, o["bureau"].jurisdiction_id, INSTRUMENT, 2_000_000, reason="cap")
    registry.allocate(admin, a.pk, INSTRUMENT, allocate, "pre_allocation", reason="pre-allocation")
    set_prices(level=level)
    return LendingWorld(world, a.pk)


def application(lw: LendingWorld, amount_fen: int = 4_000_000_00, quantity_t: int = 400_000, **kw):
    from tanxin.lending.services import desk

    return desk.apply(lw.user("enterprise_a"), enterprise_id=lw.org("enterprise_a").pk,
                      bank_id=lw.org("bank_with_consent").pk, amount_fen=amount_fen, term_months=kw.pop("term", 12),
                      purpose="Energy-saving retrofit", instrument_code=INSTRUMENT, quantity_t=quantity_t,
                      **kw)  # fmt: skip


def contracted(lw: LendingWorld, **kw):
    """An application the bank has screened, valued, approved and signed: next, the bureau registers the pledge."""
    from tanxin.lending.services import desk

    bank = lw.user("bank_with_consent")
    loan = application(lw, **kw)
    desk.screen(bank, loan.pk, band="B")
    desk.value(bank, loan.pk, mc_paths=2000)
    desk.approve(bank, loan.pk, acknowledge_conflict=True)
    desk.contract(bank, loan.pk, ("contract.png", PNG))
    return loan


def live_loan(lw: LendingWorld, **kw):
    """An application taken all the way to disbursement by the parties that own each step."""
    from tanxin.lending.services import desk

    bank, bureau = lw.user("bank_with_consent"), lw.user("bureau_officer")
    loan = contracted(lw, **kw)
    desk.register_pledge(bureau, loan.pk, registration_no=f"PBOC-2026-{loan.pk:03d}",
                         notice_no=f"NS-2026-{loan.pk:02d}", notice_date=timezone.localdate())  # fmt: skip
    desk.disburse(bank, loan.pk)
    loan.refresh_from_db()
    return loan
