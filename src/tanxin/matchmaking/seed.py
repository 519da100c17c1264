"""Demo matchmaking data: the banks' and the guarantor's products (published after the bureau's check), the
first government-bank-enterprise matchmaking meeting, requests in every state (through the services, with the
enterprises' consents), the 30 M CNY pledge loan among the station's records, and financing-subsidy claims
through support's workflow — one paid, one pending. Deterministic; does nothing when it already ran."""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from tanxin.lending import facts as lending
from tanxin.matchmaking.models import FinancingRequest, Product
from tanxin.matchmaking.services import catalogue, grab, outcomes, requests, subsidy
from tanxin.matchmaking.services.grab import Answer
from tanxin.matchmaking.services.outcomes import MeetingInput, Payout
from tanxin.support.services import applications, results, schemes, subsidies

WAN = 10_000 * 100
SHANGHAI = ZoneInfo("Asia/Shanghai")
PDF = b"%PDF-1.4\n% demo evidence\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
EVIDENCE = {"contract": ("借款合同.pdf", PDF), "settlement": ("结息凭证.pdf", PDF),
            "pledge_notice": ("质押公告.pdf", PDF)}  # fmt: skip
PRODUCTS = (  # name, kind, min/max 万元, months, spread bp, collateral, industries, min band, green only, days
    ("碳排放权质押贷", "pledge_loan", 100, 10_000, 6, 36, 40, 150, ["allowances", "guarantee"], [], "C", False, 3),
    ("绿色技改贷", "credit_loan", 50, 3_000, 6, 60, 30, 120, [], [], "", True, 5),
    ("节能减排设备融资租赁", "leasing", 100, 5_000, 12, 60, 80, 200, ["equipment"], ["C"], "", True, 7),
)


def at(day: date) -> datetime:
    return datetime.combine(day, time(10), SHANGHAI)


def seed(ctx) -> None:
    if Product.objects.filter(code__startswith="P").exists() or not ctx.banks:
        return
    users = ctx.users
    district = ctx.bureau.jurisdiction_id
    for i, bank in enumerate(ctx.banks, start=1):
        for j, row in enumerate(PRODUCTS):
            if j == 2 and i % 2 == 0:  # not every bank offers leasing
                continue
            _product(users[f"bank{i}"], users["bureau_officer"], district, row, f"{bank.name_zh}")
    _product(users["guarantor"], users["bureau_officer"], district,
             ("绿色融资担保", "guarantee", 100, 5_000, 6, 36, 0, 80, [], [], "C", True, 5), "")  # fmt: skip
    key_unit = next(e for e in ctx.enterprises if e.key_emitter)
    station_30m = _pledge_loan_request(ctx, key_unit)
    states = _requests_in_every_state(ctx)
    lenders = tuple(b.pk for b in ctx.banks) + ((ctx.guarantor.pk,) if ctx.guarantor else ())
    outcomes.create_meeting(users["bureau_admin"], MeetingInput(
        district, "首次政银企对接会", date(2021, 6, 18), venue="南山区金融服务站", bank_ids=lenders,
        title_en="First government-bank-enterprise matchmaking meeting",
        enterprise_ids=tuple(e.pk for e in ctx.enterprises[:12]), request_ids=(station_30m.pk, *states[:2]),
        outcomes="银行现场受理融资需求，首批签约意向金额合计 5,000 万元。"))  # fmt: skip
    _subsidies(ctx, key_unit, station_30m)


def _product(user, officer, district: int, row: tuple, _bank: str) -> Product:
    name, kind, lo, hi, t0, t1, s0, s1, collateral, industries, band, green, days = row
    p = catalogue.create_product(user, {"name_zh": name, "kind": kind, "jurisdiction_id": district,
                                        "min_amount_fen": lo * WAN, "max_amount_fen": hi * WAN, "min_term_months": t0,
                                        "max_term_months": t1, "spread_min_bp": s0, "spread_max_bp": s1,
                                        "collateral": collateral, "industries": industries, "min_band": band,
                                        "green_only": green, "response_workdays": days,
                                        "green_conditions": "资金用于节能降碳项目" if green else ""})  # fmt: skip
    catalogue.submit_product(user, p.pk)
    return catalogue.check_product(officer, p.pk, publish=True)


