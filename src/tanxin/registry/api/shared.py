"""The Idempotency-Key, the answer of a move, account lookup and the compliance position's shape."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Status

from tanxin.common.errors import DomainError, NotFound
from tanxin.registry import queries
from tanxin.registry.models import Account
from tanxin.web.api_contract import Id

MAX_UPLOAD = 5 * 1024 * 1024


def idempotency_key(request: HttpRequest) -> str:
    key = request.headers.get("Idempotency-Key", "").strip()
    if not key or len(key) > 200:
        raise DomainError(_("The Idempotency-Key header is missing or longer than 200 characters."),
                          code="idempotency_key_required")  # fmt: skip
    return key


def moved(result: dict) -> Status:
    body = {"status": result.get("status", "executed"), **result}
    return Status(200 if result.get("replayed") else 201, body)


def coverage_out(c) -> dict:
    if c is None:
        return {}
    return {"average_price_start": c.start, "average_price_end": c.end, "average_price_trading_days": c.trading_days,
            "average_price_months_without_prices": list(c.months_without_prices),
            "average_price_last_day": c.last_price_day}  # fmt: skip


def position_out(pos) -> dict:
    r = pos.result
    return {
        "enterprise_id": pos.enterprise.pk, "enterprise": pos.enterprise.name, "year": pos.year,
        "scheme": pos.scheme, "status": pos.status,
        "obligation_t": pos.obligation.tonnes if pos.obligation else None,
        "obligation_source": pos.obligation.source if pos.obligation else None,
        "deadline": r.deadline if r else None,
        "allowances_surrendered_t": r.allowances_surrendered_t if r else None,
        "offsets_surrendered_t": r.offsets_surrendered_t if r else None,
        "offsets_counted_t": r.offsets_counted_t if r else None,
        "shortfall_t": r.shortfall_t if r else None, "penalty_fen": r.penalty_fen if r else None,
        "average_price": str(pos.average_price) if pos.average_price is not None else None,
        "price_synthetic": pos.price_synthetic, "surplus_t": r.surplus_t if r else None,
        **coverage_out(pos.price_coverage),
        "pledgeable_t": r.pledgeable_t if r else None, "to_be_confirmed": list(pos.unconfirmed),
    }  # fmt: skip


def account_for(request: HttpRequest, account_id: Id) -> Account:
    account = queries.account(request.user, account_id)
    if account is None:
        raise NotFound(_("Account not found."))
    return account
