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


def reference_due(user, today, horizon_days: int = 60) -> list[tuple]:
    """What was due per enterprise before deadlines became set-based: (enterprise, rule, year/event, due, status)."""
    from django.db.models import Min

    from tanxin.disclosure.domain.deadlines import Obligation, annual_obligations, list_due
    from tanxin.disclosure.models import Report, ReportVersion
    from tanxin.disclosure.queries import ETS_SCOPES, VERIFICATION_RULES, tracked_rules
    from tanxin.orgs.gate import principal_for

    def scopes(org):
        found = set()
        if org.key_emitter or org.ets != "none":
            found.add("disclosure")
        if org.ets in ETS_SCOPES:
            found.add(ETS_SCOPES[org.ets])
        return found

    rules = tracked_rules()
    principal = principal_for(user)
    orgs = Organisation.objects.visible_to(user).filter(kind="enterprise")
    if not principal.is_bureau_staff:
        orgs = orgs.filter(pk__in=principal.org_ids_of_kind("enterprise"))
    enterprises = list(orgs.order_by("name_zh", "pk"))
    years = [today.year - 1, today.year]
    done = {}
    for row in (ReportVersion.objects.filter(report__enterprise_id__in=[e.pk for e in enterprises],
                                             report__year__in=years, report__kind="annual")
                .values("report__enterprise_id", "report__year")
                .annotate(submitted=Min("submitted_at"), verified=Min("verified_at"))):  # fmt: skip
        for key in ("submitted", "verified"):
            if row[key] is not None:
                done[(row["report__enterprise_id"], row["report__year"], key)] = timezone.localdate(row[key])
    rows = []
    for org in enterprises:
        obligations = []
        for year in years:
            for ob in annual_obligations(year, scopes(org), rules):
                kind = "verified" if ob.rule_code in VERIFICATION_RULES else "submitted"
                obligations.append(Obligation(ob.rule_code, data_year=year, done_on=done.get((org.pk, year, kind))))
        rows += [(org, item) for item in list_due(obligations, today, rules=rules, horizon_days=horizon_days)]
    temporary = (Report.objects.visible_to(user).filter(kind="temporary", enterprise__in=enterprises)
                 .annotate(submitted=Min("versions__submitted_at")).select_related("enterprise"))  # fmt: skip
    for report in temporary:
        done_on = timezone.localdate(report.submitted) if report.submitted else None
        ob = Obligation("temporary_disclosure", event_date=report.event_date, done_on=done_on,
                        reference=report.event_reference)  # fmt: skip
        rows += [(report.enterprise, item) for item in list_due([ob], today, rules=rules, horizon_days=horizon_days)]
    rows.sort(key=lambda r: (r[1].due, r[0].name_zh, r[0].pk, r[1].rule.code))
    return [(org.pk, item.rule.code, item.obligation.data_year, item.obligation.event_date, item.due, str(item.status))
            for org, item in rows]
