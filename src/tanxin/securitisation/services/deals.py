"""Deals, their pool and their structure: each write checks the user through the gate, all or nothing."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from tanxin.common.errors import Conflict, DomainError, NotFound, PermissionDenied
from tanxin.lending import facts as lending
from tanxin.orgs.domain.roles import OrgKind, Role
from tanxin.orgs.gate import principal_for
from tanxin.orgs.models import Organisation
from tanxin.securitisation.domain import eligibility, structure
from tanxin.securitisation.domain.errors import StructureError
from tanxin.securitisation.messages import translated
from tanxin.securitisation.models import Deal, PoolLoan, Tranche

PARTIES = ("originator", "plan_manager", "custodian", "servicer", "rating_agency")
EXPORT_FORMAT = "tanxin-abs-deal"


def load(user: Any, deal_id: int, action: str = "change", *, lock: bool = False) -> Deal:
    qs = Deal.objects.visible_to(user, action)
    if lock:
        qs = qs.select_for_update()
    deal = qs.filter(pk=deal_id).first()
    if deal is None:
        if action != "view" and Deal.objects.visible_to(user, "view").filter(pk=deal_id).exists():
            raise PermissionDenied(_("Only the deal's arranger or guarantor may change it."))
        raise NotFound(_("No such deal."))
    return deal


def _field(field: str, message: str, code: str = "validation_error") -> DomainError:
    return DomainError(message, code=code, details={field: [message]})


def _arranger(user: Any) -> Organisation:
    p = principal_for(user)
    seat = next((s for s in p.seats if s.kind == OrgKind.GUARANTOR and s.role in (Role.ADMIN, Role.OFFICER)), None)
    if seat is None:
        raise PermissionDenied(_("Only a guarantor or arranger may set up a deal."), code="not_arranger")
    return Organisation.objects.get(pk=seat.org_id)


def _dates(cut_off: Any, first_payment: Any) -> tuple[date, date]:
    if not isinstance(cut_off, date):
        raise _field("cut_off", _("Enter a valid date."))
    if not isinstance(first_payment, date):
        raise _field("first_payment", _("Enter a valid date."))
    if first_payment <= cut_off:
        raise _field("first_payment", _("The first payment date comes after the cut-off date."))
    return cut_off, first_payment


def _text(data: dict, key: str, limit: int = 120) -> str:
    value = str(data.get(key) or "").strip()
    if len(value) > limit:
        raise _field(key, _("At most %(n)d characters.") % {"n": limit})
    return value


def create_deal(user: Any, data: dict) -> Deal:
    arranger = _arranger(user)
    name = _text(data, "name_zh")
    if not name:
        raise _field("name_zh", _("Give the deal a name."))
    cut_off, first = _dates(data.get("cut_off"), data.get("first_payment"))
    deal = Deal(name_zh=name, name_en=_text(data, "name_en"), jurisdiction_id=arranger.jurisdiction_id,
                arranger=arranger, guarantor=arranger, cut_off=cut_off, first_payment=first,
                rules=eligibility.Rules().as_json(), **{k: _text(data, k) for k in PARTIES})  # fmt: skip
    deal._history_user = user
    deal.save()
    return deal


def update_deal(user: Any, deal_id: int, data: dict) -> Deal:
    with transaction.atomic():
        deal = load(user, deal_id, lock=True)
        for key in ("name_zh", "name_en", *PARTIES):
            if key in data:
                setattr(deal, key, _text(data, key))
        if not deal.name_zh:
            raise _field("name_zh", _("Give the deal a name."))
        if "cut_off" in data or "first_payment" in data:
            deal.cut_off, deal.first_payment = _dates(data.get("cut_off", deal.cut_off),
                                                      data.get("first_payment", deal.first_payment))  # fmt: skip
            deal.version += 1
        if "rules" in data:
            try:
                deal.rules = eligibility.Rules.of({**(deal.rules or {}), **data["rules"]}).as_json()
            except TypeError:
                raise _field("rules", _("Unknown eligibility rule.")) from None
            deal.version += 1
        deal._history_user = user
        deal.save()
    return deal


# -- the pool --------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Line:
    fact: lending.LoanFact
    verdict: eligibility.Verdict
    in_pool: bool


def candidates(deal: Deal) -> list[Line]:
    """Every pledge loan of the deal's jurisdiction with its eligibility verdict (no gate: the caller checks)."""
    from tanxin.orgs.models import Jurisdiction

    scope = Jurisdiction.objects.get(pk=deal.jurisdiction_id).with_descendants()
    rules = eligibility.Rules.of(deal.rules)
    facts = lending.loans(jurisdiction_ids=scope)
    busy = set(PoolLoan.objects.filter(active=True, loan_id__in=[f.id for f in facts]).exclude(deal=deal)
               .values_list("loan_id", flat=True))  # fmt: skip
    mine = set(deal.pool.filter(active=True).values_list("loan_id", flat=True))
    return [Line(f, eligibility.check_loan(_candidate(f, f.id in busy), rules, deal.cut_off), f.id in mine)
            for f in facts]  # fmt: skip


