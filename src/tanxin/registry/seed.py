"""Demo registry: the Nanshan bureau's accounts, a replayed 2024 compliance cycle and a few holds.

Transactions are recorded at past moments (``store.backdated``) so the 2024 cycle looks as it happened:
cap issued in March 2024, pre-allocation, true-up in June 2025, surrenders before the 30 August 2025
deadline (two units fall short), a pledge, a court freeze and a voluntary cancellation. Obligations are
set manually ("verified emissions pending from disclosure") — the disclosure hook replaces them later.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from tanxin.registry import services, store
from tanxin.registry.models import Balance

TZ = ZoneInfo("Asia/Shanghai")


def at(y: int, m: int, d: int, h: int = 10) -> datetime:
    return datetime(y, m, d, h, 0, tzinfo=TZ)


def seed(ctx) -> None:
    rng, admin = ctx.rng, ctx.users["platform_admin"]
    services.bureau_accounts(ctx.bureau)
    jid = ctx.bureau.jurisdiction_id
    members = [e for e in ctx.enterprises if e.ets in ("shenzhen", "national")]
    a = next(e for e in ctx.enterprises if e.key_emitter)
    accounts = {e.pk: services.holding_account(e, external_number=f"SZX{e.uscc[-8:]}") for e in members}
    for e in ctx.enterprises[:6]:
        accounts.setdefault(e.pk, services.holding_account(e))
    for bank in ctx.banks:
        services.holding_account(bank, ctx.bureau.jurisdiction)
    allocation = {e.pk: rng.randrange(4_000, 60_000, 100) for e in members}
    by_scheme = {s: [e for e in members if e.ets == s] for s in ("shenzhen", "national")}
    with store.backdated(at(2024, 3, 1)):
        for scheme, code in (("shenzhen", "SZA-2024"), ("national", "CEA-2024")):
            total = sum(allocation[e.pk] for e in by_scheme[scheme])
            if total:
                services.issue(admin, jid, code, total + 200_000, reason="2024年度配额总量",
                               legal_basis="深圳市碳排放权交易管理办法")
        services.issue(admin, jid, "CCER-P0123-B1", 20_000, reason="CCER镜像登记",
                       legal_basis="温室气体自愿减排交易管理办法")
    with store.backdated(at(2024, 3, 15)):
        for scheme, code in (("shenzhen", "SZA-2024"), ("national", "CEA-2024")):
            rows = [{"account": accounts[e.pk].number, "instrument": code, "quantity": str(allocation[e.pk])}
                    for e in by_scheme[scheme]]
            if rows:
                services.bulk_allocate(admin, jid, rows, "pre_allocation", reason="2024年度预分配")
    emissions = {e.pk: int(allocation[e.pk] * rng.uniform(0.85, 1.12)) for e in members}
    for e in members:
        services.set_obligation(admin, e.pk, 2024, emissions[e.pk], reason="演示：核查排放量待披露模块接入后替换")
    with store.backdated(at(2025, 6, 2)):
        for e in members[:3]:
            code = "SZA-2024" if e.ets == "shenzhen" else "CEA-2024"
            services.allocate(admin, accounts[e.pk].pk, code, 1_000, "true_up", reason="2024年度配额核定调整")
    _surrenders(admin, members, accounts, emissions)
    with store.backdated(at(2025, 9, 10)):
        avail = Balance.objects.get(account=accounts[a.pk], instrument__code=_code(a))
        services.place_hold(admin, accounts[a.pk].pk, avail.instrument.code, max(1, avail.quantity // 2), "pledge",
                            pledgee_id=ctx.banks[0].pk, references={"registration_no": "07891234000512345678",
                                                                    "notice_no": "深环南〔2025〕质押第12号"},
                            reason="碳排放权质押贷款")
    if len(members) > 3:
        other = members[3]
        with store.backdated(at(2025, 10, 9)):
            services.place_hold(admin, accounts[other.pk].pk, _code(other), 500, "judicial_freeze",
                                references={"notice_no": "(2025)粤0305执1234号"}, reason="法院协助执行通知书")
    with store.backdated(at(2025, 11, 3)):
        services.allocate(admin, accounts[members[0].pk].pk, "CCER-P0123-B1", 2_000, "pre_allocation",
                          reason="CCER镜像登记")
        services.cancel(admin, accounts[members[0].pk].pk, "CCER-P0123-B1", 300,
                        beneficiary="2025南山绿色低碳论坛", purpose="会议碳中和")
    for day in (at(2025, 8, 31).date(), at(2025, 11, 4).date()):
        services.anchor_day(day)


def _code(e) -> str:
    return "SZA-2024" if e.ets == "shenzhen" else "CEA-2024"


def _surrenders(admin, members, accounts, emissions) -> None:
    """Most units surrender in full before the deadline; two fall short (one sells part of its allowances)."""
    for i, e in enumerate(members):
        code, acct = _code(e), accounts[e.pk]
        with store.backdated(at(2025, 7, 1 + i % 28)):
            held = Balance.objects.get(account=acct, instrument__code=code).quantity
            if i in (1, 2):  # the demo's non-compliant units
                want = max(1, held - 1_200) if i == 1 else held // 2
            else:
                want = min(held, emissions[e.pk])
            if want > 0:
                services.surrender(admin, acct.pk, code, want, 2024)
