"""The pool's cash flows, period by period (one period = one month after the cut-off).

Each loan: a balance, an annual rate, a remaining term, an amortisation (``bullet``, ``linear`` equal
principal, ``annuity``), pledged tonnes and the share of an exposure a guarantee pays. Each period, in
this order: a fraction MDR of the balance defaults; the rest pays interest (rate / 12 on the performing
balance), its scheduled principal, then a fraction SMM of what is left prepays. Pledged tonnes leave the
pool with defaulted and prepaid balance (a repaid loan frees its pledge). A default is recovered
``lag`` periods later: ``min(exposure, tonnes × price at recovery × (1 − slippage) + guarantee × exposure)``.

The exact projection runs loan by loan in Decimal (40 digits) and rounds the pool's period totals half-even to the
fen, an exact half-fen tie included (totals are snapped to 10⁻¹² fen before); the
performing balance is the rounded exact balance, and scheduled principal absorbs the rounding so the
balance always equals the opening balance minus the period's principal, prepayments and defaults.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_EVEN, Decimal, localcontext

from tanxin.securitisation.domain.errors import refuse

AMORTISATIONS = ("bullet", "linear", "annuity")
MAX_TERM = 360
MAX_LAG = 60
MAX_PRICE_FEN = 10**9  # ten million yuan a tonne: far above any allowance price
ONE = Decimal(1)


@dataclass(frozen=True)
class Loan:
    key: str
    balance_fen: int
    rate_ppm: int  # annual
    months: int  # remaining term
    amortisation: str = "bullet"
    pledged_t: int = 0
    guarantee_ppm: int = 0  # share of a defaulted exposure a guarantee pays


@dataclass(frozen=True)
class Assumptions:
    cdr: Decimal = Decimal(0)  # annual constant default rate
    cpr: Decimal = Decimal(0)  # annual constant prepayment rate
    recovery_lag: int = 6
    slippage: Decimal = Decimal("0.10")  # disposal discount on the carbon price
    price_fen: Decimal = Decimal(0)  # price of one tonne at the cut-off
    price_shock: Decimal = Decimal(0)  # an immediate move, e.g. -0.30
    price_drift: Decimal = Decimal(0)  # annual, continuously compounded
    lpr_bp: int = 300  # for floating coupons
    defaults: tuple[tuple[str, int], ...] = field(default_factory=tuple)  # (loan key, period): a whole loan defaults


def smm(cpr: Decimal) -> Decimal:
    """Single monthly mortality from an annual rate: 1 − (1 − CPR)^(1/12); also MDR from CDR."""
    if cpr == 0:
        return Decimal(0)
    with localcontext() as ctx:
        ctx.prec = 40
        return ONE - (ONE - cpr) ** (ONE / 12)


def annual(monthly: Decimal) -> Decimal:
    """Back from a monthly rate to an annual one: 1 − (1 − SMM)^12."""
    return ONE - (ONE - monthly) ** 12


def check_loans(loans: list[Loan] | tuple[Loan, ...]) -> None:
    if not loans:
        raise refuse("empty_pool", "the pool holds no loan")
    for loan in loans:
        if loan.balance_fen <= 0 or loan.rate_ppm < 0 or loan.pledged_t < 0:
            raise refuse("negative_rate", "a pool loan has a negative or zero amount or rate", loan=loan.key)
        if not 1 <= loan.months <= MAX_TERM:
            raise refuse("bad_term", "a pool loan's remaining term is out of range", loan=loan.key)
        if loan.amortisation not in AMORTISATIONS or not 0 <= loan.guarantee_ppm <= 1_000_000:
            raise refuse("bad_loan", "a pool loan has an unknown amortisation or guarantee", loan=loan.key)


def check_assumptions(a: Assumptions) -> None:
    for name in ("cdr", "cpr", "slippage"):
        value = getattr(a, name)
        if not Decimal(0) <= value < ONE:
            raise refuse("negative_rate", "a rate is outside 0 to 100 %", field=name)
    price_ok = 0 <= a.price_fen <= MAX_PRICE_FEN and Decimal(-1) < a.price_shock <= Decimal(10)
    if not price_ok or abs(a.price_drift) > 5:
        raise refuse("bad_price", "the carbon price assumptions are out of range")
    if not 0 <= a.recovery_lag <= MAX_LAG:
        raise refuse("bad_lag", "the recovery lag is out of range", field="recovery_lag")


def horizon(loans: list[Loan] | tuple[Loan, ...], lag: int) -> int:
    return max(loan.months for loan in loans) + lag


def schedule_fraction(loan: Loan, period: int) -> Decimal:
    """Share of the performing balance due as scheduled principal in ``period``."""
    if period > loan.months:
        return Decimal(0)
    if period == loan.months:
        return ONE
    if loan.amortisation == "bullet":
        return Decimal(0)
    left = loan.months - period + 1
    if loan.amortisation == "linear":
        return ONE / left
    r = Decimal(loan.rate_ppm) / Decimal(12_000_000)
    return ONE / left if r == 0 else r / ((ONE + r) ** left - ONE)


def price_at(a: Assumptions, period: int) -> Decimal:
    """The carbon price of one tonne ``period`` months after the cut-off on the base path."""
    with localcontext() as ctx:
        ctx.prec = 40
        return a.price_fen * (ONE + a.price_shock) * (a.price_drift * period / 12).exp()


@dataclass(frozen=True)
class PoolFlows:
    """The pool's period totals in fen (index 0 = period 1)."""

    initial_fen: int
    opening: list[int]
    interest: list[int]
    scheduled: list[int]
    prepaid: list[int]
    defaulted: list[int]
    recovered: list[int]
    loss: list[int]
    closing: list[int]

    @property
    def periods(self) -> int:
        return len(self.opening)


