"""The loan desk from application to disbursement: each step by the party that owns it, all-or-nothing.

apply (enterprise, or its bank with consent) → screen (bank) → value (bank) → approve (bank, compliance
conflict acknowledged) → contract (bank, contract attached) → register pledge (bureau: registry hold in the
bank's favour, PBOC number, notice published) → disburse (bank). Decline (bank) or withdraw (enterprise) end
an application before the contract.
"""

from __future__ import annotations

import secrets
from datetime import date
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tanxin.common.errors import DomainError, PermissionDenied, field_error
from tanxin.lending import inputs
from tanxin.lending.domain import collateral
from tanxin.lending.domain.params import BAND_TERMS, DEFAULTS, OTHER_HAIRCUTS, PROFILES
from tanxin.lending.domain.workflow import Role
from tanxin.lending.models import Collateral, Loan, Pledge, Valuation
from tanxin.lending.services import idempotency
from tanxin.lending.services.appraisal import Appraisal, appraise
from tanxin.lending.services.common import attach, check, load, require_role, step
from tanxin.orgs.domain.roles import OrgKind
from tanxin.orgs.gate import principal_for
from tanxin.orgs.models import Organisation
from tanxin.registry import services as registry

MAX_TERM_MONTHS = 120
PPM = 10**6


def _positive_int(field: str, value: Any, *, allow_zero: bool = False) -> int:
    if isinstance(value, bool) or not isinstance(value, int | Decimal) or value != int(value):
        raise field_error(field, _("Enter a whole number."))
    value = int(value)
    if value < 0 or (value == 0 and not allow_zero):
        raise field_error(field, _("The amount must be positive."), code="not_positive")
    return value


def _borrower_and_bank(user: Any, enterprise_id: int, bank_id: int) -> tuple[Organisation, Organisation]:
    p = principal_for(user)
    enterprise = Organisation.objects.visible_to(user).filter(pk=enterprise_id, kind=OrgKind.ENTERPRISE).first()
    bank = Organisation.objects.filter(pk=bank_id, kind=OrgKind.BANK).exclude(status="closed").first()
    if bank is None:
        raise field_error("bank_id", _("Choose a lending bank."))
    own = {s.org_id for s in p.seats if s.role in ("admin", "officer")}
    if enterprise is not None and enterprise.pk in own:
        return enterprise, bank
    if bank.pk in own:
        if enterprise is None:  # the enterprise has not consented to this bank
            raise PermissionDenied(_("This enterprise has not given your bank its consent."), code="no_consent")
        return enterprise, bank
    raise PermissionDenied(_("Only the enterprise, or its bank with its consent, may apply for this loan."))


def _new_ref() -> str:
    return f"L{timezone.localdate():%Y}{secrets.token_hex(3).upper()}"


def _collateral_items(items: list[dict]) -> list[Collateral]:
    rows = []
    for item in items or []:
        kind = str(item.get("kind", ""))
        if kind not in OTHER_HAIRCUTS:
            raise field_error("collateral", _("Unknown kind of collateral."))
        face = _positive_int("collateral", item.get("face_fen"))
        haircut = item.get("haircut_bp")
        haircut_bp = (int(OTHER_HAIRCUTS[kind] * 10000) if haircut is None
                      else _positive_int("collateral", haircut, allow_zero=True))  # fmt: skip
        if haircut_bp >= 10000:
            raise field_error("collateral", _("A haircut lies between 0 and 100 %."))
        guarantor = item.get("guarantor_id") if kind == "guarantee" else None
        rows.append(Collateral(kind=kind, face_fen=face, haircut_bp=haircut_bp, guarantor_id=guarantor or None,
                               description=str(item.get("description", ""))[:200]))  # fmt: skip
    return rows


