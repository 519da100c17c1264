"""Financing requests: an enterprise posts its need and chooses which banks may read its data (creating or
reusing consents); the catalogue is matched and ranked; in grab mode the request is broadcast to the banks of
the eligible products, in direct mode only the chosen banks are addressed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tanxin.common.errors import Conflict, DomainError, PermissionDenied, field_error
from tanxin.common.money import format_yuan
from tanxin.lending import facts as lending
from tanxin.matchmaking.domain import catalogue as rules
from tanxin.matchmaking.domain import ranking
from tanxin.matchmaking.domain.params import DEFAULTS
from tanxin.matchmaking.gate import consent_active
from tanxin.matchmaking.models import Addressee, FinancingRequest, Match, Product
from tanxin.matchmaking.models.requests import GREEN_CATEGORIES
from tanxin.matchmaking.services.catalogue import as_rule
from tanxin.matchmaking.services.common import enterprise_admin_of, load_request, record, translated
from tanxin.orgs import notifications
from tanxin.orgs import services as orgs_services
from tanxin.orgs.models import ConsentGrant, Jurisdiction, Organisation

TOP_MATCHES = 10
CONSENT_PURPOSE = gettext_lazy("Financing request %(ref)s")


@dataclass(frozen=True)
class RequestInput:
    amount_fen: int
    term_months: int
    purpose: str
    green_category: str = ""
    green_description: str = ""
    collateral: tuple[str, ...] = ()
    urgency: str = "normal"
    mode: str = "grab"
    bank_ids: tuple[int, ...] | None = None  # banks allowed to read the data; None = every eligible bank


def jurisdiction_chain(jurisdiction_id: int) -> list[int]:
    chain, current = [], jurisdiction_id
    while current is not None and len(chain) < 10:
        chain.append(current)
        current = Jurisdiction.objects.filter(pk=current).values_list("parent_id", flat=True).first()
    return chain


def catalogue_for(enterprise: Organisation) -> list[Product]:
    """Published products of the enterprise's district (and of the city or province above it)."""
    return list(Product.objects.published().filter(jurisdiction_id__in=jurisdiction_chain(enterprise.jurisdiction_id))
                .order_by("pk"))  # fmt: skip


def enterprise_facts(enterprise_id: int, today: date) -> tuple[str, int]:
    """The screening band and the allowances free to pledge, from lending's screening (or none)."""
    try:
        band = lending.bands([enterprise_id], today).get(enterprise_id)
    except DomainError:
        band = None
    return (band.band, band.pledgeable_t) if band else ("", 0)


def as_need(r: FinancingRequest, banks: frozenset[int] | None) -> rules.Need:
    return rules.Need(r.pk or 0, r.enterprise_id, r.amount_fen, r.term_months, frozenset(r.collateral),
                      r.industry_code, r.band, bool(r.green_category), r.pledgeable_t, banks)  # fmt: skip


def _check(enterprise_id: int, data: RequestInput) -> None:
    if not data.purpose.strip():
        raise field_error("purpose", _("Say what the money is for."))
    if data.green_category and data.green_category not in GREEN_CATEGORIES:
        raise field_error("green_category", _("Unknown green use."))
    if data.green_category and not data.green_description.strip():
        raise field_error("green_description", _("Describe the green project or retrofit."))
    if data.mode not in FinancingRequest.Mode.values:
        raise field_error("mode", _("Unknown mode."))
    if data.urgency not in FinancingRequest.Urgency.values:
        raise field_error("urgency", _("Unknown urgency."))
    if data.mode == FinancingRequest.Mode.DIRECT and not data.bank_ids:
        raise field_error("bank_ids", _("Choose at least one bank to address the request to."))
    with translated():
        rules.check_need(rules.Need(0, enterprise_id, data.amount_fen, data.term_months, frozenset(data.collateral)))


def _next_ref(today: date) -> str:
    count = FinancingRequest.objects.filter(ref__startswith=f"RZ{today.year}-").count() + 1
    return f"RZ{today.year}-{count:06d}"


def consent_for(user: Any, enterprise_id: int, bank_id: int, ref: str) -> ConsentGrant:
    """The enterprise's active consent to this bank, reused when it exists, granted now when it does not."""
    found = (ConsentGrant.objects.filter(enterprise_id=enterprise_id, grantee_id=bank_id).filter(consent_active(""))
             .order_by("pk").first())  # fmt: skip
    if found is not None:
        return found
    return orgs_services.grant_consent(user, enterprise_id, bank_id, str(CONSENT_PURPOSE % {"ref": ref}))