def project(loans: list[Loan] | tuple[Loan, ...], a: Assumptions) -> PoolFlows:
    """The exact base-case projection (see the module docstring)."""
    check_loans(loans)
    check_assumptions(a)
    keys = {loan.key for loan in loans}
    events = dict(a.defaults)
    if any(k not in keys for k in events):
        raise refuse("unknown_loan", "a default names a loan that is not in the pool")
    periods = horizon(loans, a.recovery_lag)
    cols = {k: [Decimal(0)] * periods for k in ("interest", "scheduled", "prepaid", "defaulted", "closing")}
    recovered = [Decimal(0)] * periods
    mdr, monthly_prepay = smm(a.cdr), smm(a.cpr)
    slip = ONE - a.slippage
    with localcontext() as ctx:
        ctx.prec = 40
        for loan in loans:
            bal, tonnes = Decimal(loan.balance_fen), Decimal(loan.pledged_t)
            rate, g = Decimal(loan.rate_ppm) / Decimal(12_000_000), Decimal(loan.guarantee_ppm) / Decimal(1_000_000)
            for t in range(1, loan.months + 1):
                d_share = ONE if events.get(loan.key) == t else mdr
                default, d_tonnes = bal * d_share, tonnes * d_share
                perf, tonnes = bal - default, tonnes - d_tonnes
                sched = perf * schedule_fraction(loan, t)
                prepay = (perf - sched) * monthly_prepay
                tonnes *= ONE - monthly_prepay
                bal = perf - sched - prepay
                i = t - 1
                cols["interest"][i] += perf * rate
                cols["scheduled"][i] += sched
                cols["prepaid"][i] += prepay
                cols["defaulted"][i] += default
                cols["closing"][i] += bal
                if default > 0:
                    back = t + a.recovery_lag
                    carbon = d_tonnes * price_at(a, back) * slip
                    recovered[back - 1] += min(default, carbon + g * default)
        return _to_fen(loans, cols, recovered, a.recovery_lag)  # 40 digits hold any stored balance to 10⁻¹² fen


def _to_fen(loans, cols: dict[str, list[Decimal]], recovered: list[Decimal], lag: int) -> PoolFlows:
    n = len(recovered)
    initial = sum(loan.balance_fen for loan in loans)
    out: dict[str, list[int]] = {k: [] for k in ("opening", "interest", "scheduled", "prepaid", "defaulted",
                                                 "recovered", "loss", "closing")}  # fmt: skip
    opening = initial
    for i in range(n):
        closing = _fen(cols["closing"][i])
        prepaid, defaulted = _fen(cols["prepaid"][i]), _fen(cols["defaulted"][i])
        sched = opening - closing - prepaid - defaulted
        if sched < 0:  # rounding only: take it back from prepayments, then defaults
            take = min(-sched, prepaid)
            prepaid, sched = prepaid - take, sched + take
            defaulted, sched = defaulted + sched, 0
        rec = _fen(recovered[i])
        due = defaulted if lag == 0 else out["defaulted"][i - lag] if i >= lag else 0
        rec = min(rec, due)
        for key, value in (("opening", opening), ("interest", _fen(cols["interest"][i])), ("scheduled", sched),
                           ("prepaid", prepaid), ("defaulted", defaulted), ("recovered", rec),
                           ("loss", due - rec), ("closing", closing)):  # fmt: skip
            out[key].append(value)
        opening = closing
    return PoolFlows(initial_fen=initial, **out)


def _fen(value: Decimal) -> int:
    # Snap to a trillionth of a fen first: forty-digit arithmetic leaves an exact half fen (3 fen × (1 − CPR 50 %)
    # over a year is 1.5) a hair off, and half-even must see the tie itself.
    return int(value.quantize(_SNAP).to_integral_value(ROUND_HALF_EVEN))


_SNAP = Decimal("1e-12")