def apply(user: Any, *, enterprise_id: int, bank_id: int, amount_fen: int, term_months: int, purpose: str,
          instrument_code: str, quantity_t: int, collateral: list[dict] | None = None,
          profile: str = "standard", band: str = "") -> Loan:  # fmt: skip
    """A new application. Refuses amounts ≤ 0, an instrument without prices, a non-consenting enterprise."""
    amount_fen = _positive_int("amount_fen", amount_fen)
    quantity_t = _positive_int("quantity_t", quantity_t)
    term = _positive_int("term_months", term_months)
    if term > MAX_TERM_MONTHS:
        raise field_error("term_months", _("The term is at most %(n)d months.") % {"n": MAX_TERM_MONTHS})
    if not (purpose or "").strip():
        raise field_error("purpose", _("State the purpose of the loan."))
    if profile not in PROFILES:
        raise field_error("profile", _("Unknown margin profile."))
    if band and band not in BAND_TERMS:
        raise field_error("band", _("Unknown screening band."))
    enterprise, bank = _borrower_and_bank(user, enterprise_id, bank_id)
    code = registry.instrument(instrument_code).code  # refuses a malformed code in the user's language
    if not code.startswith(("SZA-", "CEA-")):
        raise field_error("instrument_code", _("Only allowances (SZA or CEA) can be pledged here."))
    market_code = code.partition("-")[0]
    if not inputs.has_prices(market_code):
        raise field_error("instrument_code", _("There are no prices for this instrument, so it cannot be valued."),
                          code="no_prices")  # fmt: skip
    p = PROFILES[profile]
    with transaction.atomic():
        loan = Loan(ref=_new_ref(), enterprise=enterprise, bank=bank, amount_fen=amount_fen, term_months=term,
                    purpose=purpose.strip()[:300], instrument_code=code, quantity_t=quantity_t, profile=profile,
                    warning_bp=int(p.warning * 10000), liquidation_bp=int(p.liquidation * 10000),
                    release_bp=int(p.release * 10000), target_ppm=int(DEFAULTS.target_breach_probability * PPM),
                    day_count_basis=DEFAULTS.day_count_basis, band=band, band_source="bank" if band else "",
                    created_by=user)  # fmt: skip
        loan._history_user = user
        loan.save()
        for row in _collateral_items(collateral or []):
            row.loan = loan
            row.save()
        from tanxin.lending.models import Event

        Event.objects.create(loan=loan, action="apply", to_state=loan.state, actor=user)
    return loan


def screen(user: Any, loan_id: int, band: str = "") -> Loan:
    """The bank records the screening band: the scorecard's when the bank may see the enterprise's card
    (a knocked-out enterprise is refused), otherwise the band the bank's own screening gave."""
    with transaction.atomic():
        loan = load(user, loan_id)
        require_role(user, loan, Role.BANK)
        source, version, spread_bp, cap_bp = "bank", None, None, None
        card = _card(user, loan.enterprise_id)
        if card is not None and card.result.knocked_out:
            raise DomainError(_("The screening knocked this enterprise out; the loan cannot proceed."),
                              code="knocked_out", details={"knockouts": [str(k.code) for k in card.result.knockouts]})
        if card is not None and card.result.band is not None:
            b = card.result.band
            band, source, version = b.code, "scorecard", card.version.version
            spread_bp, cap_bp = b.spread_bp, int(b.ltv_cap * 10000)
        if band not in BAND_TERMS:
            raise field_error("band", _("Choose the screening band (A–D)."))
        loan.band, loan.band_source, loan.screening_version = band, source, version
        loan.spread_bp, loan.ltv_cap_bp = spread_bp, cap_bp
        step(user, loan, "screen", details={"band": band, "source": source, "version": version})
    return loan


def _card(user: Any, enterprise_id: int):
    """The enterprise's screening card when the user may see it (None otherwise or while screening is absent)."""
    from tanxin.lending import queries_screening

    try:
        return queries_screening.card(user, enterprise_id)
    except DomainError:
        return None


def value(user: Any, loan_id: int, on: date | None = None, mc_paths: int | None = None) -> tuple[Loan, Appraisal]:
    """Value the collateral today and record the figures the approval will rely on (stale prices refused)."""
    on = on or timezone.localdate()
    with transaction.atomic():
        loan = load(user, loan_id)
        require_role(user, loan, Role.BANK)
        a = appraise(loan, on, **({"mc_paths": mc_paths} if mc_paths else {}))
        Valuation.objects.create(
            loan=loan, on=on, close_fen=int(a.valuation.close * 100), vwap_fen=int(a.valuation.vwap * 100),
            price_fen=int(a.valuation.price * 100), sigma_bp=int(a.sigma * 10000), haircut_bp=int(a.haircut * 10000),
            solved_ltv_bp=int(a.solved_ltv * 10000), band_cap_bp=int(a.band_cap * 10000),
            advance_bp=int(a.sizing.advance_rate * 10000), binding=a.sizing.binding,
            allowance_value_fen=a.sizing.allowance_value_fen, max_loan_fen=a.sizing.max_loan_fen,
            p_continuous_ppm=round(a.p_continuous * PPM), p_daily_ppm=round(a.p_daily * PPM),
            p_mc_ppm=round(a.monte_carlo.probability * PPM), mc_se_ppm=round(a.monte_carlo.standard_error * PPM),
            mc_paths=a.monte_carlo.paths, synthetic=a.synthetic, created_by=user,
        )  # fmt: skip
        step(user, loan, "value", details={"price": str(a.valuation.price), "max_loan_fen": a.sizing.max_loan_fen})
    return loan, a