@transaction.atomic
def post_request(user: Any, enterprise_id: int, data: RequestInput, today: date | None = None) -> FinancingRequest:
    """Post the need, match it, address it; all or nothing."""
    today = today or timezone.localdate()
    if not enterprise_admin_of(user, enterprise_id):
        raise PermissionDenied(_("Only the enterprise's administrator may post a financing request."),
                               code="not_enterprise_admin")  # fmt: skip
    enterprise = Organisation.objects.select_related("industry").get(pk=enterprise_id)
    _check(enterprise_id, data)
    band, pledgeable = enterprise_facts(enterprise_id, today)
    r = FinancingRequest(
        ref=_next_ref(today), enterprise=enterprise, amount_fen=data.amount_fen, term_months=data.term_months,
        purpose=data.purpose.strip(), green_category=data.green_category,
        green_description=data.green_description.strip(), collateral=sorted(set(data.collateral)),
        urgency=data.urgency, mode=data.mode, slots=DEFAULTS.slots, service_workdays=DEFAULTS.service_workdays,
        band=band, pledgeable_t=pledgeable, industry_code=enterprise.industry.code if enterprise.industry else "",
        created_by=user)  # fmt: skip
    record(user, r, "posted", enterprise_id, amount_fen=r.amount_fen, mode=r.mode)
    chosen = frozenset(data.bank_ids) if data.bank_ids is not None else None
    match(user, r, chosen, today)
    return r


def match(user: Any, r: FinancingRequest, chosen: frozenset[int] | None, today: date) -> list[Match]:
    """Rank the catalogue for the request, keep the best ``TOP_MATCHES``, and address one row per bank."""
    products = {p.pk: p for p in catalogue_for(r.enterprise)}
    ranked = ranking.rank(as_need(r, chosen), [as_rule(p) for p in products.values()])[:TOP_MATCHES]
    rows = [Match(request=r, product_id=x.product_id, rank=i + 1, score=x.score, rate_ppm=x.rate_ppm,
                  net_rate_ppm=x.net_rate_ppm, likelihood_permille=x.likelihood_permille,
                  reasons=[{"code": c.code, **c.values} for c in x.reasons]) for i, x in enumerate(ranked)]  # fmt: skip
    Match.objects.bulk_create(rows)
    banks: list[tuple[int, int]] = []  # (bank, its best product) in rank order
    for x in ranked:
        if x.bank_id not in {b for b, _p in banks}:
            banks.append((x.bank_id, x.product_id))
    if r.mode == FinancingRequest.Mode.DIRECT:
        banks += [(b, 0) for b in sorted(chosen or ()) if b not in {x for x, _p in banks}]
        r.slots = max(1, len(banks))
    via = Addressee.Via.ADDRESSED if r.mode == FinancingRequest.Mode.DIRECT else Addressee.Via.BROADCAST
    for order, (bank_id, product_id) in enumerate(banks):
        consent = consent_for(user, r.enterprise_id, bank_id, r.ref)
        Addressee.objects.create(request=r, bank_id=bank_id, consent=consent, via=via, order=order,
                                 product_id=product_id or None)  # fmt: skip
    if banks:  # matched: the request reached at least one bank (a ranked product, or a bank chosen directly)
        r.status = FinancingRequest.Status.MATCHED
        r.reached("matched", today)
        record(user, r, "matched", None, products=len(rows), banks=len(banks))
    if banks:
        link = f"/matchmaking/requests/{r.pk}/"
        notifications.notify(kind="matchmaking.broadcast", subject=gettext_lazy("New financing request %(ref)s"),
                             body=gettext_lazy("An enterprise asks for %(amount)s CNY; the first %(k)s banks to "
                                               "accept may engage."),
                             params={"ref": r.ref, "amount": format_yuan(r.amount_fen), "k": r.slots},
                             org_ids=[b for b, _p in banks], link=link, key=f"mm-broadcast-{r.pk}")  # fmt: skip
    return rows


@transaction.atomic
def withdraw_request(user: Any, request_id: int) -> FinancingRequest:
    r = load_request(user, request_id)
    if not enterprise_admin_of(user, r.enterprise_id):
        raise PermissionDenied(_("Only the enterprise's administrator may withdraw its request."),
                               code="not_enterprise_admin")  # fmt: skip
    if r.status in (FinancingRequest.Status.DISBURSED, FinancingRequest.Status.WITHDRAWN,
                    FinancingRequest.Status.DECLINED):  # fmt: skip
        raise Conflict(_("This request is closed."), code="request_closed")
    r.status = FinancingRequest.Status.WITHDRAWN
    record(user, r, "withdrawn", r.enterprise_id)
    return r