def _backdate(r: FinancingRequest, day: date) -> None:
    FinancingRequest.objects.filter(pk=r.pk).update(created_at=at(day), updated_at=at(day))
    r.steps.update(at=at(day))


def _pledge_loan_request(ctx, key_unit) -> FinancingRequest:
    """The 30 M CNY one-year pledge loan of 2023 (the loan desk's L2023A00101) as the station recorded it."""
    users, bank = ctx.users, ctx.banks[0]
    r = requests.post_request(users["enterprise_a"], key_unit.pk, requests.RequestInput(
        amount_fen=3000 * WAN, term_months=12, purpose="碳排放权质押融资，补充节能改造资金",
        green_category="energy_retrofit",
        green_description="余热回收与空压机节能改造", collateral=("allowances", "guarantee"), bank_ids=(bank.pk,),
        mode="direct"),
        today=date(2023, 8, 21))  # fmt: skip
    grab.accept(users["bank1"], r.pk, today=date(2023, 8, 22))
    grab.respond(users["bank1"], r.pk, Answer(True, 3000 * WAN, 38_500, 12), today=date(2023, 8, 29))
    loan = next((f for f in lending.loans(enterprise_ids=[key_unit.pk]) if f.ref == "L2023A00101"), None)
    outcomes.disburse(users["bank1"], r.pk, Payout(3000 * WAN, date(2023, 9, 15), "L2023A00101", "energy_retrofit",
                                                   "余热回收与空压机节能改造", loan.id if loan else None))  # fmt: skip
    _backdate(r, date(2023, 8, 21))
    return r


def _requests_in_every_state(ctx) -> list[int]:
    users, banks = ctx.users, ctx.banks
    a = next(e for e in ctx.enterprises if e.key_emitter)
    b = next(e for e in ctx.enterprises if e.enterprise_type == "rd")
    today = date(2026, 11, 2)

    def post(user, enterprise, amount, term, purpose, green="", chosen=None, mode="grab"):
        return requests.post_request(users[user], enterprise.pk, requests.RequestInput(
            amount_fen=amount * WAN, term_months=term, purpose=purpose, green_category=green,
            green_description=purpose if green else "", collateral=("allowances",) if enterprise == a else (),
            mode=mode, bank_ids=tuple(x.pk for x in chosen) if chosen else None), today=today)  # fmt: skip

    made = []
    r = post("enterprise_b", b, 800, 24, "研发中心光伏屋顶建设", "clean_energy", banks[:2])
    grab.accept(users["bank1"], r.pk, today=today)
    grab.respond(users["bank1"], r.pk, Answer(True, 800 * WAN, 36_000, 24), today=today)
    outcomes.disburse(users["bank1"], r.pk, Payout(800 * WAN, date(2026, 11, 16), "GL-2026-0188", "clean_energy",
                                                   "研发中心光伏屋顶"))  # fmt: skip
    made.append(r.pk)  # disbursed
    r = post("enterprise_b", b, 500, 12, "高效电机替换", "energy_retrofit", banks[:2])
    grab.accept(users["bank2"], r.pk, today=today)
    grab.respond(users["bank2"], r.pk, Answer(True, 400 * WAN, 37_000, 12), today=today)
    made.append(r.pk)  # approved, not yet paid
    r = post("enterprise_b", b, 300, 12, "流动资金周转", chosen=banks[:1], mode="direct")
    grab.accept(users["bank1"], r.pk, today=today)
    grab.respond(users["bank1"], r.pk, Answer(False, decline_code="weak_cash_flow"), today=today)
    made.append(r.pk)  # declined
    r = post("enterprise_a", a, 2000, 24, "二期节能技改", "energy_retrofit")
    grab.accept(users["bank1"], r.pk, today=date(2026, 11, 30))
    made.append(r.pk)  # accepted, a bank engaged
    r = post("enterprise_a", a, 1500, 36, "锅炉煤改气", "pollution_control")
    made.append(r.pk)  # matched, waiting for a bank
    r = post("enterprise_a", a, 50_000, 240, "新建厂区（超出产品范围）")
    made.append(r.pk)  # open: no product fits
    r = post("enterprise_b", b, 200, 12, "实验设备购置", chosen=banks[:1])
    requests.withdraw_request(users["enterprise_b"], r.pk)
    made.append(r.pk)  # withdrawn
    r = post("enterprise_a", a, 1000, 12, "屋顶光伏", "clean_energy", banks[1:3])
    grab.accept(users["bank2"], r.pk, today=date(2026, 11, 3))
    grab.expire_due(date(2026, 11, 20))  # the slot lapsed: the bureau is alerted, the next bank may accept
    made.append(r.pk)
    return made