def conflict_for(loan: Loan, today: date) -> tuple[bool, date | None]:
    maturity = _add_months(today, loan.term_months)
    deadline = inputs.surrender_deadline(loan.enterprise_id, today)
    return collateral.compliance_conflict(maturity, deadline, DEFAULTS.disposal_buffer_trading_days), deadline


def approve(user: Any, loan_id: int, acknowledge_conflict: bool = False, reason: str = "") -> Loan:
    """Approve at the recorded valuation: the amount must fit the collateral, and a loan whose maturity plus
    the disposal buffer passes the surrender deadline needs the conflict acknowledged."""
    today = timezone.localdate()
    with transaction.atomic():
        loan = load(user, loan_id)
        require_role(user, loan, Role.BANK)
        latest = loan.valuations.order_by("-created_at", "-pk").first()
        if latest is None:
            raise DomainError(_("Value the collateral before approving."), code="not_valued")
        if loan.amount_fen > latest.max_loan_fen:
            raise DomainError(_("The loan exceeds what the collateral supports (at most %(max)s yuan).")
                              % {"max": f"{latest.max_loan_fen / 100:,.2f}"}, code="exceeds_collateral",
                              details={"max_loan_fen": latest.max_loan_fen})  # fmt: skip
        conflict, deadline = conflict_for(loan, today)
        loan.conflict, loan.surrender_deadline = conflict, deadline
        if conflict and not acknowledge_conflict:
            raise DomainError(
                _("Maturity plus %(days)d trading days for disposal passes the surrender deadline %(deadline)s: "
                  "acknowledge the compliance conflict to approve.")
                % {"days": DEFAULTS.disposal_buffer_trading_days, "deadline": deadline.isoformat() if deadline else ""},
                code="conflict_not_acknowledged", details={"acknowledge_conflict": [_("Acknowledge the conflict.")]},
            )  # fmt: skip
        if conflict:
            loan.conflict_acknowledged_by, loan.conflict_acknowledged_at = user, timezone.now()
        _cap, rate = _terms(loan, today)
        loan.rate_ppm = int(rate * PPM)
        step(user, loan, "approve", reason=reason, details={"conflict": conflict, "rate_ppm": loan.rate_ppm})
    return loan


def _terms(loan: Loan, on: date):
    from tanxin.lending.services.appraisal import terms_of

    return terms_of(loan, on)


def contract(user: Any, loan_id: int, document: tuple[str, bytes] | None) -> Loan:
    with transaction.atomic():
        loan = load(user, loan_id)
        require_role(user, loan, Role.BANK)
        attach(user, loan, "contract", document, required=True)
        step(user, loan, "contract")
    return loan