def _candidate(f: lending.LoanFact, busy: bool) -> eligibility.Candidate:
    return eligibility.Candidate(
        id=f.id, enterprise_id=f.enterprise_id, industry_code=f.industry_code, instrument_code=f.instrument_code,
        live=f.state in lending.LIVE_STATES, band=f.band, registered=bool(f.registration_no) and f.pledged_t > 0,
        rate_known=f.rate_ppm is not None, balance_fen=f.principal_fen, maturity_on=f.maturity_on, in_other_deal=busy,
    )  # fmt: skip


def set_pool(user: Any, deal_id: int, loan_ids: list[int]) -> Deal:
    """The pool becomes exactly these loans, snapshotted at the cut-off; a loan that breaks a rule refuses it
    all, with the reasons per loan."""
    ids = sorted({int(i) for i in loan_ids})
    with transaction.atomic():
        deal = load(user, deal_id, lock=True)
        lines = {line.fact.id: line for line in candidates(deal)}
        rules = eligibility.Rules.of(deal.rules)
        bad = {i: ["unknown"] for i in ids if i not in lines}
        bad |= {i: list(lines[i].verdict.reasons) for i in ids if i in lines and not lines[i].verdict.eligible}
        chosen = [_candidate(lines[i].fact, False) for i in ids if i in lines]
        for loan_id, reasons in eligibility.concentration(chosen, rules).items():
            bad.setdefault(loan_id, []).extend(reasons)
        if not ids:
            raise DomainError(_("The pool holds no loan."), code="empty_pool")
        if bad:
            raise DomainError(_("Some loans cannot enter the pool."), code="ineligible",
                              details={"loans": {str(k): v for k, v in sorted(bad.items())}})  # fmt: skip
        deal.pool.all().delete()
        try:
            with transaction.atomic():
                PoolLoan.objects.bulk_create([_line(deal, lines[i].fact, lines[i].verdict, rules) for i in ids])
        except IntegrityError:
            raise Conflict(_("A loan is already in another live deal."), code="loan_in_other_deal") from None
        deal.version += 1
        deal._history_user = user
        deal.save()
    return deal


def _line(deal: Deal, f: lending.LoanFact, v: eligibility.Verdict, rules: eligibility.Rules) -> PoolLoan:
    return PoolLoan(
        deal=deal, loan_id=f.id, ref=f.ref, enterprise_id=f.enterprise_id, enterprise_name=f.enterprise_name,
        bank_id=f.bank_id, bank_name=f.bank_name, industry_code=f.industry_code, instrument_code=f.instrument_code,
        balance_fen=f.principal_fen, rate_ppm=f.rate_ppm or 0, months=v.remaining_months, amortisation="bullet",
        pledged_t=f.pledged_t, guarantee_ppm=rules.guarantee_cover_ppm if f.guarantor_ids else 0, band=f.band,
        maturity_on=f.maturity_on,
    )  # fmt: skip


