"""The per-enterprise compliance position as it was computed before positions became set-based.

Kept here, and only here, as the oracle the set-based ``registry.positions.positions`` is compared with:
eight to ten reads per enterprise, so it is only ever run on small sets.
"""

from __future__ import annotations

from datetime import date

from django.db.models import Sum
from django.utils import timezone

from tanxin.market import queries as market
from tanxin.orgs.models import Organisation
from tanxin.registry.domain import compliance
from tanxin.registry.domain.compliance import ComplianceInput
from tanxin.registry.models import Account, Balance, Hold
from tanxin.registry.obligations import obligation_for, pack_for, surrendered


def reference_position(enterprise: Organisation, year: int, as_of: date | None = None) -> dict:
    as_of = as_of or timezone.localdate()
    info = obligation_for(enterprise.pk, year)
    scheme = info.scheme if info else (enterprise.ets if enterprise.ets in ("shenzhen", "national") else "shenzhen")
    pack = pack_for(scheme)
    acct = Account.objects.filter(owner=enterprise, kind="holding", jurisdiction_id=enterprise.jurisdiction_id).first()
    eligible = pledged = frozen = total = held_total = 0
    events: list[compliance.SurrenderEvent] = []
    if acct is not None:
        balances = Balance.objects.filter(account=acct).select_related("instrument")
        total = sum(b.quantity for b in balances)
        held_total = sum(b.held for b in balances)
        eligible_ids = [
            b.instrument_id for b in balances
            if b.instrument.kind == pack.allowance_kind and (b.instrument.vintage or 0) <= year
        ]  # fmt: skip
        eligible = sum(b.quantity for b in balances if b.instrument_id in eligible_ids)
        open_holds = Hold.objects.filter(account=acct, status="open", instrument_id__in=eligible_ids)
        pledged = open_holds.filter(kind="pledge").aggregate(s=Sum("quantity"))["s"] or 0
        frozen = open_holds.exclude(kind="pledge").aggregate(s=Sum("quantity"))["s"] or 0
        _a, _o, events = surrendered(acct, year)
    deadline = pack.surrender_deadline(year)
    price = market.average_preceding_months(str(pack.allowance_kind), deadline, pack.penalty_average_months)
    result = None
    if info is not None:
        data = ComplianceInput(str(enterprise.pk), year, info.tonnes, tuple(events), eligible, pledged, frozen)
        result = compliance.assess(pack, data, as_of, price)
    return {"scheme": scheme, "obligation": info, "result": result, "average_price": price,
            "price_synthetic": market.is_synthetic(str(pack.allowance_kind)), "unconfirmed": tuple(pack.unconfirmed()),
            "holdings_t": total, "held_t": held_total}  # fmt: skip


def as_compared(position) -> dict:
    """The fields of a set-based position that the reference also computes."""
    return {"scheme": position.scheme, "obligation": position.obligation, "result": position.result,
            "average_price": position.average_price, "price_synthetic": position.price_synthetic,
            "unconfirmed": position.unconfirmed, "holdings_t": position.holdings_t, "held_t": position.held_t}
