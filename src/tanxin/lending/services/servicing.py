"""A live loan: repayments (interest first), release of the pledge, partial release for surrender against
substitute collateral, closing. Writes that move money or tonnes take an idempotency key."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from tanxin.common.errors import DomainError, field_error
from tanxin.lending.domain import coverage, interest
from tanxin.lending.domain.workflow import Role, State
from tanxin.lending.models import Collateral, Cure, Loan, MarginCall, Pledge, Repayment
from tanxin.lending.services import idempotency, margin
from tanxin.lending.services.common import attach, check, load, record, require_role, step, translated
from tanxin.registry import services as registry


def accrued(loan: Loan, on: date) -> int:
    if not loan.interest_from or loan.rate_ppm is None:
        return 0
    with translated():
        return interest.accrued(loan.principal_fen, Decimal(loan.rate_ppm) / 10**6, loan.interest_from, on,
                                loan.day_count_basis)  # fmt: skip


def _amount(field: str, value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise field_error(field, _("The amount must be positive."), code="not_positive")
    return value


def repay(user: Any, loan_id: int, amount_fen: int, on: date | None = None, voucher: tuple[str, bytes] | None = None,
          key: str | None = None) -> dict:  # fmt: skip
    """The bank records money received: interest accrued to ``on`` first, then principal. Paying everything
    moves the loan to repaid; a partial repayment during a margin call counts as a cure."""
    amount_fen = _amount("amount_fen", amount_fen)
    on = on or timezone.localdate()

    def work() -> dict:
        loan = load(user, loan_id)
        require_role(user, loan, Role.BANK)
        if loan.state != State.LIVE:
            check(user, loan, "repay")
        if on < (loan.interest_from or on):
            raise field_error("on", _("The date is before the last repayment."))
        due = accrued(loan, on)
        with translated():
            paid_interest, paid_principal = interest.split_repayment(amount_fen, due, loan.principal_fen)
        Repayment.objects.create(loan=loan, on=on, amount_fen=amount_fen, interest_fen=paid_interest,
                                 principal_fen=paid_principal, actor=user)  # fmt: skip
        loan.principal_fen -= paid_principal
        loan.interest_paid_fen += paid_interest
        loan.interest_from = on
        attach(user, loan, "repayment", voucher)
        details = {"amount_fen": amount_fen, "interest_fen": paid_interest, "principal_fen": paid_principal}
        if loan.principal_fen == 0:
            margin.close_calls(loan, on)
            step(user, loan, "repay", details=details)
        else:
            record(user, loan, "repay_partial", loan.state, loan.state, details=details)
            call = MarginCall.objects.filter(loan=loan, state="open").first()
            if call is not None:
                margin.require_window(call, on)
                Cure.objects.create(call=call, kind=Cure.Kind.REPAYMENT, amount_fen=amount_fen, actor=user)
                margin.remark(loan, on)
        return {"loan_id": loan.pk, "state": loan.state, "principal_fen": loan.principal_fen,
                "interest_fen": paid_interest, "principal_paid_fen": paid_principal}  # fmt: skip

    return idempotency.run(user, "repay", {"loan": loan_id, "amount_fen": amount_fen, "on": on.isoformat()}, key, work)


def _open_pledges(loan: Loan) -> list[Pledge]:
    return list(loan.pledges.filter(status=Pledge.Status.OPEN).order_by("-placed_at", "-pk"))


def release(user: Any, loan_id: int, key: str | None = None) -> dict:
    """The pledgee bank lifts every open pledge of a repaid loan (the registry refuses anyone else)."""

    def work() -> dict:
        loan = load(user, loan_id)
        check(user, loan, "release")
        refs = []
        for pledge in _open_pledges(loan):
            registry.release_hold(user, pledge.hold_ref, reason=_("Loan %(ref)s repaid") % {"ref": loan.ref},
                                  key=idempotency.registry_key(loan.ref, f"release-{pledge.pk}", key))  # fmt: skip
            pledge.status, pledge.closed_at = Pledge.Status.RELEASED, timezone.now()
            pledge.save(update_fields=["status", "closed_at"])
            refs.append(pledge.hold_ref)
        step(user, loan, "release", details={"holds": refs})
        return {"loan_id": loan.pk, "state": loan.state, "released": refs}

    return idempotency.run(user, "release", {"loan": loan_id}, key, work)


SUBSTITUTES = ("cash", "deposit", "guarantee")


def partial_release(user: Any, loan_id: int, quantity_t: int, substitute_kind: str, substitute_fen: int,
                    reason: str = "", key: str | None = None) -> dict:  # fmt: skip
    """Release part of the pledge so the enterprise can surrender, against substitute collateral; refused when
    coverage after the release would fall below the warning line."""
    if isinstance(quantity_t, bool) or not isinstance(quantity_t, int) or quantity_t <= 0:
        raise field_error("quantity_t", _("The quantity must be a whole, positive number of tonnes."))
    if substitute_kind not in SUBSTITUTES:
        raise field_error("substitute_kind", _("Choose the substitute collateral."))
    substitute_fen = _amount("substitute_fen", substitute_fen)
    content = {"loan": loan_id, "q": quantity_t, "kind": substitute_kind, "fen": substitute_fen}
    today = timezone.localdate()

    def work() -> dict:
        loan = load(user, loan_id)
        require_role(user, loan, Role.BANK)
        if loan.state != State.LIVE:
            raise DomainError(_("Only a disbursed loan can be partly released."), code="wrong_state")
        pledges = _open_pledges(loan)
        pledged = sum(p.quantity_t for p in pledges)
        if quantity_t >= pledged:
            raise field_error("quantity_t", _("A partial release must leave part of the pledge in place; repay "
                                              "the loan to release all of it."))  # fmt: skip
        mark = margin.exposure_of(loan, today)
        after = coverage.Exposure(pledged - quantity_t, mark.price,
                                  mark.cash_margin_fen + (substitute_fen if substitute_kind == "cash" else 0),
                                  mark.other_collateral_fen + (substitute_fen if substitute_kind != "cash" else 0),
                                  mark.principal_fen, mark.accrued_fen)  # fmt: skip
        with translated():
            ratio = coverage.coverage(after)
        if ratio < Decimal(loan.warning_bp) / 10000:
            raise DomainError(_("After this release coverage would be %(r)s %%, below the warning line; offer more "
                                "substitute collateral.") % {"r": f"{ratio * 100:.1f}"}, code="release_breaches_line",
                              details={"coverage": str(ratio)})  # fmt: skip
        if substitute_kind == "cash":
            loan.cash_margin_fen += substitute_fen
        else:
            Collateral.objects.create(loan=loan, kind=substitute_kind, face_fen=substitute_fen, haircut_bp=0,
                                      description=_("Substitute collateral for a partial release"))  # fmt: skip
        remaining, released = quantity_t, []
        for pledge in pledges:
            if remaining == 0:
                break
            q = min(remaining, pledge.quantity_t)
            registry.release_hold(user, pledge.hold_ref, quantity=q if q < pledge.quantity_t else None,
                                  reason=reason or _("Partial release for surrender"),
                                  key=idempotency.registry_key(loan.ref, f"partial-{pledge.pk}", key))  # fmt: skip
            pledge.quantity_t -= q
            if pledge.quantity_t == 0:  # the row keeps what is still held; the registry keeps the history
                pledge.status, pledge.closed_at = Pledge.Status.RELEASED, timezone.now()
            pledge.save()
            released.append({"hold_ref": pledge.hold_ref, "quantity_t": q})
            remaining -= q
        loan.quantity_t = pledged - quantity_t
        record(user, loan, "partial_release", loan.state, loan.state, reason=reason,
               details={"released": released, "substitute": substitute_kind, "substitute_fen": substitute_fen,
                        "coverage_after": str(ratio)})  # fmt: skip
        return {"loan_id": loan.pk, "released": released, "coverage_after": str(ratio)}

    return idempotency.run(user, "partial_release", content, key, work)


def close(user: Any, loan_id: int, reason: str = "") -> Loan:
    from django.db import transaction

    with transaction.atomic():
        loan = load(user, loan_id)
        step(user, loan, "close", reason=reason, details={"written_off_fen": loan.principal_fen})
    return loan