# -- the structure ---------------------------------------------------------------------------------------------
def set_structure(user: Any, deal_id: int, data: Any) -> Deal:
    with transaction.atomic():
        deal = load(user, deal_id, lock=True)
        pool_fen = sum(deal.pool.filter(active=True).values_list("balance_fen", flat=True))
        if not pool_fen:
            raise DomainError(_("Choose the pool's loans first."), code="no_pool")
        try:
            s = structure.read(data, pool_fen=pool_fen)
        except StructureError as exc:
            raise translated(exc) from exc
        deal.structure = structure.write(s)
        deal.version += 1
        if deal.status == Deal.Status.DRAFT:
            deal.status = Deal.Status.STRUCTURED
        deal._history_user = user
        deal.save()
        deal.tranches.all().delete()
        Tranche.objects.bulk_create([
            Tranche(deal=deal, name=t.name, rank=k, balance_fen=t.balance_fen, coupon_bp=t.coupon_bp,
                    rate_type=t.rate_type, subordinated=t.subordinated, expected_maturity=t.expected_maturity)
            for k, t in enumerate(s.tranches)])  # fmt: skip
    return deal


# -- portable description --------------------------------------------------------------------------------------
def export_deal(deal: Deal) -> dict[str, Any]:
    """The deal as JSON an external engine can take: parties, dates, pool tape, structure, assumptions."""
    return {
        "format": EXPORT_FORMAT, "format_version": 1, "name_zh": deal.name_zh, "name_en": deal.name_en,
        "parties": {k: getattr(deal, k) for k in PARTIES}, "cut_off": deal.cut_off.isoformat(),
        "first_payment": deal.first_payment.isoformat(), "payment_frequency_months": 1,
        "price_series": deal.instrument, "rules": deal.rules, "structure": deal.structure,
        "assumptions": deal.assumptions,
        "pool": [{"ref": p.ref, "balance_fen": p.balance_fen, "rate_ppm": p.rate_ppm, "months": p.months,
                  "amortisation": p.amortisation, "pledged_t": p.pledged_t, "guarantee_ppm": p.guarantee_ppm,
                  "instrument": p.instrument_code} for p in deal.pool.filter(active=True)],
    }  # fmt: skip


def import_deal(user: Any, data: Any) -> Deal:
    """A new draft deal from an exported description: parties, dates, rules and structure; the pool is taken
    by loan number from this platform's eligible loans (all of it or nothing)."""
    if not isinstance(data, dict) or data.get("format") != EXPORT_FORMAT or data.get("format_version") != 1:
        raise DomainError(_("The deal description cannot be read."), code="bad_import")
    try:
        cut_off, first = date.fromisoformat(str(data["cut_off"])), date.fromisoformat(str(data["first_payment"]))
    except (KeyError, ValueError):
        raise DomainError(_("The deal description cannot be read."), code="bad_import") from None
    parties = data.get("parties") if isinstance(data.get("parties"), dict) else {}
    with transaction.atomic():
        deal = create_deal(user, {"name_zh": data.get("name_zh"), "name_en": data.get("name_en"),
                                  "cut_off": cut_off, "first_payment": first, **parties})  # fmt: skip
        if isinstance(data.get("rules"), dict):
            update_deal(user, deal.pk, {"rules": data["rules"]})
        refs = [str(p.get("ref")) for p in data.get("pool") or [] if isinstance(p, dict)]
        if refs:
            by_ref = {line.fact.ref: line.fact.id for line in candidates(deal)}
            missing = [r for r in refs if r not in by_ref]
            if missing:
                raise DomainError(_("Some loans cannot enter the pool."), code="ineligible",
                                  details={"loans": {r: ["unknown"] for r in missing}})  # fmt: skip
            set_pool(user, deal.pk, [by_ref[r] for r in refs])
            if data.get("structure"):
                set_structure(user, deal.pk, data["structure"])
        if isinstance(data.get("assumptions"), dict):
            Deal.objects.filter(pk=deal.pk).update(assumptions=data["assumptions"])
        deal.refresh_from_db()
    return deal
