"""Demo loans: the 30 M CNY one-year loan to the demo key emission-control unit (allowances plus a guarantee,
disbursed in 2023 and repaid), and six live loans (115 M CNY) in every coverage state, one of them under an open
margin call.

Pledges are real registry holds placed by the bureau and, for the repaid loan, released by the bank, through
the registry's services (so the registry's journal records them on the day the seed runs; the loan keeps its
own 2023 dates). Coverage history comes from the daily mark-to-market run over the demo price series.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal

from tanxin.lending import inputs
from tanxin.lending.domain import interest
from tanxin.lending.domain.params import DEFAULTS, PROFILES
from tanxin.lending.domain.valuation import value_price
from tanxin.lending.domain.workflow import State
from tanxin.lending.models import Collateral, Event, Loan, Pledge, Repayment
from tanxin.lending.services import margin
from tanxin.market.domain.calendar import trading_days
from tanxin.registry import facts
from tanxin.registry import services as registry

# Live loans: principal (CNY), target coverage at the last demo price (→ the state the loan shows), margin
# profile. Six borrowers, 115 M CNY in all: the pool of the district's carbon-asset ABS (securitisation's seed).
# A demo enterprise's free allowances are worth tens of thousands of CNY, so, like the 2023 loan, each loan is
# secured by the pledged allowances plus the guarantee group's guarantee sized to reach the target coverage.
LIVE_PLAN = ((25_000_000, Decimal("2.80"), "standard"), (22_000_000, Decimal("1.90"), "standard"),
             (20_000_000, Decimal("1.60"), "exchange"), (18_000_000, Decimal("1.36"), "standard"),
             (16_000_000, Decimal("1.75"), "standard"), (14_000_000, Decimal("2.10"), "standard"))  # fmt: skip
GUARANTEE_HAIRCUT_BP = 2000  # the guarantee is recognised at 80 % of its face (as for the 2023 loan)
MIN_FREE_T = 100


def _loan(ref: str, enterprise, bank, *, amount_fen: int, quantity_t: int, code: str, state: str, band: str,
          disbursed: date, profile: str = "standard", **extra) -> Loan:  # fmt: skip
    p = PROFILES[profile]
    rate = interest.rate_for(band, disbursed)
    loan = Loan.objects.create(
        ref=ref, enterprise=enterprise, bank=bank, state=state, amount_fen=amount_fen, term_months=12,
        purpose="节能改造及碳资产管理流动资金", instrument_code=code, quantity_t=quantity_t, band=band,
        band_source="bank",
        rate_ppm=int(rate * 10**6), profile=profile, warning_bp=int(p.warning * 10000),
        liquidation_bp=int(p.liquidation * 10000), release_bp=int(p.release * 10000), disbursed_on=disbursed,
        maturity_on=date(disbursed.year + 1, disbursed.month, min(disbursed.day, 28)), interest_from=disbursed,
        registration_no=f"0789{ref[-6:]}00051234", notice_no=f"深环南〔{disbursed.year}〕质押第{ref[-2:]}号",
        notice_date=disbursed - timedelta(days=3), notice_published=True, **extra)  # fmt: skip
    for action, to in (("apply", State.APPLIED), ("screen", State.SCREENED), ("value", State.VALUED),
                       ("approve", State.APPROVED), ("contract", State.CONTRACTED),
                       ("register_pledge", State.PLEDGED), ("disburse", State.LIVE)):  # fmt: skip
        Event.objects.create(loan=loan, action=action, to_state=to, details={"demo": True})
    return loan


def _pledge(admin, bank_user, loan: Loan, account_id: int, release: bool = False) -> None:
    result = registry.place_hold(admin, account_id, loan.instrument_code, loan.quantity_t, "pledge",
                                 pledgee_id=loan.bank_id, references={"loan": loan.ref,
                                 "pboc_registration": loan.registration_no, "notice": loan.notice_no},
                                 reason=f"碳排放权质押贷款 {loan.ref}")  # fmt: skip
    pledge = Pledge.objects.create(loan=loan, hold_ref=result["hold_ref"], instrument_code=loan.instrument_code,
                                   quantity_t=loan.quantity_t)  # fmt: skip
    if release:
        registry.release_hold(bank_user, pledge.hold_ref, reason=f"贷款 {loan.ref} 已结清")
        pledge.status, pledge.quantity_t = Pledge.Status.RELEASED, 0
        pledge.save()


def _guarantee(loan: Loan, guarantor, recognised_fen: Decimal) -> None:
    """The guarantee group's guarantee, its face sized so the recognised part tops the allowances up to the
    target coverage."""
    if recognised_fen <= 0:
        return
    face = int((recognised_fen * 10_000 / (10_000 - GUARANTEE_HAIRCUT_BP)).to_integral_value())
    Collateral.objects.create(loan=loan, kind="guarantee", face_fen=face, haircut_bp=GUARANTEE_HAIRCUT_BP,
                              description="深圳市融资担保集团连带责任保证", guarantor=guarantor)  # fmt: skip


def seed(ctx) -> None:
    admin, banks = ctx.users["bureau_admin"], ctx.banks
    if not banks:
        return
    last = max(d for d in trading_days(date(2026, 10, 1), date(2026, 10, 30)))
    prices = {}
    for kind in ("SZA", "CEA"):
        quotes = inputs.quotes(kind, last)
        if quotes:
            prices[kind] = value_price(quotes, last, DEFAULTS).price
    free_of, codes = {}, {}
    for e in ctx.enterprises:
        free = facts.pledgeable_now(e.pk, last)
        if free is None or free.instrument_kind not in prices:
            continue
        code, available = _largest_free(e, free.instrument_kind)
        if code:
            free_of[e.pk] = replace(free, pledgeable_t=min(free.pledgeable_t, available))
            codes[e.pk] = code
    key_unit = next((e for e in ctx.enterprises if e.key_emitter), None)
    if key_unit is None or not prices:
        return
    # the headline: 30 M CNY, one year, allowances plus a guarantee, disbursed 2023 and repaid
    free_a = free_of.get(key_unit.pk)
    q_a = free_a.pledgeable_t // 3 if free_a else 0
    code = codes.get(key_unit.pk, "SZA-2024")
    old = _loan("L2023A00101", key_unit, banks[0], amount_fen=30_000_000_00, quantity_t=max(q_a, 1), code=code,
                state=State.CLOSED, band="A", disbursed=date(2023, 9, 15))  # fmt: skip
    Collateral.objects.create(loan=old, kind="guarantee", face_fen=40_000_000_00, haircut_bp=2000,
                              description="深圳市融资担保集团连带责任保证", guarantor=ctx.guarantor)  # fmt: skip
    if q_a:
        _pledge(admin, _bank_user(ctx, old.bank), old, registry.holding_account(key_unit).pk, release=True)
    due = interest.accrued(old.amount_fen, Decimal(old.rate_ppm) / 10**6, old.disbursed_on, date(2024, 9, 13))
    Repayment.objects.create(loan=old, on=date(2024, 9, 13), amount_fen=old.amount_fen + due, interest_fen=due,
                             principal_fen=old.amount_fen)  # fmt: skip
    Loan.objects.filter(pk=old.pk).update(interest_paid_fen=due, interest_from=date(2024, 9, 13))
    for action, to in (("repay", State.REPAID), ("release", State.RELEASED), ("close", State.CLOSED)):
        Event.objects.create(loan=old, action=action, to_state=to, details={"demo": True})
    # live loans in every coverage state, on other enterprises' free allowances plus a guarantee
    others = [e for e in ctx.enterprises if e.pk != key_unit.pk and e.pk in free_of
              and free_of[e.pk].pledgeable_t >= MIN_FREE_T][: len(LIVE_PLAN)]  # fmt: skip
    live = []
    for i, (e, (cny, cover, profile)) in enumerate(zip(others, LIVE_PLAN, strict=False)):
        free = free_of[e.pk]
        q = free.pledgeable_t // 2
        principal = cny * 100
        bank = banks[i % len(banks)]
        loan = _loan(f"L2026B{i + 1:05d}", e, bank, amount_fen=principal, principal_fen=principal, quantity_t=q,
                     code=codes[e.pk], state=State.LIVE, band="ABCBAC"[i], profile=profile,
                     disbursed=date(2026, 10, 26) if i == 3 else date(2026, 5, 12) + timedelta(days=7 * i))
        _guarantee(loan, ctx.guarantor, cover * principal - q * prices[free.instrument_kind] * 100)
        _pledge(admin, None, loan, registry.holding_account(e).pk)
        live.append(loan)
    days = [d for d in trading_days(last - timedelta(days=60), last)]
    for d in days:  # each loan is marked from the day it was disbursed
        margin.mark_all(d, list(Loan.objects.filter(pk__in=[y.pk for y in live], disbursed_on__lte=d)
                                .select_related("enterprise", "bank")))  # fmt: skip


def _largest_free(enterprise, kind: str) -> tuple[str, int]:
    """The allowance instrument of ``kind`` with the most unencumbered tonnes in the enterprise's account."""
    rows = [r for r in facts.holdings(enterprise.pk) if r.instrument.startswith(f"{kind}-")]
    best = max(rows, key=lambda r: r.available_t, default=None)
    return (best.instrument, best.available_t) if best else ("", 0)


def _bank_user(ctx, bank):
    for key, user in ctx.users.items():
        if key.startswith("bank") and user.memberships.filter(organisation=bank).exists():
            return user
    return ctx.users["platform_admin"]