def _subsidies(ctx, key_unit, station_30m: FinancingRequest) -> None:
    """Financing subsidy 2024 (paid to the key unit for the 30 M CNY pledge loan) and 2026 (a claim pending)."""
    admin, officer = ctx.users["bureau_admin"], ctx.users["bureau_officer"]
    paid = subsidies.create_subsidy_scheme(admin, {
        "code": "RZTX-2024", "year": 2024, "title_zh": "绿色融资贴息（2024年度）",
        "title_en": "Green financing subsidy 2024", "budget_fen": 2_000_000 * 100,
        "window_opens": at(date(2024, 10, 8)), "window_closes": at(date(2024, 11, 29))})  # fmt: skip
    subsidies.open_subsidy_scheme(admin, paid.pk, at=at(date(2024, 10, 8)))
    key = f"matchmaking:{station_30m.disbursements.get().pk}"
    app = subsidy.claim(ctx.users["enterprise_a"], paid.pk, key_unit.pk, [key], date(2023, 9, 15), date(2024, 9, 13),
                        EVIDENCE, fees={key: 120_000 * 100}, at=at(date(2024, 10, 15)))  # fmt: skip
    applications.submit(ctx.users["enterprise_a"], app.pk, at=at(date(2024, 10, 15)))
    applications.formal_check(officer, app.pk, "complete", at=at(date(2024, 10, 22)))
    schemes.move(admin, paid.pk, "closed", at=at(date(2024, 11, 29)))
    subsidies.build_subsidy_result(officer, paid.pk, at=at(date(2024, 12, 2)))
    results.approve(admin, paid.pk, at=at(date(2024, 12, 5)))
    results.start_publicity(admin, paid.pk, start=date(2024, 12, 9), at=at(date(2024, 12, 9)))
    results.finalise(admin, paid.pk, today=date(2024, 12, 20), at=at(date(2024, 12, 20)))
    app.refresh_from_db()
    results.disburse(admin, app.pk, app.award.amount_fen, date(2024, 12, 27), "RZTX-2024-001")
    pending = subsidies.create_subsidy_scheme(admin, {
        "code": "RZTX-2026", "year": 2026, "title_zh": "绿色融资贴息（2026年度）",
        "title_en": "Green financing subsidy 2026", "budget_fen": 3_000_000 * 100,
        "window_opens": at(date(2026, 11, 2)), "window_closes": at(date(2027, 1, 29))})  # fmt: skip
    subsidies.open_subsidy_scheme(admin, pending.pk, at=at(date(2026, 11, 2)))
    b = next(e for e in ctx.enterprises if e.enterprise_type == "rd")
    line = next(c for c in subsidy.claimable(b.pk) if c.key.startswith("matchmaking:"))
    claim = subsidy.claim(ctx.users["enterprise_b"], pending.pk, b.pk, [line.key], date(2026, 11, 16),
                          date(2026, 12, 1), {k: v for k, v in EVIDENCE.items() if k != "pledge_notice"})  # fmt: skip
    applications.submit(ctx.users["enterprise_b"], claim.pk)
