"""Demo registry: the Nanshan bureau's accounts and three replayed compliance cycles (2023–2025) that agree
with the verified emissions disclosure handed over, plus a pledge, a court freeze and a cancellation.

The disclosure seed runs first and hands every verified annual figure to the registry, so each obligation is
an enterprise's verified emissions (source ``disclosure``). The seed never overrides one by hand: the only
manual obligations are for years with no verified figure, and they carry their reason. Transactions are
recorded at past moments (``store.backdated``): each year's cap issued in March, pre-allocation sized on the
verified emissions, a true-up in June of the following year for units short of them, surrenders before the
deadline. In 2024 two units fall short (one sold part of its allowances); in 2025 the largest other Shenzhen
unit falls 1,200 t short (more than its banked surplus can make up); the enterprise that pledges its surplus
to the first bank is compliant every year.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from tanxin.registry import services, store
from tanxin.registry.models import Balance, Obligation

TZ = ZoneInfo("Asia/Shanghai")
YEARS = (2023, 2024, 2025)
SHORT_IN_2024 = 2  # units that fall short in the 2024 cycle (never the pledging enterprise)


def at(y: int, m: int, d: int, h: int = 10) -> datetime:
    return datetime(y, m, d, h, 0, tzinfo=TZ)


def _code(e, year: int) -> str:
    return f"{'SZA' if e.ets == 'shenzhen' else 'CEA'}-{year}"


def seed(ctx) -> None:
    rng, admin = ctx.rng, ctx.users["platform_admin"]
    services.bureau_accounts(ctx.bureau)
    jid = ctx.bureau.jurisdiction_id
    members = [e for e in ctx.enterprises if e.ets in ("shenzhen", "national")]
    a = next(e for e in ctx.enterprises if e.key_emitter)  # pledges its 2024 surplus to the first bank
    accounts = {e.pk: services.holding_account(e, external_number=f"SZX{e.uscc[-8:]}") for e in members}
    for e in ctx.enterprises[:6]:
        accounts.setdefault(e.pk, services.holding_account(e))
    for bank in ctx.banks:
        services.holding_account(bank, ctx.bureau.jurisdiction)
    verified = {(o.enterprise_id, o.year): o.verified_emissions_t
                for o in Obligation.objects.filter(enterprise__in=members, year__in=YEARS)}  # fmt: skip
    short = [e for e in members if e != a and (e.pk, 2024) in verified][:SHORT_IN_2024]
    # In the order things happened (the journal is a chain in time): each year opens in March and closes
    # with the surrenders of the following July.
    allocation = {year: _open(admin, jid, rng, year, members, accounts, verified, a) for year in (2023, 2024)}
    _close(admin, 2023, members, accounts, verified, allocation[2023], [])
    allocation[2025] = _open(admin, jid, rng, 2025, members, accounts, verified, a)
    _close(admin, 2024, members, accounts, verified, allocation[2024], short)
    with store.backdated(at(2025, 9, 10)):
        avail = Balance.objects.get(account=accounts[a.pk], instrument__code=_code(a, 2024))
        services.place_hold(admin, accounts[a.pk].pk, avail.instrument.code, max(1, avail.quantity // 2), "pledge",
                            pledgee_id=ctx.banks[0].pk, references={"registration_no": "07891234000512345678",
                                                                    "notice_no": "深环南〔2025〕质押第12号"},
                            reason="碳排放权质押贷款")
    others = [e for e in members if e != a and e not in short and (e.pk, 2025) in verified]
    if others:
        other = max(others, key=lambda e: verified[e.pk, 2025])
        with store.backdated(at(2025, 10, 9)):
            code = _code(other, 2025)
            free = Balance.objects.get(account=accounts[other.pk], instrument__code=code).quantity
            services.place_hold(admin, accounts[other.pk].pk, code, min(500, free // 4), "judicial_freeze",
                                references={"notice_no": "(2025)粤0305执1234号"}, reason="法院协助执行通知书")
    with store.backdated(at(2025, 11, 3)):
        services.allocate(admin, accounts[members[0].pk].pk, "CCER-P0123-B1", 2_000, "pre_allocation",
                          reason="CCER镜像登记")
        services.cancel(admin, accounts[members[0].pk].pk, "CCER-P0123-B1", 300,
                        beneficiary="2025南山绿色低碳论坛", purpose="会议碳中和")
    # 2025: the Shenzhen deadline (30 August 2026) has passed and one unit is still short: a lender's screening
    # knocks it out (an unresolved shortfall).
    shenzhen = [e for e in members if e != a and e.ets == "shenzhen" and (e.pk, 2025) in verified]
    late = [max(shenzhen, key=lambda e: verified[e.pk, 2025])] if shenzhen else []
    _close(admin, 2025, members, accounts, verified, allocation[2025], late)
    for day in (at(2025, 8, 31).date(), at(2025, 11, 4).date(), at(2026, 8, 31).date()):
        services.anchor_day(day)


def _allocation_factor(rng, pledging: bool) -> float:
    if pledging:
        return 1.3
    return rng.uniform(0.9, 1.0) if rng.random() < 0.25 else rng.uniform(1.05, 1.35)


def _open(admin, jid, rng, year, members, accounts, verified, a) -> dict[int, int]:
    """March of ``year``: the cap issued and pre-allocated, sized on the verified emissions."""
    covered = [e for e in members if (e.pk, year) in verified]
    # Pre-allocation around the verified figure (intensity-based allocation is usually generous): about one
    # unit in four is a little short and gets a true-up, the others are long, the pledging enterprise clearly
    # so (its surplus backs the loan). The surpluses are what lenders take in pledge.
    allocation = {e.pk: max(100, int(round(verified[e.pk, year] * _allocation_factor(rng, e == a), -2)))
                  for e in covered}  # fmt: skip
    with store.backdated(at(year, 3, 1)):
        for prefix in ("SZA", "CEA"):
            total = sum(allocation[e.pk] for e in covered if _code(e, year).startswith(prefix))
            if total:
                services.issue(admin, jid, f"{prefix}-{year}", total + 200_000, reason=f"{year}年度配额总量",
                               legal_basis="深圳市碳排放权交易管理办法")
        if year == 2024:
            services.issue(admin, jid, "CCER-P0123-B1", 20_000, reason="CCER镜像登记",
                           legal_basis="温室气体自愿减排交易管理办法")
    with store.backdated(at(year, 3, 15)):
        for prefix in ("SZA", "CEA"):
            rows = [{"account": accounts[e.pk].number, "instrument": _code(e, year), "quantity": str(allocation[e.pk])}
                    for e in covered if _code(e, year).startswith(prefix)]  # fmt: skip
            if rows:
                services.bulk_allocate(admin, jid, rows, "pre_allocation", reason=f"{year}年度预分配")
    return allocation


def _close(admin, year, members, accounts, verified, allocation, short) -> None:
    """June–July of the following year: true-up for units short of their verified emissions, surrenders."""
    covered = [e for e in members if (e.pk, year) in verified]
    with store.backdated(at(year + 1, 6, 2)):
        for e in covered:
            gap = verified[e.pk, year] - allocation[e.pk]
            if gap > 0 and e not in short:
                services.allocate(admin, accounts[e.pk].pk, _code(e, year), gap, "true_up",
                                  reason=f"{year}年度配额核定调整")
    for i, e in enumerate(covered):
        acct, code = accounts[e.pk], _code(e, year)
        with store.backdated(at(year + 1, 7, 1 + i % 28)):
            balance = Balance.objects.get(account=acct, instrument__code=code)
            held = balance.quantity - balance.held  # a frozen or pledged part cannot be surrendered
            due = verified[e.pk, year]
            if e in short:  # the demo's non-compliant units: one sold part of its allowances
                want = max(1, min(held, due) - 1_200) if e == short[0] else min(held, due) // 2
            else:
                want = min(held, due)
            if want > 0:
                services.surrender(admin, acct.pk, code, want, year)
