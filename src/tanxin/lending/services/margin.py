"""Daily mark-to-market and margin calls.

``mark_all(on)`` revalues every live loan in a handful of queries: one price series per instrument, one
aggregate of open pledges and other collateral, one read of open calls; it writes one mark per loan and day
(re-running a day replaces nothing and adds nothing), opens, deepens, cures or escalates calls, and notifies
the enterprise, the bank and the bureau through ``orgs.notifications``. A monitoring mark uses the last
valuation price even when it is stale, and says so (a live loan cannot wait for the market to trade).

Cures — cash top-up (bank records it), extra allowances (an extra pledge hold), partial repayment
(``servicing.repay``) — are accepted only while the call's window is open.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.db import connection, transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tanxin.common.errors import DomainError, field_error
from tanxin.lending import inputs
from tanxin.lending.domain import coverage, interest, valuation
from tanxin.lending.domain import margin as rules
from tanxin.lending.domain.coverage import Exposure, Zone
from tanxin.lending.domain.params import DEFAULTS
from tanxin.lending.domain.workflow import Role, State
from tanxin.lending.models import Collateral, Cure, Event, Loan, MarginCall, Mark, Pledge
from tanxin.lending.services import idempotency
from tanxin.lending.services.common import load, profile_of, record, require_role, translated
from tanxin.orgs import notifications

SUBJECTS = {
    "open": gettext_lazy("Margin call on loan %(ref)s: coverage %(coverage)s%%"),
    "deepen": gettext_lazy("Loan %(ref)s is below the liquidation line: coverage %(coverage)s%%"),
    "cure": gettext_lazy("Margin call on loan %(ref)s cured"),
    "expire": gettext_lazy("Margin call on loan %(ref)s escalated: the cure window has closed"),
}
BODY = gettext_lazy(
    "%(borrower)s / %(bank)s: coverage %(coverage)s%% (warning line %(warning)s%%, liquidation line "
    "%(liquidation)s%%). Cure by %(deadline)s with cash, extra allowances or a partial repayment."
)


@dataclass(frozen=True)
class Outcome:
    loan_id: int
    coverage: Decimal
    zone: Zone
    action: str
    stale: bool


def _prices(instruments: set[str], on: date) -> dict[str, valuation.Valuation | None]:
    out: dict[str, valuation.Valuation | None] = {}
    for code in instruments:
        try:
            out[code] = valuation.value_price(inputs.quotes(code, on, days=60), on, DEFAULTS)
        except DomainError:
            out[code] = None  # no usable price: the loan keeps yesterday's mark
    return out


def _accrued(loan: Loan, on: date) -> int:
    if not loan.interest_from or loan.rate_ppm is None:
        return 0
    return interest.accrued(loan.principal_fen, Decimal(loan.rate_ppm) / 10**6, loan.interest_from, on,
                            loan.day_count_basis)  # fmt: skip


def _collateral_sums(loan_ids: list[int]) -> tuple[dict[int, int], dict[int, int]]:
    pledged = dict(Pledge.objects.filter(loan_id__in=loan_ids, status=Pledge.Status.OPEN).values_list("loan_id")
                   .annotate(s=Sum("quantity_t")))  # fmt: skip
    others: dict[int, int] = defaultdict(int)
    for c in Collateral.objects.filter(loan_id__in=loan_ids):
        others[c.loan_id] += c.recognised_fen
    return pledged, others


def exposure_of(loan: Loan, on: date, price: Decimal | None = None) -> Exposure:
    pledged, others = _collateral_sums([loan.pk])
    if price is None:
        with translated():
            price = valuation.value_price(inputs.quotes(loan.market_instrument, on, days=60), on, DEFAULTS).price
    return Exposure(pledged.get(loan.pk, 0), price, loan.cash_margin_fen, others.get(loan.pk, 0), loan.principal_fen,
                    _accrued(loan, on))  # fmt: skip


def mark_all(on: date | None = None, loans: list[Loan] | None = None) -> list[Outcome]:
    """Revalue and classify every live loan (or the given ones) on ``on``; idempotent per day."""
    on = on or timezone.localdate()
    if loans is None:
        loans = list(Loan.objects.filter(state=State.LIVE).select_related("enterprise", "bank"))
    if not loans:
        return []
    ids = [loan.pk for loan in loans]
    prices = _prices({loan.market_instrument for loan in loans}, on)
    pledged, others = _collateral_sums(ids)
    # the latest call that still governs each loan: an open one, or an escalated one awaiting the bank's decision
    calls = {c.loan_id: c for c in MarginCall.objects.filter(loan_id__in=ids, state__in=["open", "escalated"])
             .order_by("loan_id", "pk")}  # fmt: skip
    marked = set(Mark.objects.filter(loan_id__in=ids, on=on).values_list("loan_id", flat=True))
    marks, events, outcomes, notices = [], [], [], []
    with transaction.atomic():
        for loan in loans:
            val = prices.get(loan.market_instrument)
            if val is None or loan.principal_fen <= 0:
                continue
            exp = Exposure(pledged.get(loan.pk, 0), val.price, loan.cash_margin_fen, others.get(loan.pk, 0),
                           loan.principal_fen, _accrued(loan, on))  # fmt: skip
            outcome, event, notice = _classify(loan, exp, calls.get(loan.pk), on, val.stale)
            outcomes.append(outcome)
            if loan.pk not in marked:
                marks.append(Mark(loan=loan, on=on, price_fen=int(val.price * 100), quantity_t=exp.quantity_t,
                                  debt_fen=exp.debt_fen, coverage_bp=int(outcome.coverage * 10000),
                                  zone=outcome.zone, stale=val.stale))  # fmt: skip
            if event is not None:
                events.append(event)
            if notice is not None:
                notices.append(notice)
        Mark.objects.bulk_create(marks, ignore_conflicts=True)
        Event.objects.bulk_create(events)
        _store_latest([loan for loan in loans if loan.last_mark_on == on])
        bureaus: dict[int, list[int]] = {}
        for args in notices:
            _notify(*args, bureaus=bureaus)
    return outcomes


def _store_latest(loans: list[Loan]) -> None:
    """The latest mark on each loan row without ``bulk_update`` (which builds a CASE over every row and costs
    seconds for a thousand loans): PostgreSQL joins a VALUES list in one statement per 500 loans; SQLite runs one
    prepared statement many times, which is as fast in-process."""
    table = Loan._meta.db_table
    rows = [(loan.pk, loan.last_mark_on, loan.last_coverage_bp, loan.last_zone) for loan in loans]
    with connection.cursor() as cursor:
        if connection.vendor != "postgresql":
            cursor.executemany(f"UPDATE {table} SET last_mark_on = %s, last_coverage_bp = %s, last_zone = %s "
                               "WHERE id = %s", [(d, c, z, pk) for pk, d, c, z in rows])  # fmt: skip
            return
        for start in range(0, len(rows), 500):
            chunk = rows[start : start + 500]
            values = ", ".join(["(%s::bigint, %s::date, %s::integer, %s::varchar)"] * len(chunk))
            cursor.execute(f"UPDATE {table} AS t SET last_mark_on = v.d, last_coverage_bp = v.c, last_zone = v.z "
                           f"FROM (VALUES {values}) AS v(id, d, c, z) WHERE t.id = v.id",
                           [x for row in chunk for x in row])  # fmt: skip


def _classify(loan: Loan, exp: Exposure, call: MarginCall | None, on: date, stale: bool):
    """Today's zone for one loan and what it does to the call; returns (outcome, event or None, notice or None)."""
    profile = profile_of(loan)
    ratio = coverage.coverage(exp)
    zone = coverage.zone(ratio, profile)
    loan.last_mark_on, loan.last_coverage_bp, loan.last_zone = on, int(ratio * 10000), str(zone)
    decision = rules.decide(zone, rules.CallState(call.state) if call else None,
                            rules.CallLevel(call.level) if call else None, call.deadline if call else None,
                            on, DEFAULTS)  # fmt: skip
    event = notice = None
    details = {"coverage": str(ratio), "zone": str(zone), "price": str(exp.price), "stale": stale}
    if decision.action == "open":
        call = MarginCall.objects.create(loan=loan, level=decision.level, opened_on=on, deadline=decision.deadline,
                                         coverage_bp=int(ratio * 10000))  # fmt: skip
    elif decision.action == "deepen":
        call.level, call.deadline = decision.level, decision.deadline
        call.save(update_fields=["level", "deadline"])
    elif decision.action in ("cure", "expire"):
        call.state = rules.move(rules.CallState(call.state),
                                rules.CallEvent.CURE if decision.action == "cure" else rules.CallEvent.EXPIRE)
        call.closed_on = on
        call.save(update_fields=["state", "closed_on"])
    if decision.action != "none":
        details.update({"call": call.pk, "deadline": call.deadline.isoformat(), "level": call.level})
        event = Event(loan=loan, action=f"margin_{decision.action}", from_state=loan.state, to_state=loan.state,
                      details=details)  # fmt: skip
        notice = (loan, call, decision.action, ratio)
    return Outcome(loan.pk, ratio, zone, decision.action, stale), event, notice


