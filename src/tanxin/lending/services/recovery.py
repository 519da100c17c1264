"""Default, the disposal simulation the bank reads before deciding, enforcement of the pledge, recovery."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tanxin.common.errors import field_error
from tanxin.lending import inputs
from tanxin.lending.domain import disposal, valuation
from tanxin.lending.domain.params import DEFAULTS
from tanxin.lending.models import Loan, Pledge
from tanxin.lending.services import idempotency, margin
from tanxin.lending.services.common import attach, load, step, translated
from tanxin.registry import services as registry


def simulate(loan: Loan, on: date | None = None) -> disposal.DisposalResult:
    """Expected and stressed recovery and LGD if the pledged allowances were sold from ``on``."""
    on = on or timezone.localdate()
    with translated():
        quotes = inputs.quotes(loan.market_instrument, on)
        val = valuation.value_price(quotes, on, DEFAULTS)
        recent = [q for q in quotes if q.day <= on][-20:]
        adv = sum(q.volume_t for q in recent) // max(1, len(recent))
        sigma = valuation.annual_volatility(quotes, on)
        exp = margin.exposure_of(loan, on, val.price)
        debt = max(exp.debt_fen, 1)
        return disposal.simulate(disposal.DisposalInput(exp.quantity_t, val.price, adv, sigma, debt,
                                                        exp.cash_margin_fen, exp.other_collateral_fen),
                                 DEFAULTS)  # fmt: skip


def declare_default(user: Any, loan_id: int, reason: str) -> Loan:
    if not (reason or "").strip():
        raise field_error("reason", _("Give a reason."))
    with transaction.atomic():
        loan = load(user, loan_id)
        margin.close_calls(loan, timezone.localdate())
        step(user, loan, "default", reason=reason)
    return loan


def dispose(user: Any, loan_id: int, record: tuple[str, bytes] | None = None, key: str | None = None) -> dict:
    """Enforce every open pledge: the held tonnes move to the bank's holding account (the registry's enforcement)."""

    def work() -> dict:
        loan = load(user, loan_id)
        from tanxin.lending.services.common import check

        check(user, loan, "dispose")
        moved = []
        for pledge in loan.pledges.filter(status=Pledge.Status.OPEN).order_by("pk"):
            registry.enforce_hold(user, pledge.hold_ref, pledge.quantity_t,
                                  reason=_("Enforcement of pledge loan %(ref)s") % {"ref": loan.ref},
                                  key=idempotency.registry_key(loan.ref, f"enforce-{pledge.pk}", key))  # fmt: skip
            pledge.status, pledge.closed_at = Pledge.Status.ENFORCED, timezone.now()
            pledge.save(update_fields=["status", "closed_at"])
            moved.append({"hold_ref": pledge.hold_ref, "quantity_t": pledge.quantity_t})
        attach(user, loan, "disposal", record)
        step(user, loan, "dispose", details={"enforced": moved})
        return {"loan_id": loan.pk, "state": loan.state, "enforced": moved}

    return idempotency.run(user, "dispose", {"loan": loan_id}, key, work)


def recover(user: Any, loan_id: int, amount_fen: int, key: str | None = None) -> dict:
    """The bank records what the sale (and the other collateral) brought in; the rest is the loss."""
    if isinstance(amount_fen, bool) or not isinstance(amount_fen, int) or amount_fen < 0:
        raise field_error("amount_fen", _("Enter the amount recovered (zero or more)."))

    def work() -> dict:
        loan = load(user, loan_id)
        today = timezone.localdate()
        debt = loan.principal_fen + margin._accrued(loan, today)
        applied = min(amount_fen, loan.principal_fen)
        loan.recovered_fen += amount_fen
        loan.principal_fen -= applied
        loss = max(0, debt - amount_fen)
        lgd = (Decimal(loss) / debt).quantize(Decimal("0.0001")) if debt else Decimal(0)
        step(user, loan, "recover", details={"amount_fen": amount_fen, "loss_fen": loss, "lgd": str(lgd)})
        return {"loan_id": loan.pk, "state": loan.state, "loss_fen": loss, "lgd": str(lgd)}

    return idempotency.run(user, "recover", {"loan": loan_id, "amount_fen": amount_fen}, key, work)


