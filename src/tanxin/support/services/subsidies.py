"""Financing subsidies as a scheme of the support fund: the same scheme, formal check, publicity and
disbursement, with the award computed from each claim's financing cost instead of expert scores.

Flow: the bureau creates and opens a ``financing_subsidy`` scheme (cap per firm per year, share, years); an
enterprise claims with its loans' facts filled in by the module that recorded them (``FinancedLoan``: the
finance modules above support pass them in, support never reads their tables) and the evidence (contract,
settlement certificate, pledge notice for a pledge loan); it submits (``applications.submit``); the bureau
does the formal check (``applications.formal_check``), closes the window and builds the result here (award =
the computed share within the caps, cut in proportion if the budget is short); then ``results.approve``,
``start_publicity``, ``finalise`` and ``disburse`` exactly as for the fund.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tanxin.common import errors
from tanxin.common.errors import DomainError, NotFound, field_error
from tanxin.support.domain import subsidy
from tanxin.support.domain.subsidy import ClaimedPeriod, FinancedLoan
from tanxin.support.domain.workflow import ApplicationStatus, Guard, SchemeStatus
from tanxin.support.models import Application, Award, EvidenceFile, FinancingClaim, Scheme
from tanxin.support.services import applications, schemes
from tanxin.support.services._common import bureau_role, move_application, move_scheme, scheme_for
from tanxin.web.storage import store_once

A, S = ApplicationStatus, SchemeStatus
KIND = "financing_subsidy"
LIVE = (A.DRAFT, A.SUBMITTED, A.RETURNED, A.COMPLETE, A.UNDER_REVIEW, A.SCORED, A.AWARDED)
MESSAGES = {
    "no_loans": gettext_lazy("Choose at least one loan to claim for."),
    "not_green": gettext_lazy("Loan %(loan)s is not green-eligible: its money is not tagged to a green project or "
                              "retrofit."),
    "bad_period": gettext_lazy("The interest period of loan %(loan)s is empty."),
    "no_cost": gettext_lazy("Loan %(loan)s has no financing cost in this period."),
    "duplicate_period": gettext_lazy("Loan %(loan)s was already claimed for this interest period."),
    "years_exhausted": gettext_lazy("Loan %(loan)s has been subsidised for the %(years)s years the scheme allows."),
    "cap_used": gettext_lazy("The enterprise's subsidy cap for this year is used up."),
    "above_cap": gettext_lazy("The amount asked is above the cap: at most %(left)s CNY remain this year."),
    "evidence_missing": gettext_lazy("Attach the evidence: %(kinds)s."),
}
EVIDENCE_LABELS = {
    "contract": gettext_lazy("Loan contract"),
    "settlement": gettext_lazy("Interest settlement certificate"),
    "pledge_notice": gettext_lazy("Pledge notice"),
}


def translate(exc: DomainError) -> DomainError:
    values = dict(exc.details or {}) if isinstance(exc.details, dict) else {}
    if "left_fen" in values:
        values["left"] = f"{values['left_fen'] // 100:,}.{values['left_fen'] % 100:02d}"
    return errors.translate(exc, MESSAGES, values=values)


def is_subsidy(scheme: Scheme) -> bool:
    return scheme.kind == KIND


@transaction.atomic
def create_subsidy_scheme(user: Any, data: dict[str, Any], *, share_ppm: int = subsidy.SHARE_PPM,
                          years: int = subsidy.YEARS) -> Scheme:  # fmt: skip
    """A financing-subsidy scheme: ``data`` as for ``schemes.create_scheme`` (cap_fen is the cap per firm and
    year, default 1,000,000 CNY)."""
    if not 0 < share_ppm <= 1_000_000:
        raise field_error("subsidy_share_ppm", _("The share lies between 0 and 100 %."))
    if not 1 <= years <= 10:
        raise field_error("subsidy_years", _("A loan may be subsidised for 1 to 10 years."))
    scheme = schemes.create_scheme(user, {"cap_fen": subsidy.CAP_PER_YEAR_FEN, **data})
    scheme.kind, scheme.subsidy_share_ppm, scheme.subsidy_years = KIND, share_ppm, years
    scheme._history_user = user
    scheme.save(update_fields=["kind", "subsidy_share_ppm", "subsidy_years"])
    return scheme


@transaction.atomic
def open_subsidy_scheme(user: Any, scheme_id: int, at: datetime | None = None) -> Scheme:
    """Open for claims. A subsidy scheme has no criteria tree: its validity is share, cap and years."""
    scheme = scheme_for(user, scheme_id, "change", lock=True)
    role = bureau_role(user, scheme)
    if not is_subsidy(scheme):
        raise NotFound(_("Scheme not found."))
    move_scheme(user, scheme, S.OPEN, role, guards=frozenset({Guard.CRITERIA_VALID}), at=at)
    return scheme


def earlier_periods(enterprise_id: int, exclude_app: int | None = None) -> list[ClaimedPeriod]:
    rows = (FinancingClaim.objects.filter(enterprise_id=enterprise_id, application__status__in=LIVE)
            .exclude(application_id=exclude_app).select_related("application__scheme"))  # fmt: skip
    return [ClaimedPeriod(r.loan_key, r.period_start, r.period_end, r.application.scheme.year) for r in rows]


def used_this_year(enterprise_id: int, year: int, exclude_app: int | None = None) -> int:
    """Subsidy already awarded to the enterprise by financing-subsidy schemes of the same year."""
    rows = Award.objects.filter(application__enterprise_id=enterprise_id, application__scheme__kind=KIND,
                                application__scheme__year=year).exclude(application_id=exclude_app)  # fmt: skip
    return rows.aggregate(s=Sum("amount_fen"))["s"] or 0


@transaction.atomic
def claim(user: Any, scheme_id: int, enterprise_id: int, lines: Sequence[FinancedLoan],
          evidence: dict[str, tuple[str, bytes]], requested_fen: int | None = None,
          at: datetime | None = None) -> Application:  # fmt: skip
    """Start a financing-subsidy application with its loans and evidence, all or nothing."""
    scheme = Scheme.objects.published().filter(pk=scheme_id, kind=KIND).first()
    if scheme is None:
        raise NotFound(_("Scheme not found."))
    try:
        subsidy.check_lines(lines, earlier_periods(enterprise_id), scheme.year, scheme.subsidy_years)
        amount = subsidy.claim_amount(lines, scheme.subsidy_share_ppm, scheme.cap_fen,
                                      used_this_year(enterprise_id, scheme.year), requested_fen)  # fmt: skip
    except DomainError as exc:
        raise translate(exc) from exc
    missing = [k for k in subsidy.required_evidence(lines) if k not in evidence]
    if missing:
        kinds = "、".join(str(EVIDENCE_LABELS[k]) for k in missing)
        raise DomainError(MESSAGES["evidence_missing"] % {"kinds": kinds}, code="evidence_missing",
                          details={"evidence": [str(MESSAGES["evidence_missing"] % {"kinds": kinds})]})  # fmt: skip
    checked = {k: (name, content, applications.evidence_content_type(content))
               for k, (name, content) in evidence.items() if k in subsidy.EVIDENCE_KINDS}  # fmt: skip
    summary = "; ".join(f"{x.ref} {x.lender}" for x in lines)[:4000]
    app = applications.start_application(user, scheme.pk, enterprise_id, at, requested_fen=amount.amount_fen,
                                         project_summary=summary)  # fmt: skip
    share = {x.key: x.cost_fen * scheme.subsidy_share_ppm // 1_000_000 for x in lines}
    for x in lines:
        row = FinancingClaim(application=app, enterprise_id=enterprise_id, loan_key=x.key, loan_ref=x.ref[:40],
                             lender=x.lender[:200], principal_fen=x.principal_fen, rate_ppm=x.rate_ppm, pledge=x.pledge,
                             period_start=x.period_start, period_end=x.period_end, interest_fen=x.interest_fen,
                             fee_fen=x.fee_fen, share_fen=share[x.key])  # fmt: skip
        row._history_user = user
        row.save()
    for kind, (name, content, content_type) in checked.items():
        digest, blob = store_once("support/evidence", content)
        EvidenceFile.objects.create(application=app, item_code=kind, sha256=digest, name=name[:200], size=len(content),
                                    content_type=content_type, blob=blob, uploaded_by=user)  # fmt: skip
    return app


@transaction.atomic
def build_subsidy_result(user: Any, scheme_id: int, at: datetime | None = None) -> list[Award]:
    """Close the review of a subsidy scheme: every complete claim gets its computed amount as its award (within
    the cap; cut in proportion when the budget is short). Then approve and publish as for the fund."""
    scheme = scheme_for(user, scheme_id, "manage", lock=True)
    role = bureau_role(user, scheme)
    if not is_subsidy(scheme):
        raise NotFound(_("Scheme not found."))
    if scheme.status == S.CLOSED:
        move_scheme(user, scheme, S.REVIEWING, role, at=at)
    move_scheme(user, scheme, S.RESULT_DRAFT, role, at=at)
    apps = list(scheme.applications.filter(status=A.COMPLETE).order_by("submitted_at", "pk"))
    for app in apps:
        move_application(user, app, A.UNDER_REVIEW, role, at=at)
        move_application(user, app, A.SCORED, role, at=at)
    # What each claim may get: its computed share, never above what it asked nor the cap.
    shares = dict(FinancingClaim.objects.filter(application__in=apps).values_list("application_id")
                  .annotate(s=Sum("share_fen")))  # fmt: skip
    asked = {str(a.pk): min(shares.get(a.pk, 0), a.requested_fen or 0, scheme.cap_fen) for a in apps}
    granted = subsidy.scale_to_budget(asked, scheme.budget_fen)
    Award.objects.filter(application__scheme=scheme).delete()
    awards = []
    for rank, app in enumerate(apps, start=1):
        amount = granted[str(app.pk)]
        app.rank, app.rank_decided_by = rank, "submitted_at"
        app.save(update_fields=["rank", "rank_decided_by"])
        awards.append(Award.objects.create(application=app, rank=rank, draft_fen=amount, amount_fen=amount,
                                           cap_fen=scheme.cap_fen, basis="financing_cost",
                                           scaled=amount < asked[str(app.pk)], capped=False))  # fmt: skip
    return awards


@dataclass(frozen=True)
class OpenScheme:
    id: int
    title: str
    year: int
    cap_fen: int
    share_ppm: int


def open_schemes(jurisdiction_ids: set[int] | None = None) -> list[OpenScheme]:
    """Financing-subsidy schemes open for claims now (for the modules that prepare a claim)."""
    qs = Scheme.objects.published().filter(kind=KIND, status=S.OPEN).order_by("-year", "pk")
    if jurisdiction_ids is not None:
        qs = qs.filter(jurisdiction_id__in=jurisdiction_ids)
    return [OpenScheme(s.pk, s.title, s.year, s.cap_fen, s.subsidy_share_ppm) for s in qs]
