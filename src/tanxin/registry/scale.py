"""Generated registry for ``seed_demo --scale N``: a holding account per ETS member, the year's caps
issued and allocated through the service layer (one allocation table per scheme), obligations, and
surrenders and holds through the services for a reproducible share of the members."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from tanxin.orgs.models import Organisation
from tanxin.registry import services, store
from tanxin.registry.models import Account, Obligation

SURRENDER_EVERY = 5  # one member in five has surrendered (in full, or short for some)
HOLD_EVERY = 50  # one member in fifty has a pledge or a freeze


def _code(scheme: str, year: int) -> str:
    return f"{'SZA' if scheme == 'shenzhen' else 'CEA'}-{year}"


def generate(ctx) -> None:
    services.bureau_accounts(ctx.bureau)
    members = ctx.members()
    code = ctx.jurisdiction.code
    accounts: dict[int, Account] = {}
    for chunk in ctx.chunks(members, 2000):
        usccs = dict(Organisation.objects.filter(pk__in=chunk).values_list("pk", "uscc"))
        created = Account.objects.bulk_create([Account(number=f"{code}-{usccs[pk]}", kind="holding", owner_id=pk,
                                                       jurisdiction=ctx.jurisdiction) for pk in chunk])  # fmt: skip
        accounts.update({a.owner_id: a for a in created})
    allocation = {pk: ctx.rng.randrange(4_000, 60_000, 100) for pk in members}
    admin, jid = ctx.admin, ctx.jurisdiction.pk
    for scheme in ("shenzhen", "national"):
        ids = [pk for pk in members if ctx.ets[pk] == scheme]
        if not ids:
            continue
        instrument = _code(scheme, ctx.year)
        services.issue(admin, jid, instrument, sum(allocation[pk] for pk in ids) + 100_000, reason="规模测试配额总量")
        rows = [{"account": accounts[pk].number, "instrument": instrument, "quantity": str(allocation[pk])}
                for pk in ids]  # fmt: skip
        services.bulk_allocate(admin, jid, rows, "pre_allocation", reason="规模测试预分配")
    emissions = {pk: int(allocation[pk] * ctx.rng.uniform(0.85, 1.12)) for pk in members}
    Obligation.objects.bulk_create([Obligation(enterprise_id=pk, year=ctx.year, scheme=ctx.ets[pk],
                                               verified_emissions_t=emissions[pk], reason="规模测试核定",
                                               set_by=admin) for pk in members], batch_size=2000)  # fmt: skip
    bank = Organisation.objects.filter(kind="bank").order_by("pk").first()
    # Surrenders and holds dated in July after the data year, before the surrender deadline.
    with store.backdated(datetime(ctx.year + 1, 7, 1, 10, tzinfo=ZoneInfo("Asia/Shanghai"))):
        _surrenders_and_holds(ctx, members, accounts, allocation, emissions, bank)


def _surrenders_and_holds(ctx, members, accounts, allocation, emissions, bank) -> None:
    admin = ctx.admin
    for i, pk in enumerate(members):
        instrument, acct = _code(ctx.ets[pk], ctx.year), accounts[pk]
        if i % SURRENDER_EVERY == 0:
            want = min(allocation[pk], emissions[pk]) if i % (SURRENDER_EVERY * 4) else allocation[pk] // 2
            services.surrender(admin, acct.pk, instrument, want, ctx.year)
        elif i % HOLD_EVERY == 1:
            if bank is not None and i % (HOLD_EVERY * 2) == 1:
                services.place_hold(admin, acct.pk, instrument, allocation[pk] // 3, "pledge", pledgee_id=bank.pk,
                                    reason="规模测试质押")  # fmt: skip
            else:
                services.place_hold(admin, acct.pk, instrument, 500, "judicial_freeze", reason="规模测试冻结")