def _notify(loan: Loan, call: MarginCall, action: str, ratio: Decimal, bureaus: dict[int, list[int]]) -> None:
    params = {"ref": loan.ref, "coverage": f"{ratio * 100:.1f}", "borrower": loan.enterprise.name_zh,
              "bank": loan.bank.name_zh, "warning": f"{loan.warning_bp / 100:.0f}",
              "liquidation": f"{loan.liquidation_bp / 100:.0f}", "deadline": call.deadline.isoformat()}  # fmt: skip
    place = loan.enterprise.jurisdiction_id
    if place not in bureaus:
        bureaus[place] = notifications.bureaus_over(place)
    orgs = [loan.enterprise_id, loan.bank_id, *bureaus[place]]
    notifications.notify(kind=f"lending.margin_{action}", subject=SUBJECTS[action], body=BODY, params=params,
                         org_ids=orgs, link=f"/lending/loans/{loan.pk}/",
                         key=f"lending:call:{call.pk}:{action}:{call.level}")  # fmt: skip


def remark(loan: Loan, on: date) -> Outcome | None:
    """Mark one loan again after a cure (replacing today's mark) so a restored coverage cures the call at once."""
    Mark.objects.filter(loan=loan, on=on).delete()
    result = mark_all(on, [loan])
    return result[0] if result else None