def register_pledge(user: Any, loan_id: int, *, registration_no: str, notice_no: str, notice_date: date,
                    certificate: tuple[str, bytes] | None = None, notice: tuple[str, bytes] | None = None,
                    key: str | None = None) -> dict:  # fmt: skip
    """The bureau registers the pledge: a registry hold of kind pledge for the pledged quantity in the bank's
    favour, the external references, and the public notice — all of it, or none of it."""
    registration_no, notice_no = (registration_no or "").strip(), (notice_no or "").strip()
    if not registration_no:
        raise field_error("registration_no", _("Enter the PBOC movable-property registration number."))
    if not notice_no:
        raise field_error("notice_no", _("Enter the bureau's notice number."))
    if not isinstance(notice_date, date):
        raise field_error("notice_date", _("Enter a valid date."))
    content = {"loan": loan_id, "registration_no": registration_no, "notice_no": notice_no,
               "notice_date": notice_date.isoformat()}  # fmt: skip

    def work() -> dict:
        loan = load(user, loan_id)
        require_role(user, loan, Role.BUREAU)
        check(user, loan, "register_pledge")
        _refuse_numbers_in_use(loan, registration_no, notice_no)
        free = inputs.pledgeable(loan.enterprise_id)
        if free is None or free.pledgeable_t < loan.quantity_t:
            raise DomainError(_("The enterprise has only %(free)s t free to pledge (after holds and the tonnes it "
                                "still has to surrender); the loan needs %(q)s t.")
                              % {"free": f"{free.pledgeable_t if free else 0:,}", "q": f"{loan.quantity_t:,}"},
                              code="exceeds_free", details={"pledgeable_t": free.pledgeable_t if free else 0})
        hold = _place(user, loan, loan.quantity_t, Pledge.Purpose.INITIAL, key, registration_no, notice_no)
        loan.registration_no, loan.notice_no, loan.notice_date = registration_no, notice_no, notice_date
        loan.notice_published = True
        attach(user, loan, "registration", certificate)
        attach(user, loan, "notice", notice)
        step(user, loan, "register_pledge", details={"hold_ref": hold, "registration_no": registration_no,
                                                      "notice_no": notice_no})  # fmt: skip
        return {"loan_id": loan.pk, "hold_ref": hold, "state": loan.state}

    return idempotency.run(user, "register_pledge", content, key, work)


def _refuse_numbers_in_use(loan: Loan, registration_no: str, notice_no: str) -> None:
    """A PBOC registration number names one registration, and a bureau's notice number one notice of its district:
    one already on another loan is a typing mistake, refused before anything is placed."""
    others = Loan.objects.exclude(pk=loan.pk)
    if others.filter(registration_no=registration_no).exists():
        raise field_error("registration_no", _("This PBOC registration number is already recorded for another loan."))
    district = loan.enterprise.jurisdiction_id
    if others.filter(notice_no=notice_no, enterprise__jurisdiction_id=district).exists():
        raise field_error("notice_no", _("This notice number is already used for another pledge in the district."))


def _place(user: Any, loan: Loan, quantity: int, purpose: str, key: str | None, registration_no: str = "",
           notice_no: str = "") -> str:  # fmt: skip
    """A registry hold of kind pledge in the bank's favour; the registry refuses what is not free."""
    account = registry.holding_account(loan.enterprise)
    refs = {"loan": loan.ref, "pboc_registration": registration_no, "notice": notice_no}
    result = registry.place_hold(user, account.pk, loan.instrument_code, quantity, "pledge", pledgee_id=loan.bank_id,
                                 references=refs, reason=str(_("Allowance pledge loan %(ref)s") % {"ref": loan.ref}),
                                 key=idempotency.registry_key(loan.ref, f"hold-{purpose}", key))  # fmt: skip
    Pledge.objects.create(loan=loan, hold_ref=result["hold_ref"], instrument_code=loan.instrument_code,
                          quantity_t=quantity, purpose=purpose)  # fmt: skip
    return result["hold_ref"]


def _add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    from calendar import monthrange

    return date(year, month, min(day.day, monthrange(year, month)[1]))


def disburse(user: Any, loan_id: int, on: date | None = None, key: str | None = None) -> dict:
    on = on or timezone.localdate()

    def work() -> dict:
        loan = load(user, loan_id)
        step(user, loan, "disburse", details={"amount_fen": loan.amount_fen, "on": on.isoformat()})
        loan.principal_fen, loan.disbursed_on, loan.interest_from = loan.amount_fen, on, on
        loan.maturity_on = _add_months(on, loan.term_months)
        loan._history_user = user
        loan.save()
        return {"loan_id": loan.pk, "state": loan.state, "principal_fen": loan.principal_fen}

    return idempotency.run(user, "disburse", {"loan": loan_id, "on": on.isoformat()}, key, work)


def decline(user: Any, loan_id: int, reason: str) -> Loan:
    return _end(user, loan_id, "decline", reason)


def withdraw(user: Any, loan_id: int, reason: str = "") -> Loan:
    return _end(user, loan_id, "withdraw", reason)


def _end(user: Any, loan_id: int, action: str, reason: str) -> Loan:
    if action == "decline" and not (reason or "").strip():
        raise field_error("reason", _("Give a reason."))
    with transaction.atomic():
        loan = load(user, loan_id)
        step(user, loan, action, reason=reason or "")
    return loan

