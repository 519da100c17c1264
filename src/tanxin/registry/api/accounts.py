"""Accounts: open, list, read with holdings, transaction history, trusted counterparties, pledgeable now."""

from __future__ import annotations

from datetime import timedelta

from django.db.models import Q
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Status

from tanxin.common.errors import NotFound
from tanxin.orgs.models import Organisation
from tanxin.registry import facts, queries, services
from tanxin.registry.api.schemas import (
    AccountDetail,
    AccountIn,
    AccountOut,
    AccountQuery,
    AccountTransactionOut,
    HistoryQuery,
    PledgeableOut,
    TrustedIn,
    TrustedOut,
)
from tanxin.registry.api.shared import (
    account_for,
)
from tanxin.registry.models import Account, Posting
from tanxin.web.api_contract import Id, changed_since, page_answer, page_of, paginate

router = Router()


@router.get("/accounts", response=page_of(AccountOut))
def list_accounts(request: HttpRequest, params: Query[AccountQuery]):
    """The accounts you may see, by number; ``updated_since`` keeps those opened, changed or whose holdings
    moved since then (what an integrator re-reads with ``GET /accounts/{id}``)."""
    rows = queries.accounts(request.user).order_by("number", "pk")
    since = params.updated_since
    if since is not None:
        changed = Account.history.filter(history_date__gte=since).values("id")
        rows = changed_since(rows, params, "created_at", "postings__tx__created_at", Q(pk__in=changed))
    return paginate(rows, params)


@router.post("/accounts", response={201: AccountOut})
def open_account(request: HttpRequest, payload: AccountIn):
    return Status(201, services.open_holding_account(request.user, payload.organisation_id, payload.external_number))


@router.get("/accounts/{account_id}", response=AccountDetail)
def get_account(request: HttpRequest, account_id: Id):
    account = account_for(request, account_id)
    account.holdings = [{"instrument": h.instrument, "quantity": h.quantity, "held": h.held,
                         "available": h.available} for h in queries.holdings(account)]  # fmt: skip
    return account


@router.get("/accounts/{account_id}/transactions", response=page_of(AccountTransactionOut))
def account_history(request: HttpRequest, account_id: Id, params: Query[HistoryQuery]):
    """The account's transactions, newest first; ``updated_since`` keeps those booked since then."""
    account = account_for(request, account_id)
    since = params.updated_since
    postings = Posting.objects.filter(account=account)
    if since is not None:
        postings = postings.filter(tx__created_at__gte=since)
    count = postings.count()
    rows: list = []
    if params.offset < count:
        # history() filters by local day; a day of margin, then the exact instant.
        start = (since - timedelta(days=1)).date() if since is not None else None
        rows = queries.history(account, limit=params.offset + params.limit, start=start)
        rows = [r for r in rows if since is None or r.at >= since][params.offset :]
    return page_answer(count, params, rows)


@router.post("/accounts/{account_id}/trusted", response={201: TrustedOut})
def add_trusted(request: HttpRequest, account_id: Id, payload: TrustedIn):
    row = services.add_trusted_counterparty(request.user, account_id, payload.counterparty)
    return Status(201, {"account_id": row.account_id, "counterparty_id": row.counterparty_id,
                        "added_on": row.added_on})  # fmt: skip


@router.get("/enterprises/{enterprise_id}/pledgeable", response=PledgeableOut)
def pledgeable_now(request: HttpRequest, enterprise_id: Id):
    """How many allowances the enterprise could pledge today (for anyone who may see the enterprise)."""
    org = Organisation.objects.visible_to(request.user).filter(pk=enterprise_id, kind="enterprise").first()
    if org is None:
        raise NotFound(_("Organisation not found."))
    figure = facts.pledgeable_now(org.pk)
    if figure is None:
        raise NotFound(_("Organisation not found."))
    return figure
