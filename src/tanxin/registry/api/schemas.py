"""The registry API's request and response schemas (component names are the class names)."""

from __future__ import annotations

from datetime import date, datetime

from ninja import Field, Schema

from tanxin.registry.models import Account
from tanxin.web.api_contract import Id, Limit, PageQuery, Quantity, SyncQuery, Tonnes, Year


class RegistryOperationOut(Schema):
    status: str = "executed"
    tx_id: str | None = None
    kind: str | None = None
    replayed: bool = False
    hold_ref: str | None = None
    certificate_code: str | None = None
    transfer_request_id: int | None = None
    rows: int | None = None
    total: int | None = None


MOVE = {200: RegistryOperationOut, 201: RegistryOperationOut}


class TrustedOut(Schema):
    account_id: int
    counterparty_id: int
    added_on: date


class ObligationOut(Schema):
    enterprise_id: int
    year: int
    tonnes: int
    scheme: str
    source: str
    reason: str


class StatementMatchedOut(Schema):
    status: str = Field(..., description='"matched": the statement agrees with the registry, no case opened')


class RegistryStatisticsOut(Schema):
    """Registry-wide totals, whole tonnes and counts (public)."""

    issued: int
    allocated: int
    surrendered: int
    cancelled: int
    holding_accounts: int
    transactions: int
    open_pledges: int


class PledgeableOut(Schema):
    """Q_free today: holdings − pledged − frozen − what is still to surrender for the open compliance year."""

    enterprise_id: int
    as_of: date
    compliance_year: int = Field(..., description="the year whose surrender is still ahead (or the current one)")
    instrument_kind: str = Field(..., description="SZA or CEA: allowances of the enterprise's scheme")
    pledgeable_t: int
    remaining_surrender_t: int


class HistoryQuery(PageQuery):
    limit: Limit = 200
    updated_since: datetime | None = Field(None, description="only transactions booked at or after this instant")


class AccountQuery(SyncQuery):
    updated_since: datetime | None = Field(
        None, description="only accounts opened, changed (e.g. blocked) or whose holdings moved at or after this "
        "instant (ISO 8601), for incremental sync")


class HoldQuery(SyncQuery):
    status: str = Field("", max_length=10, description="open, released or enforced; empty for all")
    updated_since: datetime | None = Field(
        None, description="only holds placed, changed, partly released or enforced at or after this instant")


class BoardQuery(PageQuery):
    limit: Limit = 100
    year: Year | None = Field(None, description="the compliance year; default the previous year")


class AccountOut(Schema):
    id: int
    number: str
    kind: str
    owner_id: int
    owner: str
    external_number: str
    blocked: bool
    blocked_reason: str

    @staticmethod
    def resolve_owner(obj: Account) -> str:
        return obj.owner.name


class HoldingOut(Schema):
    instrument: str
    quantity: int
    held: int
    available: int


class AccountDetail(AccountOut):
    holdings: list[HoldingOut]


class AccountTransactionOut(Schema):
    tx_id: str
    at: datetime
    kind: str
    subtype: str
    instrument: str
    quantity: int
    counterparty: str
    reason: str
    reversed: bool


class AccountIn(Schema):
    organisation_id: Id
    external_number: str = Field("", max_length=60)


class IssueIn(Schema):
    instrument: str = Field(..., max_length=80)
    quantity: Quantity
    reason: str = Field(..., max_length=500)
    legal_basis: str = Field("", max_length=300)


class AllocationIn(IssueIn):
    account_id: Id
    subtype: str = Field("pre_allocation", description="pre_allocation | true_up | clawback")


class TransferIn(Schema):
    from_account_id: Id
    to_account: str = Field(..., description="destination account number", max_length=40)
    instrument: str = Field(..., max_length=80)
    quantity: Quantity
    reason: str = Field("", max_length=500)


class TransferApproveIn(Schema):
    approve: bool = True


class TrustedIn(Schema):
    counterparty: str = Field(..., max_length=40)


class SurrenderIn(Schema):
    account_id: Id
    instrument: str = Field(..., max_length=80)
    quantity: Quantity
    year: Year


class CancelIn(Schema):
    account_id: Id
    instrument: str = Field(..., max_length=80)
    quantity: Quantity
    beneficiary: str = Field("", max_length=200)
    purpose: str = Field("", max_length=300)


class HoldIn(Schema):
    account_id: Id
    instrument: str = Field(..., max_length=80)
    quantity: Quantity
    kind: str = Field(..., description="pledge | judicial_freeze | admin_hold")
    pledgee_id: Id | None = None
    references: dict[str, str] = Field(default_factory=dict, description="registration_no, notice_no, ruling ...")
    reason: str = Field("", max_length=500)
    legal_basis: str = Field("", max_length=300)


class HoldOut(Schema):
    ref: str
    account: str
    owner: str
    instrument: str
    kind: str
    original_quantity: int
    quantity: int
    enforced_quantity: int
    pledgee_id: int | None
    references: dict
    status: str
    placed_at: datetime
    closed_at: datetime | None


class ReleaseIn(Schema):
    quantity: Quantity | None = None
    reason: str = Field("", max_length=500)


class EnforceIn(Schema):
    quantity: Quantity
    beneficiary_account: str | None = Field(None, max_length=40)
    reason: str = Field("", max_length=500)
    legal_basis: str = Field("", max_length=300)


class ReverseIn(Schema):
    reason: str = Field(..., max_length=500)


class ObligationIn(Schema):
    enterprise_id: Id
    year: Year
    tonnes: Tonnes
    reason: str = Field(..., max_length=500)
    scheme: str = ""


class PositionOut(Schema):
    enterprise_id: int
    enterprise: str
    year: int
    scheme: str
    status: str
    obligation_t: int | None
    obligation_source: str | None
    deadline: date | None
    allowances_surrendered_t: int | None
    offsets_surrendered_t: int | None
    offsets_counted_t: int | None
    shortfall_t: int | None
    penalty_fen: int | None
    average_price: str | None
    price_synthetic: bool
    average_price_start: date | None = Field(None, description="first day of the averaging window")
    average_price_end: date | None = None
    average_price_trading_days: int | None = Field(None, description="trading days with a price in the window")
    average_price_months_without_prices: list[str] = Field(default_factory=list,
                                                           description="YYYY-MM months of the window with no price")
    average_price_last_day: date | None = Field(None, description="last day with a price in the window")
    surplus_t: int | None
    pledgeable_t: int | None
    to_be_confirmed: list[str]


class CaseOut(Schema):
    id: int
    statement_name: str
    status: str
    opened_at: datetime
    discrepancies: int


class ResolveIn(Schema):
    resolution: str = Field(..., max_length=2000)


class CertificateOut(Schema):
    code: str
    holder_name: str
    beneficiary: str
    purpose: str
    instrument_code: str
    quantity: int
    issued_at: datetime
    tx_id: str


class PendingOut(Schema):
    id: int
    from_account: str
    to_account: str
    instrument: str
    quantity: int
    reason: str
    initiated_by: str
    created_at: datetime