def close_calls(loan: Loan, on: date) -> None:
    MarginCall.objects.filter(loan=loan, state__in=["open", "escalated"]).update(state="closed", closed_on=on)


def require_window(call: MarginCall, today: date) -> None:
    with translated():
        rules.require_open_window(rules.CallState(call.state), call.deadline, today)


def _open_call(loan: Loan, today: date) -> MarginCall:
    call = MarginCall.objects.filter(loan=loan).order_by("-pk").first()
    if call is None or call.state in ("cured", "closed"):
        raise DomainError(_("There is no open margin call on this loan."), code="no_open_call")
    if call.state == "escalated":  # the daily job found the window closed before this top-up arrived
        with translated():
            raise DomainError("the cure window has closed", code="cure_window_closed",
                              details={"deadline": call.deadline.isoformat()})  # fmt: skip
    require_window(call, today)
    return call


def cure_cash(user: Any, loan_id: int, amount_fen: int, key: str | None = None) -> dict:
    """The bank records a cash top-up received from the borrower while the call's window is open."""
    if isinstance(amount_fen, bool) or not isinstance(amount_fen, int) or amount_fen <= 0:
        raise field_error("amount_fen", _("The amount must be positive."), code="not_positive")
    today = timezone.localdate()

    def work() -> dict:
        loan = load(user, loan_id)
        require_role(user, loan, Role.BANK)
        call = _open_call(loan, today)
        loan.cash_margin_fen += amount_fen
        record(user, loan, "cure_cash", loan.state, loan.state, details={"amount_fen": amount_fen, "call": call.pk})
        Cure.objects.create(call=call, kind=Cure.Kind.CASH, amount_fen=amount_fen, actor=user)
        outcome = remark(loan, today)
        call.refresh_from_db()
        return {"loan_id": loan.pk, "call_state": call.state, "coverage": str(outcome.coverage if outcome else "")}

    return idempotency.run(user, "cure_cash", {"loan": loan_id, "amount_fen": amount_fen}, key, work)


def cure_allowances(user: Any, loan_id: int, quantity_t: int, key: str | None = None) -> dict:
    """The enterprise pledges extra allowances (another registry hold in the bank's favour) during the window."""
    from tanxin.lending.services.desk import _place

    if isinstance(quantity_t, bool) or not isinstance(quantity_t, int) or quantity_t <= 0:
        raise field_error("quantity_t", _("The quantity must be a whole, positive number of tonnes."))
    today = timezone.localdate()

    def work() -> dict:
        loan = load(user, loan_id)
        require_role(user, loan, Role.ENTERPRISE)
        call = _open_call(loan, today)
        hold = _place(user, loan, quantity_t, Pledge.Purpose.TOP_UP, key)
        loan.quantity_t += quantity_t
        record(user, loan, "cure_allowances", loan.state, loan.state,
               details={"quantity_t": quantity_t, "hold_ref": hold, "call": call.pk})  # fmt: skip
        Cure.objects.create(call=call, kind=Cure.Kind.ALLOWANCES, quantity_t=quantity_t, hold_ref=hold, actor=user)
        outcome = remark(loan, today)
        call.refresh_from_db()
        return {"loan_id": loan.pk, "hold_ref": hold, "call_state": call.state,
                "coverage": str(outcome.coverage if outcome else "")}  # fmt: skip

    return idempotency.run(user, "cure_allowances", {"loan": loan_id, "quantity_t": quantity_t}, key, work)
