"""A small registry on top of the personas' world: bureau accounts, holding accounts, a funded cap."""

from __future__ import annotations

from dataclasses import dataclass

from tanxin.registry import services
from tanxin.registry.models import Account
from tests.personas import World


@dataclass
class Reg:
    world: World
    bureau: dict[str, Account]
    a: Account
    b: Account
    futian: Account
    bank: Account

    def user(self, persona: str):
        return self.world.users[persona]


def build_registry(world: World, *, cap: int = 100_000, allocate_a: int = 5_000) -> Reg:
    o = world.orgs
    bureau = services.bureau_accounts(o["bureau"])
    a = services.holding_account(o["enterprise_a"], external_number="EXT-A")
    b = services.holding_account(o["enterprise_b"], external_number="EXT-B")
    futian = services.holding_account(o["enterprise_futian"])
    bank = services.holding_account(o["bank_with_consent"], o["bureau"].jurisdiction)
    admin = world.users["bureau_admin"]
    services.issue(admin, o["bureau"].jurisdiction_id, "SZA-2024", cap, reason="2024 cap")
    if allocate_a:
        services.allocate(admin, a.pk, "SZA-2024", allocate_a, "pre_allocation", reason="2024 pre-allocation")
    return Reg(world, bureau, a, b, futian, bank)


def tonnes(account) -> int:
    """Everything the account holds, over all instruments."""
    from django.db.models import Sum

    from tanxin.registry.models import Balance

    return Balance.objects.filter(account=account).aggregate(t=Sum("quantity"))["t"] or 0
